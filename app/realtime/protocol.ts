/** The live protocol: event names and payloads shared by the server gateway and browser clients. */
export const PROTOCOL_VERSION = 1;
export const LIVE_NAMESPACE = "/live";

export type ServerToClientEvents = {
  /** sent once after the handshake */
  welcome: (payload: { protocol: number; userId: string; organizationIds: string[] }) => void;
  /** a committed change the client may want to re-fetch */
  notify: (payload: { seq: string; topic: string; data: unknown }) => void;
};

export type ClientToServerEvents = {
  ping: (payload: unknown, ack: (reply: { ok: true; protocol: number; serverTime: string } | { ok: false; error: string }) => void) => void;
};

export type SocketData = { userId: string; organizationIds: string[] };

/** Room names come from here only. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  organization: (organizationId: string) => `org:${organizationId}`,
};
