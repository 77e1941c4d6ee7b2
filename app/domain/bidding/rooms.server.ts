import crypto from "node:crypto";
import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { type AuctionCommand, type AuctionConfig, type AuctionState, type Outcome, applyCommand, createAuction } from "./auction-engine";
import { auctionConfigSchema, type ClientCommand, storedCommandSchema, storedOutcomeSchema } from "./schemas";

/**
 * Bid rooms on the database. The database decides: a command is accepted only by a committed
 * transaction that holds the room's row lock and appends the next event (unique room × seq).
 * Every client command carries an idempotency key; a retry returns the original outcome.
 */

export type { ClientCommand };

export type RoomEvent = { seq: number; type: string; bidder: string | null; entries: unknown; at: string; hash: string; prevHash: string };

export type SubmitResult = { roomId: string; bidder: string | null; outcome: Outcome; seq: number | null; replayed: boolean; event: RoomEvent | null; state: AuctionState };

export const SYSTEM_ACTOR = "system";

// ─── state cache ──────────────────────────────────────────────────────────────────────────────
// The state of a room is the fold of its events. Each process keeps the last state it computed and
// catches up from the database with the events it has not seen (another process may have written them).
const cache = new Map<string, { seq: number; state: AuctionState }>();

export function forgetRoomCache(roomId?: string) {
  if (roomId) cache.delete(roomId);
  else cache.clear();
}

type Tx = Prisma.TransactionClient;

async function loadState(tx: Tx | PrismaClient, roomId: string, config: AuctionConfig, knownSeq?: number): Promise<{ seq: number; state: AuctionState }> {
  const cached = cache.get(roomId);
  // The usual case under the lock: this process wrote the last event, nothing to read.
  if (cached && knownSeq !== undefined && cached.seq === knownSeq) return cached;
  let seq = cached?.seq ?? 0;
  let state = cached?.state ?? createAuction(config);
  const events = await tx.bidRoomEvent.findMany({ where: { roomId, seq: { gt: seq } }, orderBy: { seq: "asc" }, select: { seq: true, command: true } });
  for (const event of events) {
    state = applyCommand(state, parseStoredCommand(event.command)).state;
    seq = event.seq;
  }
  return { seq, state };
}

function parseStoredCommand(value: Prisma.JsonValue): AuctionCommand {
  return storedCommandSchema.parse(value);
}

export function parseAuctionConfig(value: Prisma.JsonValue): AuctionConfig {
  return auctionConfigSchema.parse(value);
}

// ─── hash chain ───────────────────────────────────────────────────────────────────────────────

/** JSON with object keys sorted at every level: the database's JSON type does not keep key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * The hash of an event covers the previous hash and the event's content:
 * sha256(prevHash + "\n" + canonicalJson([seq, type, bidder, command, entries, at])).
 */
export function eventHash(prevHash: string, content: { seq: number; type: string; bidder: string | null; command: unknown; entries: unknown; at: string }): string {
  const canonical = canonicalJson([content.seq, content.type, content.bidder, content.command, content.entries, content.at]);
  return crypto.createHash("sha256").update(prevHash).update("\n").update(canonical).digest("hex");
}

export type ChainEvent = { seq: number; type: string; bidder: string | null; command: unknown; entries: unknown; at: string; prevHash: string; hash: string };

/** Checks a downloaded log: sequence without gaps, each hash over its predecessor and content. */
export function verifyChain(events: readonly ChainEvent[]): { valid: true } | { valid: false; seq: number; problem: string } {
  let prev = "";
  let expectedSeq = 1;
  for (const event of events) {
    if (event.seq !== expectedSeq) return { valid: false, seq: event.seq, problem: `expected sequence ${expectedSeq}` };
    if (event.prevHash !== prev) return { valid: false, seq: event.seq, problem: "previous hash does not match" };
    if (eventHash(prev, event) !== event.hash) return { valid: false, seq: event.seq, problem: "content does not match its hash" };
    prev = event.hash;
    expectedSeq += 1;
  }
  return { valid: true };
}

// ─── rooms ────────────────────────────────────────────────────────────────────────────────────

export type NewAuction = {
  title: string;
  achievementId?: string | null;
  hostOrgId: string;
  startPrice: number;
  increment: number;
  reservePrice: number | null;
  opensAt: Date;
  closesAt: Date;
  softCloseSeconds: number;
  maxExtensions: number | null;
};

export async function createAuctionRoom(db: PrismaClient, actor: Actor, input: NewAuction) {
  if (!can(actor.memberships, "create:room", input.hostOrgId)) throw new DomainError("error.forbidden.body", 403);
  const config: AuctionConfig = {
    startPrice: input.startPrice,
    increment: input.increment,
    reservePrice: input.reservePrice,
    opensAt: input.opensAt.getTime(),
    closesAt: input.closesAt.getTime(),
    softCloseSeconds: input.softCloseSeconds,
    maxExtensions: input.maxExtensions,
  };
  createAuction(config); // validates the rules before anything is written
  return db.$transaction(async (tx) => {
    const room = await tx.bidRoom.create({
      data: {
        kind: "AUCTION",
        title: input.title,
        achievementId: input.achievementId ?? null,
        hostOrgId: input.hostOrgId,
        createdById: actor.id,
        config,
        opensAt: input.opensAt,
        closesAt: input.closesAt,
      },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: actor.id, orgId: input.hostOrgId, action: "room.created", entityType: "BidRoom", entityId: room.id, after: { ...config, title: input.title } });
    return room;
  });
}

/** An organization asks to bid; a broker approves (the deposit flag is recorded then). */
export async function registerForRoom(db: PrismaClient, actor: Actor, roomId: string, organizationId: string) {
  if (!actor.memberships.some((m) => m.organizationId === organizationId && can([m], "create:bid"))) throw new DomainError("error.forbidden.body", 403);
  const room = await db.bidRoom.findUnique({ where: { id: roomId }, select: { hostOrgId: true, status: true } });
  if (!room) throw new DomainError("error.notFound.body", 404);
  if (room.hostOrgId === organizationId) throw new DomainError("error.forbidden.body", 403);
  return db.bidRoomParticipant.upsert({
    where: { roomId_organizationId: { roomId, organizationId } },
    create: { roomId, organizationId, userId: actor.id },
    update: {},
    select: { id: true, status: true },
  });
}

export async function decideParticipant(db: PrismaClient, actor: Actor, participantId: string, approve: boolean, depositPaid: boolean) {
  if (!can(actor.memberships, "moderate:room")) throw new DomainError("error.forbidden.body", 403);
  return db.$transaction(async (tx) => {
    const participant = await tx.bidRoomParticipant.update({
      where: { id: participantId },
      data: { status: approve ? "APPROVED" : "REJECTED", depositPaid, decidedAt: new Date(), decidedById: actor.id },
      select: { id: true, roomId: true, status: true },
    });
    await recordAudit(tx, { actorId: actor.id, action: approve ? "room.participant_approved" : "room.participant_rejected", entityType: "BidRoomParticipant", entityId: participantId, after: { depositPaid } });
    return participant;
  });
}

/** Which participant an actor bids as in a room, if any. */
export async function bidderFor(db: PrismaClient | Tx, actor: Pick<Actor, "memberships">, roomId: string): Promise<string | null> {
  const orgIds = actor.memberships.filter((m) => can([m], "create:bid")).map((m) => m.organizationId);
  if (orgIds.length === 0) return null;
  const participant = await db.bidRoomParticipant.findFirst({ where: { roomId, organizationId: { in: orgIds }, status: "APPROVED" }, select: { id: true } });
  return participant?.id ?? null;
}

/**
 * Runs one command in the room. `actor` is null for the system (scheduled close).
 * The outcome of every keyed attempt is stored, so a retried key returns the same answer.
 */
export async function submitRoomCommand(
  db: PrismaClient,
  input: { roomId: string; actor: Actor | null; idempotencyKey: string; command: ClientCommand | { type: "close" }; now?: Date },
): Promise<SubmitResult> {
  const userId = input.actor?.id ?? SYSTEM_ACTOR;
  // Who bids is settled before taking the room's lock, to keep the locked section short.
  const bidder = (input.command.type === "bid" || input.command.type === "proxy") && input.actor ? await bidderFor(db, input.actor, input.roomId) : null;
  const now = input.now ?? new Date();
  const result = await db.$transaction(
    async (tx) => {
      // The row lock serialises every command of this room, across connections and processes.
      const [room] = await tx.$queryRaw<{ config: Prisma.JsonValue; lastSeq: number; lastHash: string }[]>`
        SELECT config, "lastSeq", "lastHash" FROM "BidRoom" WHERE id = ${input.roomId} FOR UPDATE`;
      if (!room) throw new DomainError("error.notFound.body", 404);
      const loaded = await loadState(tx, input.roomId, parseAuctionConfig(room.config), room.lastSeq);
      if (loaded.seq !== room.lastSeq) throw new Error(`room ${input.roomId} state at ${loaded.seq}, snapshot at ${room.lastSeq}`);

      const previous = await tx.bidAttempt.findUnique({
        where: { roomId_userId_idempotencyKey: { roomId: input.roomId, userId, idempotencyKey: input.idempotencyKey } },
        select: { outcome: true, seq: true },
      });
      if (previous) {
        return { outcome: parseOutcome(previous.outcome), seq: previous.seq, replayed: true, event: null, state: loaded.state, seqAfter: loaded.seq };
      }

      const command = toEngineCommand(input.actor, bidder, input.command, now.getTime());
      const { state, outcome } = command.ok ? applyCommand(loaded.state, command.command) : { state: loaded.state, outcome: command.outcome };

      let event: RoomEvent | null = null;
      if (outcome.ok && command.ok) {
        const seq = room.lastSeq + 1;
        const at = now.toISOString();
        const bidder = "bidder" in command.command && command.command.type !== "disqualify" ? command.command.bidder : null;
        const entries = outcome.entries;
        const hash = eventHash(room.lastHash, { seq, type: command.command.type, bidder, command: command.command, entries, at });
        await tx.bidRoomEvent.create({
          data: { roomId: input.roomId, seq, type: command.command.type, actorId: input.actor?.id ?? null, bidder, command: command.command, entries, at: now, prevHash: room.lastHash, hash },
        });
        await tx.bidRoom.update({
          where: { id: input.roomId },
          data: {
            lastSeq: seq,
            lastHash: hash,
            status: state.status === "open" ? "OPEN" : state.status === "paused" ? "PAUSED" : state.status === "closed" ? "CLOSED" : "SCHEDULED",
            closesAt: new Date(state.closesAt),
            price: state.price,
            leaderId: state.leader,
            result: state.result ?? undefined,
          },
        });
        event = { seq, type: command.command.type, bidder, entries, at, hash, prevHash: room.lastHash };
      }
      await tx.bidAttempt.create({
        data: { roomId: input.roomId, userId, idempotencyKey: input.idempotencyKey, outcome, seq: event?.seq ?? null },
      });
      return { outcome, seq: event?.seq ?? null, replayed: false, event, state, seqAfter: event?.seq ?? loaded.seq };
    },
    { timeout: 15_000, maxWait: 15_000 },
  );
  // Only a committed state enters the cache.
  const cached = cache.get(input.roomId);
  if (!cached || cached.seq <= result.seqAfter) cache.set(input.roomId, { seq: result.seqAfter, state: result.state });
  return { roomId: input.roomId, bidder, outcome: result.outcome, seq: result.seq, replayed: result.replayed, event: result.event, state: result.state };
}

function parseOutcome(value: Prisma.JsonValue): Outcome {
  return storedOutcomeSchema.parse(value);
}

function toEngineCommand(
  actor: Actor | null,
  bidder: string | null,
  command: ClientCommand | { type: "close" },
  at: number,
): { ok: true; command: AuctionCommand } | { ok: false; outcome: Outcome } {
  if (command.type === "close") {
    if (actor !== null) return { ok: false, outcome: { ok: false, reason: "not_open" } };
    return { ok: true, command: { type: "close", at } };
  }
  if (command.type === "bid" || command.type === "proxy") {
    if (!actor) throw new DomainError("error.forbidden.body", 403);
    if (!bidder) throw new DomainError("room.notParticipant", 403);
    return command.type === "bid"
      ? { ok: true, command: { type: "bid", bidder, amount: command.amount, at } }
      : { ok: true, command: { type: "proxy", bidder, max: command.max, at } };
  }
  if (!actor || !can(actor.memberships, "moderate:room")) throw new DomainError("error.forbidden.body", 403);
  switch (command.type) {
    case "pause":
      return { ok: true, command: { type: "pause", at, by: actor.id, reason: command.reason } };
    case "resume":
      return { ok: true, command: { type: "resume", at, by: actor.id } };
    case "extend":
      return { ok: true, command: { type: "extend", at, by: actor.id, seconds: command.seconds } };
    case "disqualify":
      return { ok: true, command: { type: "disqualify", at, by: actor.id, bidder: command.bidder, reason: command.reason } };
  }
}

/** Events after `sinceSeq`, for a client that reconnects; and the current public state. */
export async function roomSnapshot(db: PrismaClient, roomId: string, sinceSeq: number) {
  const room = await db.bidRoom.findUnique({ where: { id: roomId }, select: { id: true, title: true, kind: true, config: true, lastSeq: true } });
  if (!room) return null;
  const { state } = await loadState(db, roomId, parseAuctionConfig(room.config));
  const events = await db.bidRoomEvent.findMany({
    where: { roomId, seq: { gt: sinceSeq } },
    orderBy: { seq: "asc" },
    take: 1_000,
    select: { seq: true, type: true, bidder: true, entries: true, at: true, hash: true, prevHash: true },
  });
  return {
    room: { id: room.id, title: room.title, kind: room.kind, lastSeq: room.lastSeq },
    state,
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}

/** The whole log of a room, for download and verification. */
export async function roomLog(db: PrismaClient, roomId: string): Promise<ChainEvent[]> {
  const events = await db.bidRoomEvent.findMany({
    where: { roomId },
    orderBy: { seq: "asc" },
    select: { seq: true, type: true, bidder: true, command: true, entries: true, at: true, prevHash: true, hash: true },
  });
  return events.map((e) => ({ ...e, at: e.at.toISOString() }));
}

/** Closes every room whose time is up. Idempotent: a room already closed is left as it is. */
export async function closeDueRooms(db: PrismaClient, now = new Date()): Promise<SubmitResult[]> {
  const due = await db.bidRoom.findMany({ where: { status: { in: ["SCHEDULED", "OPEN"] }, closesAt: { lte: now } }, select: { id: true, closesAt: true } });
  const results: SubmitResult[] = [];
  for (const room of due) {
    results.push(await submitRoomCommand(db, { roomId: room.id, actor: null, idempotencyKey: `close@${room.closesAt.toISOString()}`, command: { type: "close" }, now }));
  }
  return results;
}


export const ROOMS_PAGE_SIZE = 20;

export async function listRooms(db: PrismaClient, page: number) {
  const [total, items] = await Promise.all([
    db.bidRoom.count(),
    db.bidRoom.findMany({
      orderBy: [{ opensAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * ROOMS_PAGE_SIZE,
      take: ROOMS_PAGE_SIZE,
      select: { id: true, title: true, kind: true, status: true, opensAt: true, closesAt: true, price: true },
    }),
  ]);
  return { items, total, page, pages: Math.max(1, Math.ceil(total / ROOMS_PAGE_SIZE)) };
}

/** A room as its page shows it to this viewer: participants only for brokers and the host. */
export async function getRoomPage(db: PrismaClient, actor: Actor | null, roomId: string) {
  const room = await db.bidRoom.findUnique({
    where: { id: roomId },
    select: { id: true, title: true, kind: true, status: true, opensAt: true, closesAt: true, hostOrgId: true, config: true, result: true, price: true },
  });
  if (!room) return null;
  const config = parseAuctionConfig(room.config);
  const moderator = actor !== null && can(actor.memberships, "moderate:room");
  const host = actor !== null && actor.memberships.some((m) => m.organizationId === room.hostOrgId);
  const myOrgIds = actor ? actor.memberships.filter((m) => can([m], "create:bid")).map((m) => m.organizationId) : [];
  const mine = myOrgIds.length
    ? await db.bidRoomParticipant.findFirst({ where: { roomId, organizationId: { in: myOrgIds } }, select: { id: true, status: true } })
    : null;
  const participants =
    moderator || host
      ? await db.bidRoomParticipant.findMany({
          where: { roomId },
          orderBy: { createdAt: "asc" },
          select: { id: true, status: true, depositPaid: true, organizationId: true, createdAt: true },
        })
      : [];
  const orgNames = participants.length
    ? new Map((await db.organization.findMany({ where: { id: { in: participants.map((p) => p.organizationId) } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]))
    : new Map<string, string>();
  return {
    room: { id: room.id, title: room.title, status: room.status, opensAt: room.opensAt, closesAt: room.closesAt, startPrice: config.startPrice, increment: config.increment, softCloseSeconds: config.softCloseSeconds },
    moderator,
    host,
    canRegister: actor !== null && !host && myOrgIds.length > 0 && room.status !== "CLOSED",
    registerOrgId: myOrgIds[0] ?? null,
    mine,
    participants: participants.map((p) => ({ ...p, organizationName: orgNames.get(p.organizationId) ?? p.organizationId })),
  };
}

/** After the close, participants, the host and brokers may download the whole hash-chained log. */
export async function downloadableLog(db: PrismaClient, actor: Actor, roomId: string) {
  const page = await getRoomPage(db, actor, roomId);
  if (!page) throw new DomainError("error.notFound.body", 404);
  if (!(page.moderator || page.host || page.mine?.status === "APPROVED")) throw new DomainError("error.forbidden.body", 403);
  if (page.room.status !== "CLOSED") throw new DomainError("rooms.logAfterClose", 409);
  return { roomId, title: page.room.title, algorithm: "sha256(prevHash + '\\n' + canonicalJson([seq, type, bidder, command, entries, at]))", events: await roomLog(db, roomId) };
}

const chainEventSchema = z.object({
  seq: z.number().int(),
  type: z.string(),
  bidder: z.string().nullable(),
  command: z.unknown(),
  entries: z.unknown(),
  at: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});
export const downloadedLogSchema = z.object({ events: z.array(chainEventSchema).max(1_000_000) });

/**
 * The deal confirmation (成交确认书) of a sold auction: for the winner, the host organization and brokers.
 * It names both parties, the price, the time and the hash of the closing event, which ties it to the bid log.
 */
export async function dealConfirmation(db: PrismaClient, actor: Actor, roomId: string) {
  const room = await db.bidRoom.findUnique({
    where: { id: roomId },
    select: { id: true, title: true, status: true, result: true, hostOrgId: true, achievementId: true, lastHash: true, lastSeq: true, updatedAt: true },
  });
  if (!room) throw new DomainError("error.notFound.body", 404);
  const result = z.object({ outcome: z.literal("sold"), winner: z.string(), price: z.number() }).safeParse(room.result);
  if (room.status !== "CLOSED" || !result.success) throw new DomainError("rooms.noConfirmation", 409);
  const winner = await db.bidRoomParticipant.findUnique({ where: { id: result.data.winner }, select: { organizationId: true } });
  if (!winner) throw new Error("the winner of a closed room has no registration");
  const allowed = can(actor.memberships, "moderate:room") || actor.memberships.some((m) => m.organizationId === room.hostOrgId || m.organizationId === winner.organizationId);
  if (!allowed) throw new DomainError("error.forbidden.body", 403);
  const orgs = await db.organization.findMany({ where: { id: { in: [room.hostOrgId, winner.organizationId] } }, select: { id: true, name: true } });
  const closing = await db.bidRoomEvent.findFirst({ where: { roomId, type: "close" }, select: { at: true, hash: true, seq: true } });
  return {
    roomId: room.id,
    title: room.title,
    seller: orgs.find((o) => o.id === room.hostOrgId)?.name ?? "",
    buyer: orgs.find((o) => o.id === winner.organizationId)?.name ?? "",
    price: result.data.price,
    closedAt: closing?.at ?? room.updatedAt,
    closingHash: closing?.hash ?? room.lastHash,
    closingSeq: closing?.seq ?? room.lastSeq,
  };
}
