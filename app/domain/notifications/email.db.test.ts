import { afterAll, beforeAll, expect, test } from "vitest";
import type { Actor } from "~/domain/accounts/accounts.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/database";
import { actorFor, createAchievement, createMember, createOrg } from "../../../tests/helpers/factories";
import { startSmtpCapture } from "../../../tests/helpers/smtp";
import { answerInterest, expressInterest } from "../interests/interests.server";
import { openConversation, postMessage } from "../messaging/conversations.server";
import { createEmailDispatcher, type EmailDispatcher, emailTopicsOf, setEmailDispatcher } from "./email.server";
import { notify, pushNotifications, saveEmailTopics } from "./notifications.server";
import { defaultEmailTopics } from "./topics";

let database: TestDatabase;
let db: PrismaClient;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
let mailer: EmailDispatcher;
let owner: Actor;
let buyer: Actor;
let ownerOrgId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  // notify(undefined, …) writes through the process's database (getPrisma): here, the test database.
  (globalThis as { __susongDatabase?: Promise<unknown> }).__susongDatabase = Promise.resolve(database);
  smtp = await startSmtpCapture();
  mailer = createEmailDispatcher(db, { smtpUrl: smtp.url, from: "Susong <no-reply@susong.example>", baseUrl: "https://susong.example" });
  setEmailDispatcher(mailer);
  ownerOrgId = (await createOrg(db, "UNIVERSITY")).id;
  owner = await actorFor(db, (await createMember(db, ownerOrgId, "TTO")).id);
  const buyerUser = await createMember(db, (await createOrg(db, "ENTERPRISE")).id, "ENTERPRISE");
  await db.user.update({ where: { id: buyerUser.id }, data: { locale: "en" } });
  buyer = await actorFor(db, buyerUser.id);
});
afterAll(async () => {
  setEmailDispatcher(undefined);
  (globalThis as { __susongDatabase?: Promise<unknown> }).__susongDatabase = undefined;
  mailer?.close();
  await smtp?.close();
  await database?.dispose();
});

const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email));

test("an interest and its answer reach the other side by email, in each recipient's language, with user content inert", async () => {
  const listing = await createAchievement(db, ownerOrgId, { title: "钙钛矿电池 & <封装>" });
  const interest = await expressInterest(db, buyer, { listingKind: "achievement", listingId: listing.id, message: '<img src=x onerror="alert(1)"> 想了解许可' });
  await mailer.flush();
  const [received] = mailsTo(owner.email);
  expect(received?.subject).toContain("表达了合作意向");
  expect(received?.subject).toContain("钙钛矿电池 & <封装>");
  expect(received?.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; 想了解许可");
  expect(received?.html).not.toContain("<img");
  expect(received?.html).toContain(`href="https://susong.example/interests/${interest.id}"`);
  expect(received?.text).toContain('<img src=x onerror="alert(1)"> 想了解许可');

  await answerInterest(db, owner, interest.id, { code: "OTHER", note: "<b>请先签保密协议</b>" });
  await mailer.flush();
  const [answer] = mailsTo(buyer.email);
  expect(answer?.subject).toMatch(/^\[Susong Exchange\] .* answered your interest in “钙钛矿电池 & <封装>”: Other$/);
  expect(answer?.html).toContain("&lt;b&gt;请先签保密协议&lt;/b&gt;");
  expect(answer?.html).toContain('lang="en"');
});

test("preferences choose which topics also go by email; the notification centre gets everything", async () => {
  expect(await emailTopicsOf(db, owner.id)).toEqual([...defaultEmailTopics]);
  await saveEmailTopics(db, owner.id, ["message", "not-a-topic"]);
  expect(await emailTopicsOf(db, owner.id)).toEqual(["message"]);
  expect(await db.auditEvent.count({ where: { action: "notifications.preferences", entityId: owner.id } })).toBe(1);
  const before = smtp.mails.length;

  const listing = await createAchievement(db, ownerOrgId);
  const other = await actorFor(db, (await createMember(db, (await createOrg(db, "ENTERPRISE")).id, "ENTERPRISE")).id);
  const interest = await expressInterest(db, other, { listingKind: "achievement", listingId: listing.id, message: "你好" });
  await mailer.flush();
  expect(mailsTo(owner.email)).toHaveLength(1);
  expect(await db.notification.count({ where: { userId: owner.id, entityId: interest.id } })).toBe(1);

  // Messages are not emailed by default, but the owner chose them.
  const conversation = await openConversation(db, other, "interest", interest.id);
  await postMessage(db, other, conversation.id, { body: "方便周三见面吗？" });
  await mailer.flush();
  expect(smtp.mails.length).toBe(before + 1);
  expect(mailsTo(owner.email).at(-1)?.subject).toContain("发来新消息");
  expect(mailsTo(owner.email).at(-1)?.text).toContain("方便周三见面吗？");
});

test("notify(): other modules' events (a stalled deal) are stored, and emailed per the default preferences", async () => {
  const user = await createMember(db, ownerOrgId, "TTO");
  await notify(undefined, user.id, "deal.stalled", { title: "钙钛矿许可项目", days: 14 }, "/deals/d1", { type: "deal", id: "d1" });
  await mailer.flush();
  const [mail] = mailsTo(user.email);
  expect(mail?.subject).toBe("[苏颂交易平台] 撮合项目“钙钛矿许可项目”已 14 天没有进展");
  expect(await db.notification.count({ where: { userId: user.id, topic: "deal.stalled", link: "/deals/d1" } })).toBe(1);

  // Inside a transaction nothing is delivered until the caller pushes after the commit.
  const inTx = await db.$transaction((tx) => notify(tx, user.id, "deal.stalled", { title: "事务内", days: 3 }, null));
  await mailer.flush();
  expect(mailsTo(user.email)).toHaveLength(1);
  pushNotifications([inTx]);
  await mailer.flush();
  expect(mailsTo(user.email).at(-1)?.subject).toContain("事务内");
});

test("without SMTP (no dispatcher) email is off and notifications are still stored", async () => {
  setEmailDispatcher(undefined);
  try {
    const user = await createMember(db, ownerOrgId, "TTO");
    const before = smtp.mails.length;
    await notify(undefined, user.id, "application.outcome", { summary: "申报结果" }, null);
    expect(await db.notification.count({ where: { userId: user.id } })).toBe(1);
    expect(smtp.mails.length).toBe(before);
  } finally {
    setEmailDispatcher(mailer);
  }
});
