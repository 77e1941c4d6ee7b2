import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { pushToUser } from "~/realtime/push.server";

export type NewNotification = { userId: string; topic: string; entityType?: string; entityId?: string; data?: Record<string, unknown> };

type NotificationWriter = { notification: { createMany(args: { data: Prisma.NotificationCreateManyInput[] }): Promise<unknown> } };

/** Writes notifications inside the caller's transaction; call pushNotifications after it commits. */
export async function recordNotifications(tx: NotificationWriter, notifications: NewNotification[]): Promise<void> {
  if (notifications.length === 0) return;
  await tx.notification.createMany({
    data: notifications.map((n) => ({ userId: n.userId, topic: n.topic, entityType: n.entityType ?? null, entityId: n.entityId ?? null, data: jsonOf(n.data ?? {}) })),
  });
}

/** Persist, then broadcast: a signal that the user's notification list changed. */
export function pushNotifications(notifications: NewNotification[]): void {
  for (const n of notifications) pushToUser(n.userId, n.topic, { entityType: n.entityType, entityId: n.entityId, ...n.data });
}

function jsonOf(value: Record<string, unknown>): Prisma.InputJsonObject {
  return JSON.parse(JSON.stringify(value));
}

export async function listNotifications(db: PrismaClient, userId: string, take = 50) {
  return db.notification.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, topic: true, entityType: true, entityId: true, data: true, link: true, readAt: true, createdAt: true },
  });
}

export async function markNotificationsRead(db: PrismaClient, userId: string): Promise<number> {
  const { count } = await db.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
  return count;
}

export async function unreadNotificationCount(db: PrismaClient, userId: string): Promise<number> {
  return db.notification.count({ where: { userId, readAt: null } });
}
