import type { PrismaClient } from "~/generated/prisma/client";
import { logger } from "~/utils/logger.server";
import { type NewNotification, pushNotifications, recordNotifications } from "./notifications.server";
import { topics } from "./topics";

export const OPENING_SOON_MINUTES = 15;

/**
 * Room notifications derived from the rooms' committed state, on a timer (the rooms' own code is
 * left alone):
 * - opening soon: approved participants and the host's creator, once per room and user (the stored
 *   notification is the record, so a restart does not repeat it);
 * - outbid: when an open room's leader changes, the previous leader's registrant. Leaders are
 *   remembered in memory: after a restart the first observation only records them.
 */
export function createRoomWatcher(db: PrismaClient) {
  const leaders = new Map<string, string | null>();

  async function openingSoon(now: Date): Promise<NewNotification[]> {
    const rooms = await db.bidRoom.findMany({
      where: { status: "SCHEDULED", opensAt: { gt: now, lte: new Date(now.getTime() + OPENING_SOON_MINUTES * 60_000) } },
      select: { id: true, title: true, opensAt: true, createdById: true, participants: { where: { status: "APPROVED" }, select: { userId: true } } },
    });
    const made: NewNotification[] = [];
    for (const room of rooms) {
      const users = new Set([...room.participants.map((p) => p.userId), ...(room.createdById ? [room.createdById] : [])]);
      const told = await db.notification.findMany({ where: { topic: topics.roomOpeningSoon, entityId: room.id, userId: { in: [...users] } }, select: { userId: true } });
      const minutes = Math.max(1, Math.round((room.opensAt.getTime() - now.getTime()) / 60_000));
      for (const userId of users) {
        if (told.some((t) => t.userId === userId)) continue;
        made.push({ userId, topic: topics.roomOpeningSoon, entityType: "room", entityId: room.id, link: `/rooms/${room.id}`, data: { title: room.title, minutes } });
      }
    }
    return made;
  }

  async function outbid(): Promise<NewNotification[]> {
    const rooms = await db.bidRoom.findMany({ where: { status: "OPEN" }, select: { id: true, title: true, leaderId: true, price: true } });
    const made: NewNotification[] = [];
    for (const room of rooms) {
      const known = leaders.has(room.id);
      const previous = leaders.get(room.id) ?? null;
      leaders.set(room.id, room.leaderId);
      if (!known || !previous || previous === room.leaderId) continue;
      const loser = await db.bidRoomParticipant.findUnique({ where: { id: previous }, select: { userId: true } });
      if (loser) made.push({ userId: loser.userId, topic: topics.roomOutbid, entityType: "room", entityId: room.id, link: `/rooms/${room.id}`, data: { title: room.title, price: room.price ?? "" } });
    }
    // Forget closed rooms.
    for (const id of [...leaders.keys()]) if (!rooms.some((r) => r.id === id)) leaders.delete(id);
    return made;
  }

  /** One pass; returns what it notified. */
  async function tick(now = new Date()): Promise<NewNotification[]> {
    const made = [...(await openingSoon(now)), ...(await outbid())];
    if (made.length === 0) return made;
    await db.$transaction((tx) => recordNotifications(tx, made));
    pushNotifications(made);
    return made;
  }

  return { tick };
}

/** Runs the watcher every few seconds; stop() waits for a pass in flight. */
export function startRoomWatcher(db: PrismaClient, intervalMs = 2_000) {
  const watcher = createRoomWatcher(db);
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => watcher.tick()).catch((error: unknown) => logger.warn("room notifications failed", { error: String(error) }));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
