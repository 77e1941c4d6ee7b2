import type { Server, Socket } from "socket.io";
import type { Actor } from "~/domain/accounts/accounts.server";
import { can } from "~/domain/accounts/permissions";
import type { AuctionState } from "~/domain/bidding/auction-engine";
import { minimumNextBid } from "~/domain/bidding/auction-engine";
import { anonymousLabel } from "~/domain/bidding/challenge-scoring";
import { type SubmitResult, bidderFor, closeDueRooms, roomSnapshot, submitRoomCommand } from "~/domain/bidding/rooms.server";
import { roomCommandMessageSchema, roomJoinMessageSchema } from "~/domain/bidding/schemas";
import { DomainError } from "~/domain/errors";
import { getTranslator, isMessageKey } from "~/i18n/i18n";
import { isLocale } from "~/i18n/locales";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { type ClientToServerEvents, LIVE_NAMESPACE, type RoomView, type ServerToClientEvents, type SocketData, rooms } from "./protocol";

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Bidder labels in order of first appearance in the log: 竞买人 A, B, … (identities stay with the server). */
function labeller(state: AuctionState) {
  const labels = new Map<string, string>();
  for (const entry of state.log) if (!labels.has(entry.bidder)) labels.set(entry.bidder, anonymousLabel(labels.size));
  return (bidder: string) => labels.get(bidder) ?? "?";
}

export function roomView(state: AuctionState, you: string | null): RoomView {
  const label = labeller(state);
  const result = state.result;
  return {
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
          ? { outcome: "sold", price: result.price, winner: label(result.winner) }
          : result.outcome === "reserve_not_met"
            ? { outcome: "reserve_not_met", price: result.price }
            : { outcome: "no_bids" },
  };
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

/** Broadcasts a committed room event to everyone in the room (across processes with Redis). */
export function broadcastRoomEvent(io: LiveServer, roomId: string, result: SubmitResult) {
  if (!result.event) return;
  // Only the new log lines travel with each event, so a broadcast stays small however long the auction runs.
  const reset = result.event.type === "disqualify";
  const full = roomView(result.state, null);
  const view = reset ? full : { ...full, log: full.log.slice(full.log.length - newEntryCount(result)) };
  io.of(LIVE_NAMESPACE)
    .to(rooms.bidRoom(roomId))
    .emit("room:event", { roomId, seq: result.event.seq, type: result.event.type, at: result.event.at, hash: result.event.hash, reset, view });
}

function newEntryCount(result: SubmitResult): number {
  return result.outcome.ok ? result.outcome.entries.length : 0;
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
      const snapshot = await roomSnapshot(db, parsed.data.roomId, parsed.data.lastSeq);
      if (!snapshot) return ack({ ok: false, code: "not_found", error: t("error.notFound.body"), serverTime: Date.now() });
      await socket.join(rooms.bidRoom(parsed.data.roomId));
      const you = await bidderFor(db, actor, parsed.data.roomId);
      ack({
        ok: true,
        serverTime: Date.now(),
        room: { id: snapshot.room.id, title: snapshot.room.title, lastSeq: snapshot.room.lastSeq },
        view: roomView(snapshot.state, you),
        missed: snapshot.events.map((e) => ({ seq: e.seq, type: e.type, at: e.at, hash: e.hash })),
      });
    } catch (error) {
      logger.error("room join failed", { error: String(error) });
      ack({ ok: false, code: "unavailable", error: t("error.server.title"), serverTime: Date.now() });
    }
  });

  socket.on("room:leave", (payload) => {
    const parsed = roomJoinMessageSchema.safeParse(payload);
    if (parsed.success) void socket.leave(rooms.bidRoom(parsed.data.roomId));
  });

  socket.on("room:command", async (payload, ack) => {
    if (typeof ack !== "function") return;
    const parsed = roomCommandMessageSchema.safeParse(payload);
    if (!parsed.success) return ack({ ok: false, code: "invalid", error: t("room.invalidCommand"), serverTime: Date.now() });
    const { roomId, idempotencyKey, command } = parsed.data;
    const moderating = command.type !== "bid" && command.type !== "proxy" && can(actor.memberships, "moderate:room");
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
        // The bidder's own label, which exists once they appear in the log.
        you: result.bidder && result.state.log.some((e) => e.bidder === result.bidder) ? roomView(result.state, result.bidder).you : null,
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
