import { rooms } from "./protocol";

/**
 * Domain code pushes committed events to users through this one function. The gateway registers
 * itself at start-up; kept on globalThis because the server entry and the Remix bundle are two
 * module graphs in one process. Without a gateway (tests of domain code), pushes are dropped:
 * clients re-fetch on reconnect anyway.
 */
type Publisher = (room: string, topic: string, data: unknown) => void;
type Holder = { __susongPublisher?: Publisher; __susongPushSeq?: number };
const holder = globalThis as Holder;

export function setLivePublisher(publisher: Publisher | undefined): void {
  holder.__susongPublisher = publisher;
}

export function pushToUser(userId: string, topic: string, data: unknown): void {
  holder.__susongPublisher?.(rooms.user(userId), topic, data);
}
