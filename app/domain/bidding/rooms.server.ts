import crypto from "node:crypto";
import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { isRecordId } from "../record-ids";
import { type AuctionConfig, createAuction } from "./auction-engine";
import { challengeLeaderboard } from "./challenge-engine";
import { type RoomCommand, type RoomOutcome, type RoomState, applyRoomCommand, initialRoomState, isChallengeState } from "./room-state";
import { auctionConfigSchema, type ClientCommand, storedCommandSchema, storedOutcomeSchema } from "./schemas";

/**
 * Bid rooms on the database. The database decides: a command is accepted only by a committed
 * transaction that holds the room's row lock and appends the next event (unique room × seq).
 * Every client command carries an idempotency key; a retry returns the original outcome.
 */

export type { ClientCommand };

export type RoomEvent = { seq: number; type: string; bidder: string | null; entries: unknown; at: string; hash: string; prevHash: string };

export type SubmitResult = { roomId: string; bidder: string | null; outcome: RoomOutcome; seq: number | null; replayed: boolean; event: RoomEvent | null; state: RoomState };

export const SYSTEM_ACTOR = "system";

// ─── state cache ──────────────────────────────────────────────────────────────────────────────
// The state of a room is the fold of its events. Each process keeps the last state it computed and
// catches up from the database with the events it has not seen (another process may have written them).
const cache = new Map<string, { seq: number; state: RoomState }>();

export function forgetRoomCache(roomId?: string) {
  if (roomId) cache.delete(roomId);
  else cache.clear();
}

type Tx = Prisma.TransactionClient;

async function loadState(tx: Tx | PrismaClient, roomId: string, config: Prisma.JsonValue, knownSeq?: number): Promise<{ seq: number; state: RoomState }> {
  const cached = cache.get(roomId);
  // The usual case under the lock: this process wrote the last event, nothing to read.
  if (cached && knownSeq !== undefined && cached.seq === knownSeq) return cached;
  let seq = cached?.seq ?? 0;
  let state = cached?.state ?? initialRoomState(config);
  const events = await tx.bidRoomEvent.findMany({ where: { roomId, seq: { gt: seq } }, orderBy: { seq: "asc" }, select: { seq: true, command: true } });
  for (const event of events) {
    state = applyRoomCommand(state, parseStoredCommand(event.command)).state;
    seq = event.seq;
  }
  return { seq, state };
}

function parseStoredCommand(value: Prisma.JsonValue): RoomCommand {
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
  /** the negotiation window when the reserve is not met (default: none) */
  negotiation?: { seconds: number; topN: number } | null;
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
    ...(input.negotiation && input.reservePrice !== null ? { negotiation: input.negotiation } : {}),
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

export async function decideParticipant(db: PrismaClient, actor: Actor, roomId: string, participantId: string, approve: boolean, depositPaid: boolean) {
  if (!can(actor.memberships, "moderate:room")) throw new DomainError("error.forbidden.body", 403);
  return db.$transaction(async (tx) => {
    // A participant id that names no registration in this room is the caller's mistake, not a server error.
    if (!isRecordId(participantId) || !(await tx.bidRoomParticipant.findFirst({ where: { id: participantId, roomId }, select: { id: true } }))) throw new DomainError("error.notFound.body", 404);
    const participant = await tx.bidRoomParticipant.update({
      where: { id: participantId },
      data: { status: approve ? "APPROVED" : "REJECTED", depositPaid, decidedAt: new Date(), decidedById: actor.id },
      select: { id: true, roomId: true, status: true },
    });
    await recordAudit(tx, { actorId: actor.id, action: approve ? "room.participant_approved" : "room.participant_rejected", entityType: "BidRoomParticipant", entityId: participantId, after: { depositPaid } });
    return participant;
  }).then((participant) => {
    forgetBidders(participant.roomId);
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
 * An admitted bidder stays admitted for the life of a room in practice, so the answer is kept for a
 * few seconds: a burst of bids does not ask the database the same question each time. A decision on a
 * participant in this process forgets the room's answers at once.
 */
const BIDDER_TTL_MS = 10_000;
const bidderCache = new Map<string, { participantId: string; at: number }>();

async function cachedBidderFor(db: PrismaClient, actor: Actor, roomId: string): Promise<string | null> {
  const key = `${roomId}\n${actor.id}`;
  const hit = bidderCache.get(key);
  if (hit && Date.now() - hit.at < BIDDER_TTL_MS) return hit.participantId;
  const participantId = await bidderFor(db, actor, roomId);
  if (participantId) {
    if (bidderCache.size > 100_000) bidderCache.clear();
    bidderCache.set(key, { participantId, at: Date.now() });
  } else bidderCache.delete(key);
  return participantId;
}

function forgetBidders(roomId: string) {
  for (const key of bidderCache.keys()) if (key.startsWith(`${roomId}\n`)) bidderCache.delete(key);
}

const BIDDER_COMMANDS = new Set(["bid", "proxy", "offer", "respond"]);

type SubmitInput = { roomId: string; actor: Actor | null; idempotencyKey: string; command: ClientCommand | { type: "close" } | { type: "expire" }; now?: Date };

type Job = {
  actor: Actor | null;
  userId: string;
  bidder: string | null;
  idempotencyKey: string;
  command: SubmitInput["command"];
  now: Date;
  resolve: (result: SubmitResult) => void;
  reject: (error: unknown) => void;
};

/**
 * Runs one command in the room. `actor` is null for the system (scheduled close, end of a negotiation).
 * The outcome of every keyed attempt is stored, so a retried key returns the same answer.
 *
 * Commands for one room are queued in this process and committed in batches: one transaction takes the
 * room's row lock once, applies every queued command in arrival order (each gets its own sequence
 * number and hash), and writes their events and attempts together. Another process's commands still
 * wait on the row lock, so the guarantees do not depend on there being one process.
 */
export async function submitRoomCommand(db: PrismaClient, input: SubmitInput): Promise<SubmitResult> {
  // Who bids is settled before queueing, to keep the locked section short.
  const bidder = BIDDER_COMMANDS.has(input.command.type) && input.actor ? await cachedBidderFor(db, input.actor, input.roomId) : null;
  return new Promise<SubmitResult>((resolve, reject) => {
    const job: Job = {
      actor: input.actor,
      userId: input.actor?.id ?? SYSTEM_ACTOR,
      bidder,
      idempotencyKey: input.idempotencyKey,
      command: input.command,
      now: input.now ?? new Date(),
      resolve,
      reject,
    };
    const queue = queues.get(input.roomId);
    if (queue) queue.push(job);
    else {
      const fresh = [job];
      queues.set(input.roomId, fresh);
      void drain(db, input.roomId, fresh);
    }
  });
}

const MAX_BATCH = 100;
const queues = new Map<string, Job[]>();

async function drain(db: PrismaClient, roomId: string, queue: Job[]) {
  try {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        const results = await commitBatch(db, roomId, batch);
        batch.forEach((job, i) => {
          const result = results[i];
          if (result instanceof DomainError || result === undefined) job.reject(result ?? new Error("no result"));
          else job.resolve(result);
        });
      } catch (error) {
        // Nothing of the batch was committed: every command fails and may be retried with its key.
        for (const job of batch) job.reject(error);
      }
    }
  } finally {
    queues.delete(roomId);
  }
}

/** Moderation and the seller's negotiation moves are audited besides being in the room's log. */
const AUDITED = new Set(["pause", "resume", "extend", "disqualify", "accept_bid", "counter"]);

const STATUS = { scheduled: "SCHEDULED", open: "OPEN", paused: "PAUSED", closed: "CLOSED" } as const;

async function commitBatch(db: PrismaClient, roomId: string, jobs: Job[]): Promise<(SubmitResult | DomainError)[]> {
  const result = await db.$transaction(
    async (tx) => {
      // The row lock serialises every command of this room, across connections and processes.
      const [room] = await tx.$queryRaw<{ config: Prisma.JsonValue; lastSeq: number; lastHash: string; hostOrgId: string }[]>`
        SELECT config, "lastSeq", "lastHash", "hostOrgId" FROM "BidRoom" WHERE id = ${roomId} FOR UPDATE`;
      if (!room) throw new DomainError("error.notFound.body", 404);
      const loaded = await loadState(tx, roomId, room.config, room.lastSeq);
      if (loaded.seq !== room.lastSeq) throw new Error(`room ${roomId} state at ${loaded.seq}, snapshot at ${room.lastSeq}`);

      const keyOf = (userId: string, idempotencyKey: string) => `${userId}\n${idempotencyKey}`;
      const previous = await tx.bidAttempt.findMany({
        where: { roomId, OR: jobs.map((job) => ({ userId: job.userId, idempotencyKey: job.idempotencyKey })) },
        select: { userId: true, idempotencyKey: true, outcome: true, seq: true },
      });
      const known = new Map<string, { outcome: RoomOutcome; seq: number | null }>(previous.map((p) => [keyOf(p.userId, p.idempotencyKey), { outcome: parseOutcome(p.outcome), seq: p.seq }]));

      let state = loaded.state;
      let seq = room.lastSeq;
      let hash = room.lastHash;
      let closed = false;
      const events: Prisma.BidRoomEventCreateManyInput[] = [];
      const attempts: Prisma.BidAttemptCreateManyInput[] = [];
      const results: (SubmitResult | DomainError)[] = [];
      for (const job of jobs) {
        const key = keyOf(job.userId, job.idempotencyKey);
        const earlier = known.get(key);
        if (earlier) {
          results.push({ roomId, bidder: job.bidder, outcome: earlier.outcome, seq: earlier.seq, replayed: true, event: null, state });
          continue;
        }
        let command: ReturnType<typeof toEngineCommand>;
        try {
          command = toEngineCommand(job.actor, job.bidder, job.command, job.now.getTime(), room.hostOrgId);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          results.push(error);
          continue;
        }
        const applied = command.ok ? applyRoomCommand(state, command.command) : { state, outcome: command.outcome };
        let event: RoomEvent | null = null;
        if (applied.outcome.ok && command.ok) {
          const engineCommand = command.command;
          seq += 1;
          const at = job.now.toISOString();
          const bidder = "bidder" in engineCommand && engineCommand.type !== "disqualify" ? engineCommand.bidder : null;
          const entries = applied.outcome.entries;
          const prevHash = hash;
          hash = eventHash(prevHash, { seq, type: engineCommand.type, bidder, command: engineCommand, entries, at });
          events.push({ roomId, seq, type: engineCommand.type, actorId: job.actor?.id ?? null, bidder, command: engineCommand, entries, at: job.now, prevHash, hash });
          event = { seq, type: engineCommand.type, bidder, entries, at, hash, prevHash };
          state = applied.state;
          if (AUDITED.has(engineCommand.type) && job.actor) {
            await recordAudit(tx, { actorId: job.actor.id, action: `room.${engineCommand.type}`, entityType: "BidRoom", entityId: roomId, after: { seq, command: engineCommand } });
          }
          if (engineCommand.type === "close") closed = true;
        }
        attempts.push({ roomId, userId: job.userId, idempotencyKey: job.idempotencyKey, outcome: applied.outcome, seq: event?.seq ?? null });
        known.set(key, { outcome: applied.outcome, seq: event?.seq ?? null });
        results.push({ roomId, bidder: job.bidder, outcome: applied.outcome, seq: event?.seq ?? null, replayed: false, event, state });
      }
      if (events.length > 0) {
        await tx.bidRoomEvent.createMany({ data: events });
        await tx.bidRoom.update({ where: { id: roomId }, data: { lastSeq: seq, lastHash: hash, ...(await roomColumns(tx, roomId, state, closed)) } });
      }
      if (attempts.length > 0) await tx.bidAttempt.createMany({ data: attempts });
      return { results, state, seqAfter: seq };
    },
    { timeout: 15_000, maxWait: 15_000 },
  );
  // Only a committed state enters the cache.
  const cached = cache.get(roomId);
  if (!cached || cached.seq <= result.seqAfter) cache.set(roomId, { seq: result.seqAfter, state: result.state });
  return result.results;
}

/** The room row's summary columns, derived from the state. */
async function roomColumns(tx: Tx, roomId: string, state: RoomState, closedNow: boolean) {
  if (isChallengeState(state)) {
    const top = challengeLeaderboard(state)[0];
    let result: Prisma.InputJsonValue | undefined;
    if (closedNow && state.result) {
      // The ranking names organizations: the participants are the qualified applicants' lead organizations.
      const participants = await tx.bidRoomParticipant.findMany({ where: { roomId }, select: { id: true, organizationId: true } });
      const orgOf = new Map(participants.map((p) => [p.id, p.organizationId]));
      result =
        state.result.outcome === "ranked"
          ? { outcome: "ranked", ranking: state.result.ranking.map((row) => ({ organizationId: orgOf.get(row.bidder) ?? "", participantId: row.bidder, score: row.score, label: row.label })) }
          : { outcome: "no_offers", ranking: [] };
    }
    return { status: STATUS[state.status], closesAt: new Date(state.closesAt), price: null, leaderId: top?.bidder ?? null, ...(result ? { result } : {}) };
  }
  const negotiation = state.negotiation ?? null;
  return {
    status: STATUS[state.status],
    closesAt: new Date(state.closesAt),
    price: state.result?.outcome === "sold" ? state.result.price : state.price,
    leaderId: state.result?.outcome === "sold" ? state.result.winner : state.leader,
    result: state.result ?? undefined,
    negotiationEndsAt: negotiation?.status === "open" ? new Date(negotiation.endsAt) : null,
  };
}

function parseOutcome(value: Prisma.JsonValue): RoomOutcome {
  return storedOutcomeSchema.parse(value);
}

function toEngineCommand(
  actor: Actor | null,
  bidder: string | null,
  command: SubmitInput["command"],
  at: number,
  hostOrgId: string,
): { ok: true; command: RoomCommand } | { ok: false; outcome: RoomOutcome } {
  if (command.type === "close" || command.type === "expire") {
    if (actor !== null) return { ok: false, outcome: { ok: false, reason: "not_open" } };
    return { ok: true, command: { type: command.type, at } };
  }
  if (command.type === "bid" || command.type === "proxy" || command.type === "offer" || command.type === "respond") {
    if (!actor) throw new DomainError("error.forbidden.body", 403);
    if (!bidder) throw new DomainError("room.notParticipant", 403);
    switch (command.type) {
      case "bid":
        return { ok: true, command: { type: "bid", bidder, amount: command.amount, at } };
      case "proxy":
        return { ok: true, command: { type: "proxy", bidder, max: command.max, at } };
      case "offer":
        return { ok: true, command: { type: "offer", bidder, funding: command.funding, months: command.months, commitments: command.commitments, at } };
      case "respond":
        return { ok: true, command: { type: "respond", bidder, accept: command.accept, at } };
    }
  }
  if (command.type === "accept_bid" || command.type === "counter") {
    // The seller: a member of the host organization who may run its rooms.
    if (!actor || !actor.memberships.some((m) => m.organizationId === hostOrgId && can([m], "create:room", hostOrgId))) throw new DomainError("error.forbidden.body", 403);
    return command.type === "accept_bid"
      ? { ok: true, command: { type: "accept_bid", at, by: actor.id, bidder: command.bidder } }
      : { ok: true, command: { type: "counter", at, by: actor.id, bidder: command.bidder, amount: command.amount } };
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
  const room = await db.bidRoom.findUnique({ where: { id: roomId }, select: { id: true, title: true, kind: true, config: true, lastSeq: true, hostOrgId: true } });
  if (!room) return null;
  const { state } = await loadState(db, roomId, room.config);
  const events = await db.bidRoomEvent.findMany({
    where: { roomId, seq: { gt: sinceSeq } },
    orderBy: { seq: "asc" },
    take: 1_000,
    select: { seq: true, type: true, bidder: true, entries: true, at: true, hash: true, prevHash: true },
  });
  return {
    room: { id: room.id, title: room.title, kind: room.kind, lastSeq: room.lastSeq, hostOrgId: room.hostOrgId },
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

/**
 * Closes every room whose time is up, and ends every negotiation window that has run out.
 * Idempotent: a room already closed (a window already ended) is left as it is.
 */
export async function closeDueRooms(db: PrismaClient, now = new Date()): Promise<SubmitResult[]> {
  const due = await db.bidRoom.findMany({ where: { status: { in: ["SCHEDULED", "OPEN"] }, closesAt: { lte: now } }, select: { id: true, closesAt: true } });
  const results: SubmitResult[] = [];
  for (const room of due) {
    results.push(await submitRoomCommand(db, { roomId: room.id, actor: null, idempotencyKey: `close@${room.closesAt.toISOString()}`, command: { type: "close" }, now }));
  }
  const negotiations = await db.bidRoom.findMany({ where: { negotiationEndsAt: { lte: now } }, select: { id: true, negotiationEndsAt: true } });
  for (const room of negotiations) {
    results.push(await submitRoomCommand(db, { roomId: room.id, actor: null, idempotencyKey: `expire@${room.negotiationEndsAt?.toISOString() ?? ""}`, command: { type: "expire" }, now }));
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
    select: { id: true, title: true, kind: true, status: true, opensAt: true, closesAt: true, hostOrgId: true, config: true, result: true, price: true, challengeId: true },
  });
  if (!room) return null;
  const auction = room.kind === "AUCTION" ? parseAuctionConfig(room.config) : null;
  const moderator = actor !== null && can(actor.memberships, "moderate:room");
  const host = actor !== null && actor.memberships.some((m) => m.organizationId === room.hostOrgId);
  const myOrgIds = actor ? actor.memberships.filter((m) => can([m], "create:bid")).map((m) => m.organizationId) : [];
  const mine = myOrgIds.length
    ? await db.bidRoomParticipant.findFirst({ where: { roomId, organizationId: { in: myOrgIds } }, select: { id: true, status: true, organizationId: true } })
    : null;
  const participants =
    moderator || host
      ? await db.bidRoomParticipant.findMany({
          where: { roomId },
          orderBy: { createdAt: "asc" },
          select: { id: true, status: true, depositPaid: true, organizationId: true, createdAt: true },
        })
      : [];
  const nameIds = [...participants.map((p) => p.organizationId), ...(mine ? [mine.organizationId] : [])];
  const orgNames = nameIds.length
    ? new Map((await db.organization.findMany({ where: { id: { in: nameIds } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]))
    : new Map<string, string>();
  return {
    room: {
      id: room.id,
      kind: room.kind,
      title: room.title,
      status: room.status,
      opensAt: room.opensAt,
      closesAt: room.closesAt,
      challengeId: room.challengeId,
      startPrice: auction?.startPrice ?? null,
      increment: auction?.increment ?? null,
      softCloseSeconds: auction?.softCloseSeconds ?? null,
    },
    moderator,
    host,
    // Challenge rooms admit the qualified applicants themselves: nobody registers.
    canRegister: room.kind === "AUCTION" && actor !== null && !host && myOrgIds.length > 0 && room.status !== "CLOSED",
    registerOrgId: myOrgIds[0] ?? null,
    mine: mine ? { id: mine.id, status: mine.status, organizationName: orgNames.get(mine.organizationId) ?? "" } : null,
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
