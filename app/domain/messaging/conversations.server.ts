import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { isRecordId } from "../record-ids";
import { consentToContact, contactsOf, type Contact } from "../interests/interests.server";
import { attachmentTypes, sanitizeAttachmentName, SNIFF_BYTES, sniffAttachmentType } from "../listings/attachment-files";
import { type NewNotification, pushNotifications, recordNotifications } from "../notifications/notifications.server";
import { topics } from "../notifications/topics";
import { publishConversationMessage } from "./live.server";

export type SubjectKind = "interest" | "deal";
import { CONVERSATIONS_PAGE_SIZE, MESSAGE_ATTACHMENT_BYTES, MESSAGE_ATTACHMENT_MB, MESSAGE_MAX, MESSAGES_PAGE_SIZE } from "./limits";
import { readHead } from "~/utils/uploads.server";

export const messageBodySchema = z.string().trim().max(MESSAGE_MAX, { message: "validation.tooLong" });

export type MessageAttachment = { fileName: string; mimeType: string; size: number; storageKey: string };

/** Who takes part: the two organizations (and, for a deal, the broker agency and broker), each party org on a side. */
export type Parties = { subjectKind: SubjectKind; subjectId: string; title: string; link: string; sides: { side: "a" | "b"; orgId: string }[]; brokerOrgId: string | null; brokerUserId: string | null };

export async function partiesOf(db: PrismaClient, subjectKind: SubjectKind, subjectId: string): Promise<Parties | null> {
  if (!isRecordId(subjectId)) return null;
  if (subjectKind === "interest") {
    const interest = await db.interest.findUnique({ where: { id: subjectId }, select: { fromOrgId: true, toOrgId: true, listingKind: true, listingId: true } });
    if (!interest) return null;
    const select = { title: true } as const;
    const listing = interest.listingKind === "achievement" ? await db.achievement.findUnique({ where: { id: interest.listingId }, select }) : await db.need.findUnique({ where: { id: interest.listingId }, select });
    return {
      subjectKind,
      subjectId,
      title: listing?.title ?? "",
      link: `/interests/${subjectId}`,
      sides: [
        { side: "a", orgId: interest.fromOrgId },
        { side: "b", orgId: interest.toOrgId },
      ],
      brokerOrgId: null,
      brokerUserId: null,
    };
  }
  const deal = await db.deal.findUnique({ where: { id: subjectId }, select: { title: true, supplierOrgId: true, demandOrgId: true, brokerOrgId: true, brokerUserId: true } });
  if (!deal) return null;
  return {
    subjectKind,
    subjectId,
    title: deal.title,
    link: `/deals/${subjectId}`,
    sides: [
      { side: "a", orgId: deal.supplierOrgId },
      { side: "b", orgId: deal.demandOrgId },
    ],
    brokerOrgId: deal.brokerOrgId,
    brokerUserId: deal.brokerUserId,
  };
}

/** Decided on the server: a party organization's active member, the deal's broker, or a member of its broker agency. */
export function roleIn(actor: Actor, parties: Parties): { side: "a" | "b" | null; orgId: string | null } | null {
  const orgIds = new Set(actor.memberships.map((m) => m.organizationId));
  const party = parties.sides.find((s) => orgIds.has(s.orgId));
  if (party) return { side: party.side, orgId: party.orgId };
  if (parties.brokerUserId === actor.id) return { side: null, orgId: parties.brokerOrgId };
  if (parties.brokerOrgId && orgIds.has(parties.brokerOrgId)) return { side: null, orgId: parties.brokerOrgId };
  return null;
}

/** The conversation about a subject the actor takes part in (created on first use); strangers get 404. */
export async function openConversation(db: PrismaClient, actor: Actor, subjectKind: SubjectKind, subjectId: string): Promise<{ id: string }> {
  const parties = await partiesOf(db, subjectKind, subjectId);
  if (!parties || !roleIn(actor, parties)) throw new DomainError("error.notFound.body", 404);
  return db.conversation.upsert({ where: { subjectKind_subjectId: { subjectKind, subjectId } }, create: { subjectKind, subjectId }, update: {}, select: { id: true } });
}

/** Whether the actor takes part in the conversation about this interest or deal (it may not exist yet). */
export async function takesPart(db: PrismaClient, actor: Actor, subjectKind: SubjectKind, subjectId: string): Promise<boolean> {
  const parties = await partiesOf(db, subjectKind, subjectId);
  return parties !== null && roleIn(actor, parties) !== null;
}

/** The conversation and the actor's place in it, or a 404 for anyone who does not take part. */
export async function requireParticipant(db: PrismaClient, actor: Actor, conversationId: string) {
  if (!isRecordId(conversationId)) throw new DomainError("error.notFound.body", 404);
  const conversation = await db.conversation.findUnique({ where: { id: conversationId }, select: { id: true, subjectKind: true, subjectId: true, lastMessageAt: true } });
  const parties = conversation ? await partiesOf(db, conversation.subjectKind as SubjectKind, conversation.subjectId) : null;
  const role = parties ? roleIn(actor, parties) : null;
  if (!conversation || !parties || !role) throw new DomainError("error.notFound.body", 404);
  return { conversation, parties, role };
}

/** Every user who takes part: active members of the party organizations, the broker agency, and the broker. */
async function participantIds(db: PrismaClient | Prisma.TransactionClient, parties: Parties): Promise<string[]> {
  const orgIds = [...parties.sides.map((s) => s.orgId), ...(parties.brokerOrgId ? [parties.brokerOrgId] : [])];
  const members = await db.membership.findMany({ where: { organizationId: { in: orgIds }, status: "ACTIVE", user: { status: "ACTIVE" } }, select: { userId: true } });
  return [...new Set([...members.map((m) => m.userId), ...(parties.brokerUserId ? [parties.brokerUserId] : [])])];
}

export type MessageView = { id: string; conversationId: string; senderId: string; senderName: string; senderOrgId: string | null; body: string; attachments: { index: number; fileName: string; mimeType: string; size: number }[]; createdAt: string };

function attachmentsOf(value: Prisma.JsonValue): MessageAttachment[] {
  const parsed = z.array(z.object({ fileName: z.string(), mimeType: z.string(), size: z.number(), storageKey: z.string() })).safeParse(value);
  return parsed.success ? parsed.data : [];
}

function viewOf(message: { id: string; conversationId: string; senderId: string; senderOrgId: string | null; body: string; attachments: Prisma.JsonValue; createdAt: Date }, senderName: string): MessageView {
  return {
    id: message.id,
    conversationId: message.conversationId,
    senderId: message.senderId,
    senderName,
    senderOrgId: message.senderOrgId,
    body: message.body,
    // The storage key never leaves the server: downloads go through the gated route by index.
    attachments: attachmentsOf(message.attachments).map((a, index) => ({ index, fileName: a.fileName, mimeType: a.mimeType, size: a.size })),
    createdAt: message.createdAt.toISOString(),
  };
}

export const messageDir = (uploadsDir: string) => path.join(uploadsDir, "messages");

/**
 * Sends a message (text, and at most one PDF/image attachment, sniffed and size-limited). One
 * transaction: the message, the conversation's time, the sender's read mark and the other
 * participants' notifications; then, after the commit, the live broadcast and notifications.
 */
export async function postMessage(
  db: PrismaClient,
  actor: Actor,
  conversationId: string,
  input: { body: string; file?: { filePath: string; fileName: string; size: number } | null; uploadsDir?: string },
): Promise<MessageView> {
  let stored: string | null = null;
  try {
    const { parties, role } = await requireParticipant(db, actor, conversationId);
    const body = messageBodySchema.safeParse(input.body);
    if (!body.success) throw new DomainError("validation.tooLong", 400, "body", { max: MESSAGE_MAX });
    const attachments: MessageAttachment[] = [];
    if (input.file) {
      if (!input.uploadsDir) throw new Error("uploadsDir is required with a file");
      if (input.file.size === 0) throw new DomainError("attachments.error.empty", 400, "file");
      if (input.file.size > MESSAGE_ATTACHMENT_BYTES) throw new DomainError("attachments.error.size", 400, "file", { mb: MESSAGE_ATTACHMENT_MB });
      const type = sniffAttachmentType(readHead(input.file.filePath, SNIFF_BYTES));
      if (!type) throw new DomainError("attachments.error.type", 400, "file");
      const storageKey = crypto.randomBytes(16).toString("hex");
      fs.mkdirSync(messageDir(input.uploadsDir), { recursive: true });
      stored = path.join(messageDir(input.uploadsDir), storageKey);
      fs.renameSync(input.file.filePath, stored);
      attachments.push({ fileName: sanitizeAttachmentName(input.file.fileName, type), mimeType: attachmentTypes[type].mimeType, size: input.file.size, storageKey });
    }
    if (body.data === "" && attachments.length === 0) throw new DomainError("validation.required", 400, "body");
    const notifications: NewNotification[] = [];
    const message = await db.$transaction(async (tx) => {
      const created = await tx.message.create({
        data: { conversationId, senderId: actor.id, senderOrgId: role.orgId, body: body.data, attachments },
        select: { id: true, conversationId: true, senderId: true, senderOrgId: true, body: true, attachments: true, createdAt: true },
      });
      await tx.conversation.update({ where: { id: conversationId }, data: { lastMessageAt: created.createdAt } });
      await tx.conversationRead.upsert({
        where: { conversationId_userId: { conversationId, userId: actor.id } },
        create: { conversationId, userId: actor.id, lastReadAt: created.createdAt },
        update: { lastReadAt: created.createdAt },
      });
      const excerpt = body.data.length > 140 ? `${body.data.slice(0, 140)}…` : body.data;
      for (const userId of await participantIds(tx, parties)) {
        if (userId === actor.id) continue;
        notifications.push({ userId, topic: topics.messageNew, entityType: "conversation", entityId: conversationId, link: `/conversations/${conversationId}`, data: { senderName: actor.name, title: parties.title, excerpt } });
      }
      await recordNotifications(tx, notifications);
      return created;
    });
    stored = null;
    const view = viewOf(message, actor.name);
    publishConversationMessage(conversationId, view);
    pushNotifications(notifications);
    return view;
  } finally {
    if (input.file) fs.rmSync(input.file.filePath, { force: true });
    if (stored) fs.rmSync(stored, { force: true });
  }
}


/** History, newest page first: `before` is a message id; messages come back oldest first within the page. */
export async function listMessages(db: PrismaClient, actor: Actor, conversationId: string, options: { before?: string | null; take?: number } = {}) {
  await requireParticipant(db, actor, conversationId);
  const take = Math.min(Math.max(options.take ?? MESSAGES_PAGE_SIZE, 1), 100);
  const cursor = options.before ? await db.message.findFirst({ where: { id: options.before, conversationId }, select: { id: true, createdAt: true } }) : null;
  const rows = await db.message.findMany({
    where: { conversationId, ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    select: { id: true, conversationId: true, senderId: true, senderOrgId: true, body: true, attachments: true, createdAt: true },
  });
  const hasMore = rows.length > take;
  const page = rows.slice(0, take).reverse();
  const senders = await db.user.findMany({ where: { id: { in: [...new Set(page.map((m) => m.senderId))] } }, select: { id: true, name: true } });
  const names = new Map(senders.map((s) => [s.id, s.name]));
  return { messages: page.map((m) => viewOf(m, names.get(m.senderId) ?? "")), hasMore, oldestId: page[0]?.id ?? null };
}

/** Marks the conversation read up to now for the actor. */
export async function markConversationRead(db: PrismaClient, actor: Actor, conversationId: string): Promise<void> {
  await requireParticipant(db, actor, conversationId);
  const now = new Date();
  await db.conversationRead.upsert({ where: { conversationId_userId: { conversationId, userId: actor.id } }, create: { conversationId, userId: actor.id, lastReadAt: now }, update: { lastReadAt: now } });
}

/** Messages from others since the user last read each conversation. */
export async function unreadCounts(db: PrismaClient, userId: string, conversationIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (conversationIds.length === 0) return counts;
  const reads = await db.conversationRead.findMany({ where: { userId, conversationId: { in: [...conversationIds] } }, select: { conversationId: true, lastReadAt: true } });
  const readAt = new Map(reads.map((r) => [r.conversationId, r.lastReadAt]));
  await Promise.all(
    conversationIds.map(async (id) => {
      const since = readAt.get(id);
      counts.set(id, await db.message.count({ where: { conversationId: id, senderId: { not: userId }, ...(since ? { createdAt: { gt: since } } : {}) } }));
    }),
  );
  return counts;
}

/** The subjects (interests and deals) the actor takes part in. */
async function subjectsOf(db: PrismaClient, actor: Actor) {
  const orgIds = actor.memberships.map((m) => m.organizationId);
  const [interests, deals] = await Promise.all([
    db.interest.findMany({ where: { OR: [{ fromOrgId: { in: orgIds } }, { toOrgId: { in: orgIds } }] }, select: { id: true } }),
    db.deal.findMany({ where: { OR: [{ supplierOrgId: { in: orgIds } }, { demandOrgId: { in: orgIds } }, { brokerOrgId: { in: orgIds } }, { brokerUserId: actor.id }] }, select: { id: true } }),
  ]);
  return { interestIds: interests.map((i) => i.id), dealIds: deals.map((d) => d.id) };
}

/** The actor's conversations, latest activity first, with unread counts; paginated. */
export async function listConversations(db: PrismaClient, actor: Actor, page: number) {
  const { interestIds, dealIds } = await subjectsOf(db, actor);
  const where = { OR: [{ subjectKind: "interest", subjectId: { in: interestIds } }, { subjectKind: "deal", subjectId: { in: dealIds } }] };
  const current = Math.max(1, Math.floor(page));
  const [total, rows] = await Promise.all([
    db.conversation.count({ where }),
    db.conversation.findMany({
      where,
      orderBy: [{ lastMessageAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
      skip: (current - 1) * CONVERSATIONS_PAGE_SIZE,
      take: CONVERSATIONS_PAGE_SIZE,
      select: { id: true, subjectKind: true, subjectId: true, lastMessageAt: true },
    }),
  ]);
  const unread = await unreadCounts(db, actor.id, rows.map((r) => r.id));
  const items = await Promise.all(
    rows.map(async (row) => {
      const parties = await partiesOf(db, row.subjectKind as SubjectKind, row.subjectId);
      return { ...row, title: parties?.title ?? "", unread: unread.get(row.id) ?? 0 };
    }),
  );
  return { items, total, page: current, pages: Math.max(1, Math.ceil(total / CONVERSATIONS_PAGE_SIZE)) };
}

/** Total unread messages over all of the actor's conversations (the badge). */
export async function totalUnreadMessages(db: PrismaClient, actor: Actor): Promise<number> {
  const { interestIds, dealIds } = await subjectsOf(db, actor);
  const conversations = await db.conversation.findMany({ where: { OR: [{ subjectKind: "interest", subjectId: { in: interestIds } }, { subjectKind: "deal", subjectId: { in: dealIds } }] }, select: { id: true } });
  const counts = await unreadCounts(db, actor.id, conversations.map((c) => c.id));
  return [...counts.values()].reduce((sum, n) => sum + n, 0);
}

/** Consent of each side, stored on the interest or the deal. */
async function consentState(db: PrismaClient, parties: Parties): Promise<{ a: boolean; b: boolean }> {
  if (parties.subjectKind === "interest") {
    const i = await db.interest.findUnique({ where: { id: parties.subjectId }, select: { fromContactOkAt: true, toContactOkAt: true } });
    return { a: Boolean(i?.fromContactOkAt), b: Boolean(i?.toContactOkAt) };
  }
  const d = await db.deal.findUnique({ where: { id: parties.subjectId }, select: { supplierContactOkAt: true, demandContactOkAt: true } });
  return { a: Boolean(d?.supplierContactOkAt), b: Boolean(d?.demandContactOkAt) };
}

/** A party side agrees to show its contact details (the broker has no side and nothing to agree). Audited. */
export async function agreeToShareContacts(db: PrismaClient, actor: Actor, conversationId: string): Promise<void> {
  const { parties, role } = await requireParticipant(db, actor, conversationId);
  if (!role.side) throw new DomainError("error.forbidden.body", 403);
  // An interest's consent has one writer, shared with the interest page.
  if (parties.subjectKind === "interest") {
    await consentToContact(db, actor, parties.subjectId);
    return;
  }
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.deal.update({ where: { id: parties.subjectId }, data: role.side === "a" ? { supplierContactOkAt: now } : { demandContactOkAt: now } });
    await recordAudit(tx, { actorId: actor.id, orgId: role.orgId, action: `${parties.subjectKind}.contactConsent`, entityType: parties.subjectKind, entityId: parties.subjectId, after: { side: role.side } });
  });
}

/**
 * Contact details for the actor: none until both sides agreed; then the other side's members (for
 * the broker, both sides' members).
 */
export async function contactsFor(db: PrismaClient, actor: Actor, conversationId: string): Promise<{ consent: { mine: boolean | null; theirs: boolean }; contacts: Contact[] | null }> {
  const { parties, role } = await requireParticipant(db, actor, conversationId);
  const state = await consentState(db, parties);
  const both = state.a && state.b;
  const mine = role.side === null ? null : state[role.side];
  const theirs = role.side === null ? both : state[role.side === "a" ? "b" : "a"];
  if (!both) return { consent: { mine, theirs }, contacts: null };
  const others = parties.sides.filter((s) => s.side !== role.side);
  const contacts = (await Promise.all(others.map((s) => contactsOf(db, s.orgId)))).flat();
  return { consent: { mine, theirs }, contacts };
}

/** A message attachment for download, for participants only. */
export async function openMessageAttachment(db: PrismaClient, actor: Actor, conversationId: string, messageId: string, index: number, uploadsDir: string) {
  await requireParticipant(db, actor, conversationId);
  const message = await db.message.findFirst({ where: { id: messageId, conversationId }, select: { attachments: true } });
  const attachment = message ? attachmentsOf(message.attachments)[index] : undefined;
  if (!attachment) throw new DomainError("error.notFound.body", 404);
  const filePath = path.join(messageDir(uploadsDir), attachment.storageKey);
  if (!/^[a-f0-9]{32}$/.test(attachment.storageKey) || !fs.existsSync(filePath)) throw new DomainError("error.notFound.body", 404);
  return { filePath, fileName: attachment.fileName, mimeType: attachment.mimeType, size: attachment.size };
}
