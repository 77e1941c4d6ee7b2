import { afterAll, beforeAll, expect, test } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/database";
import { createMember, createOrg } from "../../../tests/helpers/factories";
import { createRoomWatcher } from "./room-reminders.server";

let database: TestDatabase;
let db: PrismaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
});
afterAll(async () => {
  await database?.dispose();
});

async function roomWithBidders(status: "SCHEDULED" | "OPEN", opensAt: Date) {
  const host = await createOrg(db, "UNIVERSITY");
  const creator = await createMember(db, host.id, "TTO");
  const room = await db.bidRoom.create({ data: { kind: "AUCTION", title: "专利许可竞价", hostOrgId: host.id, createdById: creator.id, config: {}, status, opensAt, closesAt: new Date(opensAt.getTime() + 3_600_000) } });
  const bidders = [];
  for (const status of ["APPROVED", "APPROVED", "PENDING"] as const) {
    const org = await createOrg(db, "ENTERPRISE");
    const user = await createMember(db, org.id, "ENTERPRISE");
    bidders.push({ user, participant: await db.bidRoomParticipant.create({ data: { roomId: room.id, organizationId: org.id, userId: user.id, status } }) });
  }
  return { room, creator, bidders };
}

test("opening soon: approved participants and the creator are told once, within 15 minutes of the opening", async () => {
  const now = new Date();
  const soon = await roomWithBidders("SCHEDULED", new Date(now.getTime() + 10 * 60_000));
  const later = await roomWithBidders("SCHEDULED", new Date(now.getTime() + 60 * 60_000));
  const watcher = createRoomWatcher(db);
  const made = await watcher.tick(now);
  const told = made.filter((n) => n.entityId === soon.room.id).map((n) => n.userId);
  expect(told.sort()).toEqual([soon.creator.id, soon.bidders[0]?.user.id, soon.bidders[1]?.user.id].sort());
  expect(made.some((n) => n.entityId === later.room.id)).toBe(false);
  expect(made.find((n) => n.entityId === soon.room.id)?.data).toEqual({ title: "专利许可竞价", minutes: 10 });
  // A second pass, or a restarted watcher, does not repeat it.
  expect((await watcher.tick(now)).filter((n) => n.entityId === soon.room.id)).toEqual([]);
  expect((await createRoomWatcher(db).tick(now)).filter((n) => n.entityId === soon.room.id)).toEqual([]);
  expect(await db.notification.count({ where: { topic: "room.openingSoon", entityId: soon.room.id } })).toBe(3);
});

test("outbid: when the leader changes, the previous leader is notified", async () => {
  const { room, bidders } = await roomWithBidders("OPEN", new Date(Date.now() - 60_000));
  const [first, second] = bidders;
  const watcher = createRoomWatcher(db);
  await db.bidRoom.update({ where: { id: room.id }, data: { leaderId: first?.participant.id, price: 100_000 } });
  expect((await watcher.tick()).filter((n) => n.topic === "room.outbid")).toEqual([]);
  await db.bidRoom.update({ where: { id: room.id }, data: { leaderId: second?.participant.id, price: 101_000 } });
  const made = (await watcher.tick()).filter((n) => n.topic === "room.outbid");
  expect(made.map((n) => [n.userId, n.data])).toEqual([[first?.user.id, { title: "专利许可竞价", price: 101_000 }]]);
  expect((await watcher.tick()).filter((n) => n.topic === "room.outbid")).toEqual([]);
  expect(await db.notification.count({ where: { userId: first?.user.id, topic: "room.outbid" } })).toBe(1);
});
