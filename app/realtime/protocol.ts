import type { Actor } from "~/domain/accounts/accounts.server";

/** The live protocol: event names and payloads shared by the server gateway and browser clients. See docs/socket-protocol.md. */
export const PROTOCOL_VERSION = 1;
export const LIVE_NAMESPACE = "/live";

export type ServerToClientEvents = {
  /** sent once after the handshake */
  welcome: (payload: { protocol: number; userId: string; organizationIds: string[] }) => void;
  /** a committed change the client may want to re-fetch */
  notify: (payload: { seq: string; topic: string; data: unknown }) => void;
  /** a committed room event, in sequence order per room */
  "room:event": (payload: RoomEventMessage) => void;
  /** a committed message in a conversation the client joined */
  "conversation:message": (payload: ConversationMessage) => void;
};

/** A committed conversation message as participants receive it (attachments are downloaded by index through HTTP). */
export type ConversationMessage = {
  conversationId: string;
  message: { id: string; senderId: string; senderName: string; senderOrgId: string | null; body: string; attachments: { index: number; fileName: string; mimeType: string; size: number }[]; createdAt: string };
};

export type ConversationAck<T extends object = Record<never, never>> = ({ ok: true } & T) | { ok: false; code: string; error: string };

/** The public state of an auction room as bidders see it (the reserve stays hidden). */
export type RoomView = {
  status: "scheduled" | "open" | "paused" | "closed";
  closesAt: number;
  extensions: number;
  price: number | null;
  leader: string | null;
  minimumNextBid: number;
  reserveMet: boolean | null;
  you: string | null;
  log: { bidder: string; amount: number; kind: "manual" | "proxy"; at: number }[];
  result: { outcome: string; price?: number; winner?: string } | null;
};

export type RoomLogLine = RoomView["log"][number];

/**
 * One committed event. `view` carries the room's summary; its `log` holds only the lines this event
 * added (clients append them), except when `reset` is true (a disqualification recomputed the room):
 * then `view.log` is the whole log and replaces the client's copy.
 */
export type RoomEventMessage = { roomId: string; seq: number; type: string; at: string; hash: string; reset: boolean; view: RoomView };

export type RoomAck =
  | { ok: true; outcome: { ok: boolean; status?: string; reason?: string }; message?: string; seq: number | null; replayed: boolean; serverTime: number; you: string | null }
  | { ok: false; error: string; code: string; serverTime: number };

export type RoomJoinAck =
  | { ok: true; serverTime: number; room: { id: string; title: string; lastSeq: number }; view: RoomView; missed: { seq: number; type: string; at: string; hash: string }[] }
  | { ok: false; error: string; code: string; serverTime: number };

export type ClientToServerEvents = {
  /** join a room; `lastSeq` is the last event the client saw, so it gets what it missed */
  "room:join": (payload: unknown, ack: (reply: RoomJoinAck) => void) => void;
  "room:leave": (payload: unknown) => void;
  /** a bid, proxy bid or moderation command with its idempotency key */
  "room:command": (payload: unknown, ack: (reply: RoomAck) => void) => void;
  /** join a conversation's live room (participants only); the ack carries the unread count */
  "conversation:join": (payload: unknown, ack: (reply: ConversationAck<{ unread: number }>) => void) => void;
  "conversation:leave": (payload: unknown) => void;
  /** send a text message; broadcast to the room after it is committed */
  "conversation:send": (payload: unknown, ack: (reply: ConversationAck<{ message: ConversationMessage["message"] }>) => void) => void;
  /** mark the conversation read up to now */
  "conversation:read": (payload: unknown, ack: (reply: ConversationAck) => void) => void;
  ping: (payload: unknown, ack: (reply: { ok: true; protocol: number; serverTime: string } | { ok: false; error: string }) => void) => void;
};

export type SocketData = { userId: string; organizationIds: string[]; actor: Actor };

/** Room names come from here only. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  organization: (organizationId: string) => `org:${organizationId}`,
  bidRoom: (roomId: string) => `room:${roomId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
};
