import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { pushToUser } from "~/realtime/push.server";
import { getPrisma } from "~/utils/db.server";
import { recordAudit } from "../audit.server";
import { isRecordId } from "../record-ids";
import { dispatchEmails } from "./email.server";
import { isPreferenceTopic, type PreferenceTopic } from "./topics";

export type NewNotification = { userId: string; topic: string; entityType?: string; entityId?: string; data?: Record<string, unknown>; link?: string | null };

type NotificationWriter = { notification: { createMany(args: { data: Prisma.NotificationCreateManyInput[] }): Promise<unknown> } };

/** Writes notifications inside the caller's transaction; call pushNotifications after it commits. */
export async function recordNotifications(tx: NotificationWriter, notifications: NewNotification[]): Promise<void> {
  if (notifications.length === 0) return;
  await tx.notification.createMany({
    data: notifications.map((n) => ({
      userId: n.userId,
      topic: n.topic,
      entityType: n.entityType ?? null,
      entityId: n.entityId ?? null,
      data: jsonOf(n.data ?? {}),
      link: n.link ?? null,
    })),
  });
}

/**
 * Persist, then deliver: a live signal to the user's open pages, and an email when the user chose
 * the topic (and SMTP_URL is set). Call only after the notifications' transaction committed.
 */
export function pushNotifications(notifications: NewNotification[]): void {
  for (const n of notifications) pushToUser(n.userId, n.topic, { entityType: n.entityType, entityId: n.entityId, link: n.link ?? undefined, ...n.data });
  dispatchEmails(notifications.map((n) => ({ userId: n.userId, topic: n.topic, entityType: n.entityType, entityId: n.entityId, data: n.data ?? {}, link: n.link ?? null })));
}

/**
 * The one path for other modules (deals, challenge applications…) to tell a user something.
 * - `notify(tx, …)` inside a transaction: stored with it and returned; pass the returned values to
 *   pushNotifications after the commit (never deliver what might still roll back).
 * - `notify(undefined, …)`: stored on the process's database and delivered at once (live + email).
 */
export async function notify(
  tx: Prisma.TransactionClient | undefined,
  userId: string,
  topic: string,
  data: Record<string, unknown>,
  link: string | null,
  entity?: { type: string; id: string },
): Promise<NewNotification> {
  const notification: NewNotification = { userId, topic, data, link, entityType: entity?.type, entityId: entity?.id };
  if (tx) {
    await recordNotifications(tx, [notification]);
    return notification;
  }
  await recordNotifications(await getPrisma(), [notification]);
  pushNotifications([notification]);
  return notification;
}

function jsonOf(value: Record<string, unknown>): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value));
}

export const NOTIFICATIONS_PAGE_SIZE = 20;

const notificationSelect = { id: true, topic: true, entityType: true, entityId: true, data: true, link: true, readAt: true, createdAt: true } as const;

export async function listNotifications(db: PrismaClient, userId: string, take = 50) {
  return db.notification.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take, select: notificationSelect });
}

/** One page of the user's notifications, newest first, with the total for the pager. */
export async function pageNotifications(db: PrismaClient, userId: string, page: number, options: { unreadOnly?: boolean } = {}) {
  const where = { userId, ...(options.unreadOnly ? { readAt: null } : {}) };
  const current = Math.max(1, Math.floor(page));
  const [total, rows] = await Promise.all([
    db.notification.count({ where }),
    db.notification.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (current - 1) * NOTIFICATIONS_PAGE_SIZE, take: NOTIFICATIONS_PAGE_SIZE, select: notificationSelect }),
  ]);
  return { rows, total, page: current, pages: Math.max(1, Math.ceil(total / NOTIFICATIONS_PAGE_SIZE)) };
}

export async function markNotificationsRead(db: PrismaClient, userId: string): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
  if (count > 0) pushToUser(userId, "notifications.read", { count });
  return count;
}

/** Marks one of the user's own notifications read; another user's id changes nothing. */
export async function markNotificationRead(db: PrismaClient, userId: string, notificationId: string): Promise<boolean> {
  if (!isRecordId(notificationId)) return false;
  const { count } = await db.notification.updateMany({ where: { id: notificationId, userId, readAt: null }, data: { readAt: new Date() } });
  if (count > 0) pushToUser(userId, "notifications.read", { count });
  return count > 0;
}

type TitledRow = { entityType?: string | null; entityId?: string | null; data: unknown };

/**
 * Listing workflow notifications carry only the status change; the listing's title is looked up
 * for display (centre and email), one query per kind.
 */
export async function withListingTitles<T extends TitledRow>(db: PrismaClient, rows: T[]): Promise<T[]> {
  const missing = (kind: string) => rows.filter((r) => r.entityType === kind && r.entityId && !hasTitle(r.data)).map((r) => r.entityId ?? "");
  const [achievements, needs] = await Promise.all([
    missing("achievement").length > 0 ? db.achievement.findMany({ where: { id: { in: missing("achievement") } }, select: { id: true, title: true } }) : [],
    missing("need").length > 0 ? db.need.findMany({ where: { id: { in: missing("need") } }, select: { id: true, title: true } }) : [],
  ]);
  const titles = new Map([...achievements, ...needs].map((l) => [l.id, l.title]));
  return rows.map((row) => {
    const title = row.entityId ? titles.get(row.entityId) : undefined;
    if (title === undefined || hasTitle(row.data)) return row;
    return { ...row, data: { ...(typeof row.data === "object" && row.data !== null ? row.data : {}), title } };
  });
}

function hasTitle(data: unknown): boolean {
  return typeof data === "object" && data !== null && "title" in data && typeof data.title === "string";
}

export async function unreadNotificationCount(db: PrismaClient, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}

/** Saves which topics also go by email (unknown topics are ignored), audited. */
export async function saveEmailTopics(db: PrismaClient, userId: string, chosen: readonly string[]): Promise<PreferenceTopic[]> {
  const emailTopics = [...new Set(chosen.filter(isPreferenceTopic))];
  await db.$transaction(async (tx) => {
    const before = await tx.notificationPreference.findUnique({ where: { userId }, select: { emailTopics: true } });
    await tx.notificationPreference.upsert({ where: { userId }, create: { userId, emailTopics }, update: { emailTopics } });
    await recordAudit(tx, { actorId: userId, action: "notifications.preferences", entityType: "user", entityId: userId, before, after: { emailTopics } });
  });
  return emailTopics;
}
