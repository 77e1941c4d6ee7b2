import type { Server, Socket } from "socket.io";
import { z } from "zod";
import type { Actor } from "~/domain/accounts/accounts.server";
import { DomainError } from "~/domain/errors";
import { markConversationRead, postMessage, requireParticipant, unreadCounts } from "~/domain/messaging/conversations.server";
import { MESSAGE_MAX } from "~/domain/messaging/limits";
import { setConversationBroadcaster } from "~/domain/messaging/live.server";
import { getTranslator, type Translate } from "~/i18n/i18n";
import { isLocale } from "~/i18n/locales";
import { getPrisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { type ClientToServerEvents, LIVE_NAMESPACE, type ServerToClientEvents, type SocketData, rooms } from "./protocol";

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const conversationRef = z.object({ conversationId: z.string().min(1).max(40) }).strict();
const sendSchema = z.object({ conversationId: z.string().min(1).max(40), body: z.string().trim().min(1).max(MESSAGE_MAX) }).strict();

function translatorFor(actor: Actor): Translate {
  return getTranslator(isLocale(actor.locale) ? actor.locale : "zh-CN");
}

type Failure = { ok: false; code: string; error: string };

function failure(error: unknown, t: Translate, what: string): Failure {
  if (error instanceof DomainError) return { ok: false, code: String(error.status), error: t(error.messageKey, error.params) };
  logger.error(`conversation ${what} failed`, { error: String(error) });
  return { ok: false, code: "unavailable", error: t("error.server.title") };
}

/**
 * Conversation events on the live namespace. Every event is parsed with zod and checked against
 * the database (the socket's user must take part); answers go through the ack, errors included.
 */
export function attachConversationHandlers(socket: LiveSocket) {
  const actor = socket.data.actor;
  const t = translatorFor(actor);
  const invalid: Failure = { ok: false, code: "invalid", error: t("validation.invalid") };

  socket.on("conversation:join", async (payload, ack) => {
    if (typeof ack !== "function") return;
    const parsed = conversationRef.safeParse(payload);
    if (!parsed.success) return ack(invalid);
    try {
      const db = await getPrisma();
      await requireParticipant(db, actor, parsed.data.conversationId);
      await socket.join(rooms.conversation(parsed.data.conversationId));
      const unread = (await unreadCounts(db, actor.id, [parsed.data.conversationId])).get(parsed.data.conversationId) ?? 0;
      ack({ ok: true, unread });
    } catch (error) {
      ack(failure(error, t, "join"));
    }
  });

  socket.on("conversation:leave", (payload) => {
    const parsed = conversationRef.safeParse(payload);
    if (parsed.success) void socket.leave(rooms.conversation(parsed.data.conversationId));
  });

  socket.on("conversation:send", async (payload, ack) => {
    if (typeof ack !== "function") return;
    const parsed = sendSchema.safeParse(payload);
    if (!parsed.success) return ack(invalid);
    try {
      const message = await postMessage(await getPrisma(), actor, parsed.data.conversationId, { body: parsed.data.body });
      const { conversationId: _ignored, ...rest } = message;
      void _ignored;
      ack({ ok: true, message: rest });
    } catch (error) {
      ack(failure(error, t, "send"));
    }
  });

  socket.on("conversation:read", async (payload, ack) => {
    if (typeof ack !== "function") return;
    const parsed = conversationRef.safeParse(payload);
    if (!parsed.success) return ack(invalid);
    try {
      await markConversationRead(await getPrisma(), actor, parsed.data.conversationId);
      ack({ ok: true });
    } catch (error) {
      ack(failure(error, t, "read"));
    }
  });
}

/** Committed messages go to the conversation's room (only participants could join it). */
export function registerConversationBroadcaster(io: LiveServer): void {
  const live = io.of(LIVE_NAMESPACE);
  setConversationBroadcaster((conversationId, view) => {
    const { conversationId: _ignored, ...message } = view;
    void _ignored;
    live.to(rooms.conversation(conversationId)).emit("conversation:message", { conversationId, message });
  });
}

export function unregisterConversationBroadcaster(): void {
  setConversationBroadcaster(undefined);
}
