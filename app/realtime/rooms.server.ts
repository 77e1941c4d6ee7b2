import type { Server, Socket } from "socket.io";
import type { Actor } from "~/domain/accounts/accounts.server";
import { can } from "~/domain/accounts/permissions";
import type { AuctionState } from "~/domain/bidding/auction-engine";
import { minimumNextBid } from "~/domain/bidding/auction-engine";
import { type ChallengeState, challengeLeaderboard } from "~/domain/bidding/challenge-engine";
import { type RoomState, isChallengeState } from "~/domain/bidding/room-state";
import { anonymousLabel } from "~/domain/bidding/challenge-scoring";
import { type SubmitResult, bidderFor, closeDueRooms, roomSnapshot, submitRoomCommand } from "~/domain/bidding/rooms.server";
import { roomCommandMessageSchema, roomJoinMessageSchema } from "~/domain/bidding/schemas";
import { DomainError } from "~/domain/errors";
import { getTranslator, isMessageKey } from "~/i18n/i18n";
import { isLocale } from "~/i18n/locales";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { type ChallengeRoomView, type ClientToServerEvents, type RoomEventMessage, LIVE_NAMESPACE, type LiveRoomView, type RoomView, type ServerToClientEvents, type SocketData, rooms } from "./protocol";

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Bidder labels in order of first appearance in the log: 竞买人 A, B, … (identities stay with the server). */
function labeller(state: AuctionState) {
  const labels = new Map<string, string>();
  for (const entry of state.log) if (!labels.has(entry.bidder)) labels.set(entry.bidder, anonymousLabel(labels.size));
  return (bidder: string) => labels.get(bidder) ?? "?";
}

/**
 * An auction room as a viewer sees it. `observer` (the host's members, brokers) adds the participant
 * ids of the negotiation candidates, which the seller needs to accept or counter.
 */
export function roomView(state: AuctionState, you: string | null, observer = false): RoomView {
  const label = labeller(state);
  const result = state.result;
  const negotiation = state.negotiation ?? null;
  return {
    kind: "auction",
    status: state.status,
    closesAt: state.closesAt,
    extensions: state.extensions,
    price: state.price,
    leader: state.leader === null ? null : label(state.leader),
    minimumNextBid: minimumNextBid(state),
    reserveMet: state.config.reservePrice === null ? null : state.price !== null && state.price >= state.config.reservePrice,
    you: you === null || !state.log.some((entry) => entry.bidder === you) ? null : label(you),
    log: state.log.map((entry) => ({ ...entry, bidder: label(entry.bidder) })),
    result:
      result === null
        ? null
        : result.outcome === "sold"
          ? { outcome: "sold", price: result.price, winner: label(result.winner), ...(result.negotiated ? { negotiated: true } : {}) }
          : result.outcome === "reserve_not_met"
            ? { outcome: "reserve_not_met", price: result.price }
            : { outcome: "no_bids" },
    negotiation:
      negotiation === null
        ? null
        : {
            endsAt: negotiation.endsAt,
            status: negotiation.status,
            candidates: negotiation.candidates.map((c) => ({ label: label(c.bidder), bid: c.bid, counter: c.counter, response: c.response, ...(observer ? { bidder: c.bidder } : {}) })),
            agreed: negotiation.agreed ? { label: label(negotiation.agreed.bidder), price: negotiation.agreed.price } : null,
          },
  };
}

export type Identities = ReadonlyMap<string, { organizationId: string; organizationName: string }>;

/**
 * A challenge room as one viewer sees it: `you` is the viewer's participant id (their own row carries
 * their offer); `identities` is given only for the issuer and brokers, whose rows name every bidder.
 */
export function challengeView(state: ChallengeState, you: string | null, identities: Identities | null): ChallengeRoomView {
  const rows = challengeLeaderboard(state);
  const labelOf = new Map(rows.map((row) => [row.bidder, row.label]));
  const result = state.result;
  return {
    kind: "challenge",
    status: state.status,
    closesAt: state.closesAt,
    formula: state.config.formula,
    leaderboard: rows.map((row) => ({
      label: row.label,
      rank: row.rank,
      score: row.score.total,
      ...(identities || row.bidder === you ? { offer: { funding: row.bid.funding, months: row.bid.months, commitments: row.bid.commitments } } : {}),
      ...(identities ? { participantId: row.bidder, organizationName: identities.get(row.bidder)?.organizationName ?? "?" } : {}),
    })),
    you: you === null ? null : (labelOf.get(you) ?? null),
    result:
      result === null
        ? null
        : {
            outcome: result.outcome,
            ranking:
              result.outcome === "ranked"
                ? result.ranking.map((row) => ({ label: row.label, score: row.score, ...(identities ? { organizationName: identities.get(row.bidder)?.organizationName ?? "?" } : {}) }))
                : [],
          },
  };
}

export function viewFor(state: RoomState, you: string | null, identities: Identities | null): LiveRoomView {
  return isChallengeState(state) ? challengeView(state, you, identities) : roomView(state, you, identities !== null);
}

/** Who each participant of a room is, for observers' views; kept per room, read again when a bidder is unknown. */
const identityCache = new Map<string, Map<string, { organizationId: string; organizationName: string }>>();

async function identitiesFor(roomId: string, needed: readonly string[]): Promise<Identities> {
  const cached = identityCache.get(roomId);
  if (cached && needed.every((id) => cached.has(id))) return cached;
  const db = await getPrisma();
  const participants = await db.bidRoomParticipant.findMany({ where: { roomId }, select: { id: true, organizationId: true } });
  const orgs = await db.organization.findMany({ where: { id: { in: participants.map((p) => p.organizationId) } }, select: { id: true, name: true } });
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const map = new Map(participants.map((p) => [p.id, { organizationId: p.organizationId, organizationName: names.get(p.organizationId) ?? p.organizationId }]));
  if (identityCache.size > 1_000) identityCache.clear();
  identityCache.set(roomId, map);
  return map;
}

function biddersOf(state: RoomState): string[] {
  return isChallengeState(state) ? [...new Set(state.offers.map((o) => o.bidder))] : (state.negotiation?.candidates.map((c) => c.bidder) ?? []);
}

/** Whether the actor sees identities in a room: the host organization's members and moderators. */
function isObserver(actor: Actor, hostOrgId: string): boolean {
  return can(actor.memberships, "moderate:room") || actor.memberships.some((m) => m.organizationId === hostOrgId);
}

/** Per-bidder rate limit: a token bucket per user and room, ROOM_BID_RATE commands a second (burst of as many). */
const buckets = new Map<string, { tokens: number; at: number }>();
function allow(key: string, now: number): boolean {
  const rate = getEnv().ROOM_BID_RATE;
  const bucket = buckets.get(key) ?? { tokens: rate, at: now };
  bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
  bucket.at = now;
  if (bucket.tokens < 1) {
    buckets.set(key, bucket);
    return false;
  }
  bucket.tokens -= 1;
  buckets.set(key, bucket);
  if (buckets.size > 50_000) buckets.clear();
  return true;
}

function translatorFor(actor: Actor) {
  return getTranslator(isLocale(actor.locale) ? actor.locale : "zh-CN");
}

/**
 * Broadcasts committed room events to everyone in the room (across processes with Redis).
 *
 * Events committed together (one batch, or the same turn of the event loop) leave in one frame per
 * socket: `room:event` for one event, `room:events` for several. Under load the batches grow, so the
 * number of frames written to each socket stays near the number of commits, not of commands.
 *
 * An auction's bidding phase sends one anonymous view to all. A challenge room, and an auction's
 * negotiation, send the anonymous view to the room except its observers and participants, each
 * participant a view with its own offer, and a view with identities to the observers: participants
 * never receive another participant's identity.
 */
export function broadcastRoomEvent(io: LiveServer, roomId: string, result: SubmitResult) {
  if (!result.event) return;
  const pending = pendingBroadcasts.get(roomId);
  if (pending) {
    pending.push(result);
    return;
  }
  const batch = [result];
  pendingBroadcasts.set(roomId, batch);
  setImmediate(() => {
    pendingBroadcasts.delete(roomId);
    // Flushes of one room run one after another, so events leave in sequence order.
    const previous = flushing.get(roomId) ?? Promise.resolve();
    const next = previous.then(() => flush(io, roomId, batch)).catch((error: unknown) => logger.error("room broadcast failed", { roomId, error: String(error) }));
    flushing.set(roomId, next);
    void next.then(() => {
      if (flushing.get(roomId) === next) flushing.delete(roomId);
    });
  });
}

const pendingBroadcasts = new Map<string, SubmitResult[]>();
const flushing = new Map<string, Promise<void>>();

function send(target: ReturnType<ReturnType<LiveServer["of"]>["to"]>, roomId: string, messages: RoomEventMessage[]) {
  if (messages.length === 1 && messages[0]) target.emit("room:event", messages[0]);
  else if (messages.length > 1) target.emit("room:events", { roomId, events: messages });
}

async function flush(io: LiveServer, roomId: string, results: SubmitResult[]) {
  const events = results.filter((r): r is SubmitResult & { event: NonNullable<SubmitResult["event"]> } => r.event !== null).sort((a, b) => a.event.seq - b.event.seq);
  if (events.length === 0) return;
  const nsp = io.of(LIVE_NAMESPACE);
  const head = (r: (typeof events)[number]) => ({ roomId, seq: r.event.seq, type: r.event.type, at: r.event.at, hash: r.event.hash });
  if (events.every((r) => !isChallengeState(r.state) && !r.state.negotiation)) {
    // Only the new log lines travel with each event, so a broadcast stays small however long the auction runs.
    const messages = events.map((r) => {
      const view = roomView(r.state as AuctionState, null);
      const reset = r.event.type === "disqualify";
      return { ...head(r), reset, view: reset ? view : { ...view, log: view.log.slice(view.log.length - newEntryCount(r)) } };
    });
    send(nsp.to(rooms.bidRoom(roomId)), roomId, messages);
    return;
  }
  const last = events[events.length - 1];
  const identities = await identitiesFor(roomId, last ? biddersOf(last.state) : []);
  const observers = rooms.bidRoomObservers(roomId);
  const whole = (you: string | null, ids: Identities | null) => events.map((r) => ({ ...head(r), reset: true, view: viewFor(r.state, you, ids) }));
  if (last && isChallengeState(last.state)) {
    // A challenge room has few participants: each gets a view with its own offer.
    const participantIds = [...identities.keys()];
    send(nsp.to(rooms.bidRoom(roomId)).except([observers, ...participantIds.map((id) => rooms.bidRoomParticipant(roomId, id))]), roomId, whole(null, null));
    for (const id of participantIds) send(nsp.to(rooms.bidRoomParticipant(roomId, id)).except(observers), roomId, whole(id, null));
  } else {
    send(nsp.to(rooms.bidRoom(roomId)).except(observers), roomId, whole(null, null));
  }
  send(nsp.to(observers), roomId, whole(null, identities));
}

function newEntryCount(result: SubmitResult): number {
  return result.outcome.ok ? result.outcome.entries.length : 0;
}

function ownLabel(result: SubmitResult): string | null {
  if (!result.bidder) return null;
  if (isChallengeState(result.state)) return challengeView(result.state, result.bidder, null).you;
  const bidder = result.bidder;
  return result.state.log.some((e) => e.bidder === bidder) ? labeller(result.state)(bidder) : null;
}

export function attachRoomHandlers(socket: LiveSocket) {
  const actor = socket.data.actor;
  const t = translatorFor(actor);

  socket.on("room:join", async (payload, ack) => {
    if (typeof ack !== "function") return;
    const parsed = roomJoinMessageSchema.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, code: "invalid", error: t("room.invalidCommand"), serverTime: Date.now() });
    try {
      const db = await getPrisma();
      const roomId = parsed.data.roomId;
      const snapshot = await roomSnapshot(db, roomId, parsed.data.lastSeq);
      if (!snapshot) return ack({ ok: false, code: "not_found", error: t("error.notFound.body"), serverTime: Date.now() });
      const observer = isObserver(actor, snapshot.room.hostOrgId);
      const you = await bidderFor(db, actor, roomId);
      await socket.join([
        rooms.bidRoom(roomId),
        ...(observer ? [rooms.bidRoomObservers(roomId)] : []),
        ...(you && snapshot.room.kind === "CHALLENGE" ? [rooms.bidRoomParticipant(roomId, you)] : []),
      ]);
      ack({
        ok: true,
        serverTime: Date.now(),
        room: { id: snapshot.room.id, title: snapshot.room.title, lastSeq: snapshot.room.lastSeq },
        view: viewFor(snapshot.state, you, observer ? await identitiesFor(roomId, biddersOf(snapshot.state)) : null),
        missed: snapshot.events.map((e) => ({ seq: e.seq, type: e.type, at: e.at, hash: e.hash })),
      });
    } catch (error) {
      logger.error("room join failed", { error: String(error) });
      ack({ ok: false, code: "unavailable", error: t("error.server.title"), serverTime: Date.now() });
    }
  });

  socket.on("room:leave", (payload) => {
    const parsed = roomJoinMessageSchema.safeParse(payload);
    if (!parsed.success) return;
    void socket.leave(rooms.bidRoom(parsed.data.roomId));
    void socket.leave(rooms.bidRoomObservers(parsed.data.roomId));
  });

  socket.on("room:command", async (payload, ack) => {
    if (typeof ack !== "function") return;
    const parsed = roomCommandMessageSchema.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, code: "invalid", error: t("room.invalidCommand"), serverTime: Date.now() });
    const { roomId, idempotencyKey, command } = parsed.data;
    const moderating = command.type !== "bid" && command.type !== "proxy" && command.type !== "offer" && can(actor.memberships, "moderate:room");
    if (!moderating && !allow(`${actor.id}:${roomId}`, Date.now())) {
      return ack({ ok: false, code: "rate_limited", error: t("room.reject.rate_limited"), serverTime: Date.now() });
    }
    try {
      const result = await submitRoomCommand(await getPrisma(), { roomId, actor, idempotencyKey, command });
      const reason = result.outcome.ok ? undefined : result.outcome.reason;
      const key = reason ? `room.reject.${reason}` : null;
      ack({
        ok: true,
        outcome: result.outcome.ok ? { ok: true, status: result.outcome.status } : { ok: false, reason },
        message: key && isMessageKey(key) ? t(key) : undefined,
        seq: result.seq,
        replayed: result.replayed,
        serverTime: Date.now(),
        // The bidder's own label, which exists once they appear in the log (or the leaderboard).
        you: ownLabel(result),
      });
      // Persist, then broadcast: the event carries its committed sequence number.
      broadcastRoomEvent(socket.nsp.server, roomId, result);
    } catch (error) {
      if (error instanceof DomainError) return ack({ ok: false, code: String(error.status), error: t(error.messageKey, error.params), serverTime: Date.now() });
      logger.error("room command failed", { roomId, error: String(error) });
      ack({ ok: false, code: "unavailable", error: t("error.server.title"), serverTime: Date.now() });
    }
  });
}

/**
 * Closes rooms when their time is up. Schedules live in the database (closesAt), so a restarted
 * server picks them up at once; closing is an idempotent database transition.
 */
export function startRoomScheduler(io: LiveServer, intervalMs = 500) {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const results = await closeDueRooms(await getPrisma());
      for (const result of results) broadcastRoomEvent(io, result.roomId, result);
    } catch (error) {
      logger.warn("room scheduler tick failed", { error: String(error) });
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
