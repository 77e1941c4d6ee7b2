import { afterAll, beforeAll, expect, test } from "vitest";
import type { Actor } from "~/domain/accounts/accounts.server";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { actorFor, createMember, createOrg } from "../../../tests/helpers/factories";
import { closeDueRooms, createAuctionRoom, dealConfirmation, decideParticipant, registerForRoom, roomLog, submitRoomCommand, verifyChain } from "./rooms.server";

let database: TestDatabase;
let seller: Actor;
let broker: Actor;
let bidders: Actor[];

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  const university = await createOrg(db, "UNIVERSITY");
  seller = await actorFor(db, (await createMember(db, university.id, "TTO")).id);
  const agency = await createOrg(db, "BROKER_AGENCY");
  broker = await actorFor(db, (await createMember(db, agency.id, "BROKER")).id);
  bidders = [];
  for (let i = 0; i < 4; i += 1) {
    const company = await createOrg(db, "ENTERPRISE");
    bidders.push(await actorFor(db, (await createMember(db, company.id, "ENTERPRISE")).id));
  }
});
afterAll(async () => {
  await database?.dispose();
});

let n = 0;
const key = () => `neg-${(n += 1)}-key`;

/** An auction whose four bids stay under the reserve; closed by the scheduler. Returns the room, the close time and participant ids. */
async function roomBelowReserve() {
  const db = database.prisma;
  const now = Date.now();
  const closesAt = new Date(now + 60_000);
  const room = await createAuctionRoom(db, seller, {
    title: "钙钛矿电池专利许可竞价",
    hostOrgId: seller.memberships[0]?.organizationId ?? "",
    startPrice: 100_000,
    increment: 5_000,
    reservePrice: 200_000,
    opensAt: new Date(now - 1_000),
    closesAt,
    softCloseSeconds: 0,
    maxExtensions: null,
    negotiation: { seconds: 600, topN: 3 },
  });
  const participant: string[] = [];
  for (const bidder of bidders) {
    const registered = await registerForRoom(db, bidder, room.id, bidder.memberships[0]?.organizationId ?? "");
    await decideParticipant(db, broker, room.id, registered.id, true, true);
    participant.push(registered.id);
  }
  for (const [i, bidder] of bidders.entries()) {
    expect((await submitRoomCommand(db, { roomId: room.id, actor: bidder, idempotencyKey: key(), command: { type: "bid", amount: 100_000 + i * 20_000 } })).outcome.ok).toBe(true);
  }
  const closed = await closeDueRooms(db, new Date(closesAt.getTime() + 1));
  expect(closed.filter((r) => r.roomId === room.id).map((r) => r.event?.type)).toEqual(["close"]);
  return { roomId: room.id, closedAt: closesAt.getTime() + 1, participant };
}

test("below the reserve, a window opens with the top three bidders; one counter each; the end of the window means no deal", async () => {
  const db = database.prisma;
  const { roomId, closedAt, participant } = await roomBelowReserve();
  const row = await db.bidRoom.findUniqueOrThrow({ where: { id: roomId }, select: { status: true, negotiationEndsAt: true, result: true } });
  expect(row.status).toBe("CLOSED");
  expect(row.negotiationEndsAt?.getTime()).toBe(closedAt + 600_000);
  expect(row.result).toMatchObject({ outcome: "reserve_not_met", price: 160_000 });

  const at = new Date(closedAt + 1_000);
  const [, , third, top] = participant as [string, string, string, string];
  const [lowest, , thirdBidder, topBidder] = bidders as [Actor, Actor, Actor, Actor];
  // Only the seller counters; only a candidate answers, and only a counter made to them.
  await expect(submitRoomCommand(db, { roomId, actor: broker, idempotencyKey: key(), command: { type: "counter", bidder: top, amount: 190_000 }, now: at })).rejects.toMatchObject({ status: 403 });
  await expect(submitRoomCommand(db, { roomId, actor: topBidder, idempotencyKey: key(), command: { type: "accept_bid", bidder: top }, now: at })).rejects.toMatchObject({ status: 403 });
  expect((await submitRoomCommand(db, { roomId, actor: seller, idempotencyKey: key(), command: { type: "counter", bidder: participant[0] ?? "", amount: 190_000 }, now: at })).outcome).toEqual({ ok: false, reason: "not_a_candidate" });
  expect((await submitRoomCommand(db, { roomId, actor: seller, idempotencyKey: key(), command: { type: "counter", bidder: top, amount: 190_000 }, now: at })).outcome.ok).toBe(true);
  expect((await submitRoomCommand(db, { roomId, actor: seller, idempotencyKey: key(), command: { type: "counter", bidder: top, amount: 180_000 }, now: at })).outcome).toEqual({ ok: false, reason: "already_countered" });
  expect((await submitRoomCommand(db, { roomId, actor: lowest, idempotencyKey: key(), command: { type: "respond", accept: true }, now: at })).outcome).toEqual({ ok: false, reason: "not_a_candidate" });
  expect((await submitRoomCommand(db, { roomId, actor: thirdBidder, idempotencyKey: key(), command: { type: "respond", accept: true }, now: at })).outcome).toEqual({ ok: false, reason: "no_counter" });
  expect((await submitRoomCommand(db, { roomId, actor: topBidder, idempotencyKey: key(), command: { type: "respond", accept: false }, now: at })).outcome.ok).toBe(true);
  expect(third).toBeTruthy();
  expect(await db.auditEvent.count({ where: { entityId: roomId, action: "room.counter" } })).toBe(1);

  // Not yet due: nothing happens; once due, the window ends without a deal.
  expect((await closeDueRooms(db, new Date(closedAt + 599_000))).filter((r) => r.roomId === roomId)).toEqual([]);
  const expired = await closeDueRooms(db, new Date(closedAt + 600_000));
  expect(expired.filter((r) => r.roomId === roomId).map((r) => r.event?.type)).toEqual(["expire"]);
  const after = await db.bidRoom.findUniqueOrThrow({ where: { id: roomId }, select: { negotiationEndsAt: true, result: true } });
  expect(after.negotiationEndsAt).toBeNull();
  expect(after.result).toMatchObject({ outcome: "reserve_not_met" });
  expect((await submitRoomCommand(db, { roomId, actor: seller, idempotencyKey: key(), command: { type: "accept_bid", bidder: top }, now: new Date(closedAt + 600_001) })).outcome).toEqual({ ok: false, reason: "no_negotiation" });
  expect(verifyChain(await roomLog(db, roomId))).toEqual({ valid: true });
  await expect(dealConfirmation(db, seller, roomId)).rejects.toMatchObject({ messageKey: "rooms.noConfirmation" });
});

test("an accepted counter-offer sells the room at that price, with a deal confirmation", async () => {
  const db = database.prisma;
  const { roomId, closedAt, participant } = await roomBelowReserve();
  const at = new Date(closedAt + 2_000);
  const second = participant[2] ?? "";
  expect((await submitRoomCommand(db, { roomId, actor: seller, idempotencyKey: key(), command: { type: "counter", bidder: second, amount: 175_000 }, now: at })).outcome.ok).toBe(true);
  const accepted = await submitRoomCommand(db, { roomId, actor: bidders[2] ?? null, idempotencyKey: key(), command: { type: "respond", accept: true }, now: at });
  expect(accepted.outcome.ok).toBe(true);
  const row = await db.bidRoom.findUniqueOrThrow({ where: { id: roomId }, select: { negotiationEndsAt: true, result: true, price: true, leaderId: true } });
  expect(row).toMatchObject({ negotiationEndsAt: null, price: 175_000, leaderId: second, result: { outcome: "sold", winner: second, price: 175_000, negotiated: true } });
  const confirmation = await dealConfirmation(db, bidders[2] as Actor, roomId);
  expect(confirmation.price).toBe(175_000);
  // The other candidates can no longer deal.
  expect((await submitRoomCommand(db, { roomId, actor: seller, idempotencyKey: key(), command: { type: "accept_bid", bidder: participant[3] ?? "" }, now: at })).outcome).toEqual({ ok: false, reason: "no_negotiation" });
});

test("the seller may accept a candidate's bid as it stands", async () => {
  const db = database.prisma;
  const { roomId, closedAt, participant } = await roomBelowReserve();
  const outcome = await submitRoomCommand(db, { roomId, actor: seller, idempotencyKey: key(), command: { type: "accept_bid", bidder: participant[1] ?? "" }, now: new Date(closedAt + 5) });
  expect(outcome.outcome.ok).toBe(true);
  expect(await db.bidRoom.findUniqueOrThrow({ where: { id: roomId }, select: { result: true } })).toMatchObject({ result: { outcome: "sold", winner: participant[1], price: 120_000 } });
});
