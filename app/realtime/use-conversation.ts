import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { type ClientToServerEvents, type ConversationMessage, LIVE_NAMESPACE, type ServerToClientEvents } from "./protocol";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Follows one conversation live: joins its room, appends committed messages (deduplicated by id),
 * marks them read while the page is open, and sends text through the socket when connected.
 */
export function useConversation(conversationId: string, initial: ConversationMessage["message"][]) {
  const [messages, setMessages] = useState(initial);
  const [live, setLive] = useState(false);
  const socketRef = useRef<LiveSocket | null>(null);

  useEffect(() => setMessages(initial), [initial]);

  useEffect(() => {
    const socket: LiveSocket = io(LIVE_NAMESPACE, { transports: ["websocket", "polling"] });
    socketRef.current = socket;
    socket.on("connect", () => {
      socket.emit("conversation:join", { conversationId }, (reply) => setLive(reply.ok));
    });
    socket.on("disconnect", () => setLive(false));
    socket.on("conversation:message", (payload) => {
      if (payload.conversationId !== conversationId) return;
      setMessages((current) => (current.some((m) => m.id === payload.message.id) ? current : [...current, payload.message]));
      socket.emit("conversation:read", { conversationId }, () => {});
    });
    return () => {
      socket.emit("conversation:leave", { conversationId });
      socket.disconnect();
      socketRef.current = null;
    };
  }, [conversationId]);

  const send = (body: string) =>
    new Promise<{ ok: true } | { ok: false; error: string }>((resolve) => {
      const socket = socketRef.current;
      if (!socket?.connected) return resolve({ ok: false, error: "offline" });
      socket.timeout(10_000).emit("conversation:send", { conversationId, body }, (error, reply) => {
        if (error) return resolve({ ok: false, error: "offline" });
        if (!reply.ok) return resolve({ ok: false, error: reply.error });
        setMessages((current) => (current.some((m) => m.id === reply.message.id) ? current : [...current, reply.message]));
        resolve({ ok: true });
      });
    });

  return { messages, live, send };
}
