import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Actor } from "~/domain/accounts/accounts.server";
import { DomainError } from "~/domain/errors";
import type { PrismaClient } from "~/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/database";
import { actorFor, createAchievement, createMember, createOrg } from "../../../tests/helpers/factories";
import { expressInterest } from "../interests/interests.server";
import {
  agreeToShareContacts,
  contactsFor,
  listConversations,
  listMessages,
  markConversationRead,
  openConversation,
  openMessageAttachment,
  postMessage,
  totalUnreadMessages,
  unreadCounts,
} from "./conversations.server";
import { MESSAGE_ATTACHMENT_BYTES } from "./limits";

let database: TestDatabase;
let db: PrismaClient;
let uploadsDir: string;
let supplier: Actor;
let demander: Actor;
let broker: Actor;
let brokerColleague: Actor;
let outsider: Actor;
let interestParty: Actor;
let dealId: string;
let otherDealId: string;
let interestId: string;

async function status(promise: Promise<unknown>): Promise<number | "ok"> {
  return promise.then(
    () => "ok" as const,
    (error: unknown) => {
      if (error instanceof DomainError) return error.status;
      throw error;
    },
  );
}

function tempFile(name: string, content: Buffer): { filePath: string; fileName: string; size: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "susong-msg-"));
  const filePath = path.join(dir, "upload.part");
  fs.writeFileSync(filePath, content);
  return { filePath, fileName: name, size: content.length };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), "susong-uploads-"));
  const supplierOrg = await createOrg(db, "UNIVERSITY");
  const demandOrg = await createOrg(db, "ENTERPRISE");
  const brokerOrg = await createOrg(db, "BROKER_AGENCY");
  supplier = await actorFor(db, (await createMember(db, supplierOrg.id, "TTO")).id);
  demander = await actorFor(db, (await createMember(db, demandOrg.id, "ENTERPRISE")).id);
  broker = await actorFor(db, (await createMember(db, brokerOrg.id, "BROKER")).id);
  brokerColleague = await actorFor(db, (await createMember(db, brokerOrg.id, "BROKER")).id);
  outsider = await actorFor(db, (await createMember(db, (await createOrg(db, "ENTERPRISE")).id, "ENTERPRISE")).id);
  const deal = await db.deal.create({ data: { reference: "SX-TEST-00001", title: "钙钛矿电池许可", supplierOrgId: supplierOrg.id, demandOrgId: demandOrg.id, brokerOrgId: brokerOrg.id, brokerUserId: broker.id, origin: "manual" } });
  dealId = deal.id;
  // Another deal, between the outsider and the supplier: the demander is no party to it.
  const other = await db.deal.create({ data: { reference: "SX-TEST-00002", title: "另一个项目", supplierOrgId: supplierOrg.id, demandOrgId: outsider.memberships[0]?.organizationId ?? "", origin: "manual" } });
  otherDealId = other.id;
  const achievement = await createAchievement(db, supplierOrg.id);
  interestParty = await actorFor(db, (await createMember(db, (await createOrg(db, "ENTERPRISE")).id, "ENTERPRISE")).id);
  interestId = (await expressInterest(db, interestParty, { listingKind: "achievement", listingId: achievement.id, message: "想谈谈" })).id;
});
afterAll(async () => {
  await database?.dispose();
  if (uploadsDir) fs.rmSync(uploadsDir, { recursive: true, force: true });
});

test("only the deal's parties and its broker take part; another deal's party reads nothing", async () => {
  const { id } = await openConversation(db, demander, "deal", dealId);
  expect((await openConversation(db, broker, "deal", dealId)).id).toBe(id);
  expect((await openConversation(db, brokerColleague, "deal", dealId)).id).toBe(id);
  await postMessage(db, supplier, id, { body: "欢迎来谈" });
  expect(await status(openConversation(db, outsider, "deal", dealId))).toBe(404);
  expect(await status(listMessages(db, outsider, id))).toBe(404);
  expect(await status(postMessage(db, outsider, id, { body: "我也来" }))).toBe(404);
  expect(await status(markConversationRead(db, outsider, id))).toBe(404);
  // The demander of this deal is no party to the other one.
  const other = await openConversation(db, outsider, "deal", otherDealId);
  expect(await status(listMessages(db, demander, other.id))).toBe(404);
  expect(await status(openConversation(db, demander, "interest", interestId))).toBe(404);
  expect((await listConversations(db, demander, 1)).items.map((c) => c.id)).toEqual([id]);
});

test("unread counts per user: the sender has none, others count until they read", async () => {
  const { id } = await openConversation(db, interestParty, "interest", interestId);
  await postMessage(db, interestParty, id, { body: "第一条" });
  await postMessage(db, interestParty, id, { body: "第二条" });
  expect((await unreadCounts(db, interestParty.id, [id])).get(id)).toBe(0);
  expect((await unreadCounts(db, supplier.id, [id])).get(id)).toBe(2);
  expect(await db.notification.count({ where: { userId: supplier.id, topic: "message.new", entityId: id } })).toBe(2);
  await markConversationRead(db, supplier, id);
  expect((await unreadCounts(db, supplier.id, [id])).get(id)).toBe(0);
  await postMessage(db, supplier, id, { body: "收到" });
  expect((await unreadCounts(db, interestParty.id, [id])).get(id)).toBe(1);
  expect(await totalUnreadMessages(db, interestParty)).toBe(1);
});

test("history pages backwards from the newest message", async () => {
  const { id } = await openConversation(db, demander, "deal", dealId);
  for (let i = 0; i < 7; i += 1) await postMessage(db, demander, id, { body: `消息 ${i}` });
  const first = await listMessages(db, broker, id, { take: 3 });
  expect(first.messages.map((m) => m.body)).toEqual(["消息 4", "消息 5", "消息 6"]);
  expect(first.hasMore).toBe(true);
  const second = await listMessages(db, broker, id, { take: 3, before: first.oldestId });
  expect(second.messages.map((m) => m.body)).toEqual(["消息 1", "消息 2", "消息 3"]);
  const all = await listMessages(db, broker, id, { take: 100 });
  expect(all.hasMore).toBe(false);
  expect(all.messages.at(0)?.body).toBe("欢迎来谈");
  expect(await status(postMessage(db, demander, id, { body: "   " }))).toBe(400);
  expect(await status(postMessage(db, demander, id, { body: "长".repeat(5001) }))).toBe(400);
});

test("attachments: PDF or image by content, size-limited, downloaded by participants only", async () => {
  const { id } = await openConversation(db, demander, "deal", dealId);
  const sent = await postMessage(db, demander, id, { body: "技术方案", file: tempFile("方案.pdf", Buffer.from("%PDF-1.7\n1 0 obj\n")), uploadsDir });
  expect(sent.attachments).toEqual([{ index: 0, fileName: "方案.pdf", mimeType: "application/pdf", size: 17 }]);
  const file = await openMessageAttachment(db, broker, id, sent.id, 0, uploadsDir);
  expect(fs.readFileSync(file.filePath, "latin1")).toContain("%PDF-1.7");
  expect(await status(openMessageAttachment(db, outsider, id, sent.id, 0, uploadsDir))).toBe(404);
  expect(await status(openMessageAttachment(db, broker, id, sent.id, 1, uploadsDir))).toBe(404);
  // A script named .pdf is refused by its content; nothing is kept.
  const fake = tempFile("evil.pdf", Buffer.from("<script>alert(1)</script>"));
  expect(await status(postMessage(db, demander, id, { body: "", file: fake, uploadsDir }))).toBe(400);
  expect(fs.existsSync(fake.filePath)).toBe(false);
  const big = tempFile("big.png", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(MESSAGE_ATTACHMENT_BYTES)]));
  expect(await status(postMessage(db, demander, id, { body: "", file: big, uploadsDir }))).toBe(400);
  expect(fs.readdirSync(path.join(uploadsDir, "messages"))).toHaveLength(1);
});

test("deal contact details: hidden until supplier and demander agree; the broker then sees both sides", async () => {
  const { id } = await openConversation(db, demander, "deal", dealId);
  expect(await contactsFor(db, demander, id)).toEqual({ consent: { mine: false, theirs: false }, contacts: null });
  await agreeToShareContacts(db, demander, id);
  expect(await contactsFor(db, supplier, id)).toEqual({ consent: { mine: false, theirs: true }, contacts: null });
  expect(await status(agreeToShareContacts(db, broker, id))).toBe(403);
  expect(await status(agreeToShareContacts(db, outsider, id))).toBe(404);
  expect((await contactsFor(db, broker, id)).contacts).toBeNull();
  await agreeToShareContacts(db, supplier, id);
  expect((await contactsFor(db, demander, id)).contacts?.map((c) => c.email)).toEqual([supplier.email]);
  expect((await contactsFor(db, supplier, id)).contacts?.map((c) => c.email)).toEqual([demander.email]);
  expect((await contactsFor(db, broker, id)).contacts?.map((c) => c.email).sort()).toEqual([supplier.email, demander.email].sort());
  const deal = await db.deal.findUniqueOrThrow({ where: { id: dealId } });
  expect(deal.supplierContactOkAt).not.toBeNull();
  expect(deal.demandContactOkAt).not.toBeNull();
  expect(await db.auditEvent.count({ where: { action: "deal.contactConsent", entityId: dealId } })).toBe(2);
});
