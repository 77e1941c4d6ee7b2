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
  /** several committed events of one room at once (in sequence order), when commands were committed together */
  "room:events": (payload: { roomId: string; events: RoomEventMessage[] }) => void;
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
  kind: "auction";
  status: "scheduled" | "open" | "paused" | "closed";
  closesAt: number;
  extensions: number;
  price: number | null;
  leader: string | null;
  minimumNextBid: number;
  reserveMet: boolean | null;
  you: string | null;
  log: { bidder: string; amount: number; kind: "manual" | "proxy"; at: number }[];
  result: { outcome: string; price?: number; winner?: string; negotiated?: boolean } | null;
  /** the negotiation window after a reserve not met; `bidder` (the participant id) only for the host and brokers */
  negotiation: NegotiationView | null;
};

export type NegotiationView = {
  endsAt: number;
  status: "open" | "agreed" | "expired";
  candidates: { label: string; bid: number; counter: number | null; response: "accepted" | "declined" | null; bidder?: string }[];
  agreed: { label: string; price: number } | null;
};

/**
 * A challenge room (竞标) as one viewer sees it. Participants see anonymous labels (揭榜方 A, B, …),
 * scores, and the details of their own offer only; the issuer and brokers also see who each label is
 * and every offer. Decided on the server for each socket.
 */
export type ChallengeRoomView = {
  kind: "challenge";
  status: "scheduled" | "open" | "paused" | "closed";
  closesAt: number;
  formula: {
    ceiling: number;
    maxMonths: number;
    fundingWeight: number;
    timeWeight: number;
    indicators: { key: string; name: string; unit: string; target: number; better: "higher" | "lower"; weight: number }[];
  };
  leaderboard: ChallengeRow[];
  /** the viewer's own label, once they have made an offer */
  you: string | null;
  result: { outcome: "ranked" | "no_offers"; ranking: { label: string; score: number; organizationName?: string }[] } | null;
};

export type ChallengeRow = {
  label: string;
  rank: number;
  score: number;
  /** the offer: only in the viewer's own row, or for the issuer and brokers */
  offer?: { funding: number; months: number; commitments: Record<string, number> };
  /** only for the issuer and brokers */
  participantId?: string;
  organizationName?: string;
};

export type LiveRoomView = RoomView | ChallengeRoomView;

export type RoomLogLine = RoomView["log"][number];

/**
 * One committed event. `view` carries the room's summary; its `log` holds only the lines this event
 * added (clients append them), except when `reset` is true (a disqualification recomputed the room):
 * then `view.log` is the whole log and replaces the client's copy.
 */
export type RoomEventMessage = { roomId: string; seq: number; type: string; at: string; hash: string; reset: boolean; view: LiveRoomView };

export type RoomAck =
  | { ok: true; outcome: { ok: boolean; status?: string; reason?: string }; message?: string; seq: number | null; replayed: boolean; serverTime: number; you: string | null }
  | { ok: false; error: string; code: string; serverTime: number };

export type RoomJoinAck =
  | { ok: true; serverTime: number; room: { id: string; title: string; lastSeq: number }; view: LiveRoomView; missed: { seq: number; type: string; at: string; hash: string }[] }
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
  /** the host's members and brokers in a bid room: they receive views with identities */
  bidRoomObservers: (roomId: string) => `room:${roomId}:observers`,
  /** one participant's sockets in a challenge room: they receive their own offer */
  bidRoomParticipant: (roomId: string, participantId: string) => `room:${roomId}:p:${participantId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
};
