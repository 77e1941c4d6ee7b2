import { afterAll, beforeAll, expect, test } from "vitest";
import type { Actor } from "~/domain/accounts/accounts.server";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { actorFor, createMember, createOrg } from "../../../tests/helpers/factories";
import { type AuctionCommand, replay } from "./auction-engine";
import {
  closeDueRooms,
  createAuctionRoom,
  decideParticipant,
  eventHash,
  forgetRoomCache,
  parseAuctionConfig,
  registerForRoom,
  roomLog,
  submitRoomCommand,
  verifyChain,
} from "./rooms.server";

let database: TestDatabase;
let host: Actor;
let broker: Actor;
let bidders: Actor[];
let outsider: Actor;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  const university = await createOrg(db, "UNIVERSITY");
  host = await actorFor(db, (await createMember(db, university.id, "TTO")).id);
  const agency = await createOrg(db, "BROKER_AGENCY");
  broker = await actorFor(db, (await createMember(db, agency.id, "BROKER")).id);
  bidders = [];
  for (let i = 0; i < 3; i += 1) {
    const company = await createOrg(db, "ENTERPRISE");
    bidders.push(await actorFor(db, (await createMember(db, company.id, "ENTERPRISE")).id));
  }
  const stranger = await createOrg(db, "ENTERPRISE");
  outsider = await actorFor(db, (await createMember(db, stranger.id, "ENTERPRISE")).id);
});
afterAll(async () => {
  await database?.dispose();
});

const orgOf = (actor: Actor) => actor.memberships[0]?.organizationId ?? "";

async function openRoom(options: { closesInMs?: number; softCloseSeconds?: number } = {}) {
  const db = database.prisma;
  const now = Date.now();
  const room = await createAuctionRoom(db, host, {
    title: "钙钛矿电池专利许可竞价",
    hostOrgId: orgOf(host),
    startPrice: 100_000,
    increment: 5_000,
    reservePrice: 150_000,
    opensAt: new Date(now - 1_000),
    closesAt: new Date(now + (options.closesInMs ?? 600_000)),
    softCloseSeconds: options.softCloseSeconds ?? 0,
    maxExtensions: null,
  });
  for (const bidder of bidders) {
    const participant = await registerForRoom(db, bidder, room.id, orgOf(bidder));
    await decideParticipant(db, broker, room.id, participant.id, true, true);
  }
  return room.id;
}

test("a registration is decided only through its own room", async () => {
  const db = database.prisma;
  const first = await openRoom();
  const second = await openRoom();
  const inFirst = await db.bidRoomParticipant.findFirstOrThrow({ where: { roomId: first }, select: { id: true, status: true } });
  await expect(decideParticipant(db, broker, second, inFirst.id, false, false)).rejects.toMatchObject({ status: 404 });
  expect((await db.bidRoomParticipant.findUniqueOrThrow({ where: { id: inFirst.id } })).status).toBe(inFirst.status);
});

let keyCounter = 0;
const key = () => `k-${(keyCounter += 1)}`;

test("bids are sequenced, hash-chained and the chain verifies; tampering is detected", async () => {
  const db = database.prisma;
  const roomId = await openRoom();
  const [a, b] = bidders as [Actor, Actor];
  expect((await submitRoomCommand(db, { roomId, actor: a, idempotencyKey: key(), command: { type: "bid", amount: 100_000 } })).outcome).toMatchObject({ ok: true, status: "leading" });
  expect((await submitRoomCommand(db, { roomId, actor: b, idempotencyKey: key(), command: { type: "proxy", max: 130_000 } })).outcome).toMatchObject({ ok: true, status: "leading" });
  const outbid = await submitRoomCommand(db, { roomId, actor: a, idempotencyKey: key(), command: { type: "bid", amount: 120_000 } });
  expect(outbid.outcome).toMatchObject({ ok: true, status: "outbid" });
  expect("price" in outbid.state && outbid.state.price).toBe(125_000);

  const log = await roomLog(db, roomId);
  expect(log.map((e) => e.seq)).toEqual([1, 2, 3]);
  expect(verifyChain(log)).toEqual({ valid: true });
  const tampered = log.map((e) => (e.seq === 2 ? { ...e, entries: [{ bidder: "x", amount: 1, kind: "manual", at: 0 }] } : e));
  expect(verifyChain(tampered)).toMatchObject({ valid: false, seq: 2 });
  const first = log[0];
  if (first) expect(first.hash).toBe(eventHash("", first));
});

test("a retried idempotency key returns the original outcome and writes nothing new", async () => {
  const db = database.prisma;
  const roomId = await openRoom();
  const a = bidders[0] as Actor;
  const first = await submitRoomCommand(db, { roomId, actor: a, idempotencyKey: "same-key", command: { type: "bid", amount: 100_000 } });
  const again = await submitRoomCommand(db, { roomId, actor: a, idempotencyKey: "same-key", command: { type: "bid", amount: 100_000 } });
  expect(again.replayed).toBe(true);
  expect(again.outcome).toEqual(first.outcome);
  expect(again.seq).toBe(first.seq);
  expect(await db.bidRoomEvent.count({ where: { roomId } })).toBe(1);
  // A refused command keeps its refusal under retry too.
  const refused = await submitRoomCommand(db, { roomId, actor: a, idempotencyKey: "refused", command: { type: "bid", amount: 105_000 } });
  expect(refused.outcome).toEqual({ ok: false, reason: "already_leading" });
  expect((await submitRoomCommand(db, { roomId, actor: a, idempotencyKey: "refused", command: { type: "bid", amount: 105_000 } })).outcome).toEqual(refused.outcome);
});

test("only admitted bidders bid and only brokers moderate", async () => {
  const db = database.prisma;
  const roomId = await openRoom();
  await expect(submitRoomCommand(db, { roomId, actor: outsider, idempotencyKey: key(), command: { type: "bid", amount: 100_000 } })).rejects.toMatchObject({ status: 403 });
  await expect(submitRoomCommand(db, { roomId, actor: bidders[0] ?? null, idempotencyKey: key(), command: { type: "pause", reason: "x" } })).rejects.toMatchObject({ status: 403 });
  await expect(submitRoomCommand(db, { roomId, actor: broker, idempotencyKey: key(), command: { type: "bid", amount: 100_000 } })).rejects.toMatchObject({ status: 403 });
  expect((await submitRoomCommand(db, { roomId, actor: broker, idempotencyKey: key(), command: { type: "pause", reason: "核实资质" } })).outcome).toMatchObject({ ok: true });
  expect((await submitRoomCommand(db, { roomId, actor: bidders[1] ?? null, idempotencyKey: key(), command: { type: "bid", amount: 100_000 } })).outcome).toEqual({ ok: false, reason: "paused" });
  expect(await db.bidRoomEvent.count({ where: { roomId } })).toBe(1);
});

test("racing bids: contiguous sequence, no duplicates, and the final state equals the replay of the log", async () => {
  const db = database.prisma;
  const roomId = await openRoom();
  const submissions = Array.from({ length: 45 }, (_, i) => {
    const actor = bidders[i % bidders.length] as Actor;
    return submitRoomCommand(db, { roomId, actor, idempotencyKey: `race-${i}`, command: { type: "bid", amount: 100_000 + (i + 1) * 5_000 } });
  });
  const results = await Promise.all(submissions);
  const accepted = results.filter((r) => r.seq !== null);
  const log = await roomLog(db, roomId);
  expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
  expect(new Set(accepted.map((r) => r.seq)).size).toBe(accepted.length);
  expect(log).toHaveLength(accepted.length);
  expect(verifyChain(log)).toEqual({ valid: true });

  const room = await db.bidRoom.findUniqueOrThrow({ where: { id: roomId } });
  const replayed = replay(parseAuctionConfig(room.config), log.map((e) => e.command as AuctionCommand));
  expect(room.price).toBe(replayed.price);
  expect(room.leaderId).toBe(replayed.leader);
  expect(room.lastSeq).toBe(log.length);
  // Every log line respects the increment.
  const amounts = replayed.log.map((e) => e.amount);
  amounts.slice(1).forEach((amount, i) => expect(amount).toBeGreaterThanOrEqual((amounts[i] ?? 0) + 5_000));
});

test("another process's events are picked up: a cold cache rebuilds the same state", async () => {
  const db = database.prisma;
  const roomId = await openRoom();
  await submitRoomCommand(db, { roomId, actor: bidders[0] ?? null, idempotencyKey: key(), command: { type: "bid", amount: 100_000 } });
  forgetRoomCache(roomId);
  const next = await submitRoomCommand(db, { roomId, actor: bidders[1] ?? null, idempotencyKey: key(), command: { type: "bid", amount: 105_000 } });
  expect(next.seq).toBe(2);
  expect("price" in next.state && next.state.price).toBe(105_000);
});

test("rooms close on time, once: closing again changes nothing", async () => {
  const db = database.prisma;
  const roomId = await openRoom({ closesInMs: 60_000 });
  await submitRoomCommand(db, { roomId, actor: bidders[0] ?? null, idempotencyKey: key(), command: { type: "bid", amount: 160_000 } });
  expect((await closeDueRooms(db, new Date(Date.now() + 30_000))).some((r) => r.event?.type === "close")).toBe(false);
  const later = new Date(Date.now() + 61_000);
  await closeDueRooms(db, later);
  const room = await db.bidRoom.findUniqueOrThrow({ where: { id: roomId } });
  expect(room.status).toBe("CLOSED");
  expect(room.result).toMatchObject({ outcome: "sold", price: 160_000 });
  const seq = room.lastSeq;
  await closeDueRooms(db, new Date(Date.now() + 120_000));
  expect((await db.bidRoom.findUniqueOrThrow({ where: { id: roomId } })).lastSeq).toBe(seq);
  expect((await submitRoomCommand(db, { roomId, actor: bidders[1] ?? null, idempotencyKey: key(), command: { type: "bid", amount: 200_000 } })).outcome).toMatchObject({ ok: false });
});
