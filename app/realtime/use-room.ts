import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientCommand } from "~/domain/bidding/schemas";
import { type ClientToServerEvents, LIVE_NAMESPACE, type LiveRoomView, type RoomAck, type RoomEventMessage, type ServerToClientEvents } from "./protocol";

type Command = ClientCommand;

export type RoomConnection = "connecting" | "live" | "reconnecting";

/**
 * Follows one bid room live. The server's stream is a signal plus data: events arrive in sequence;
 * a gap (or a reconnect) makes the client join again with its last sequence number and catch up.
 * Countdowns use the server's clock, corrected by the offset measured at each join.
 */
export function useRoom(roomId: string) {
  const [view, setView] = useState<LiveRoomView | null>(null);
  const [you, setYou] = useState<string | null>(null);
  const [connection, setConnection] = useState<RoomConnection>("connecting");
  const [offset, setOffset] = useState(0);
  const socketRef = useRef<Socket<ServerToClientEvents, ClientToServerEvents> | null>(null);
  const lastSeq = useRef(0);

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(LIVE_NAMESPACE, { transports: ["websocket", "polling"] });
    socketRef.current = socket;
    const join = () => {
      const sentAt = Date.now();
      socket.emit("room:join", { roomId, lastSeq: lastSeq.current }, (ack) => {
        if (!ack.ok) return;
        const receivedAt = Date.now();
        // The server's time at the moment the ack left, against the middle of our round trip.
        setOffset(ack.serverTime - (sentAt + receivedAt) / 2);
        lastSeq.current = ack.room.lastSeq;
        setView(ack.view);
        if (ack.view.you) setYou(ack.view.you);
        setConnection("live");
      });
    };
    socket.on("connect", join);
    socket.on("disconnect", () => setConnection("reconnecting"));
    const onEvent = (message: RoomEventMessage) => {
      if (message.roomId !== roomId || message.seq <= lastSeq.current) return;
      if (message.seq > lastSeq.current + 1) return join();
      lastSeq.current = message.seq;
      // An auction event carries only its new log lines; any other view (reset, challenge room) is whole.
      setView((previous) =>
        message.reset || !previous || previous.kind !== "auction" || message.view.kind !== "auction"
          ? message.view
          : { ...message.view, log: [...previous.log, ...message.view.log] },
      );
    };
    socket.on("room:event", onEvent);
    // Events committed together arrive together, in sequence order.
    socket.on("room:events", (batch) => {
      for (const message of batch.events) onEvent(message);
    });
    return () => {
      socket.disconnect();
      socketRef.current = null;
    };
  }, [roomId]);

  /** Sends a command; a lost answer is retried with the same key, so it is never applied twice. */
  const send = useCallback(
    async (command: Command): Promise<RoomAck> => {
      const idempotencyKey = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
      for (let attempt = 0; ; attempt += 1) {
        const socket = socketRef.current;
        if (!socket) throw new Error("not connected");
        try {
          const ack = await socket.timeout(8_000).emitWithAck("room:command", { roomId, idempotencyKey, command });
          if (ack.ok && ack.you) setYou(ack.you);
          return ack;
        } catch (error) {
          if (attempt >= 2) throw error;
        }
      }
    },
    [roomId],
  );

  return { view, you, connection, offset, send };
}

/** Milliseconds left on the room's clock, ticking every 250 ms. */
export function useCountdown(closesAt: number | null, offset: number): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  return closesAt === null ? null : Math.max(0, closesAt - (now + offset));
}
