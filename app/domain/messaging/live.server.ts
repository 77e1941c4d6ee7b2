import type { MessageView } from "./conversations.server";

/**
 * Committed messages reach the conversation's live room through this one function. The socket
 * gateway registers the broadcaster at start-up (on globalThis: the server entry and the Remix
 * bundle are two module graphs in one process); without a gateway, nothing is broadcast.
 */
type Broadcaster = (conversationId: string, message: MessageView) => void;
type Holder = { __susongConversationBroadcaster?: Broadcaster };
const holder = globalThis as Holder;

export function setConversationBroadcaster(broadcaster: Broadcaster | undefined): void {
  holder.__susongConversationBroadcaster = broadcaster;
}

export function publishConversationMessage(conversationId: string, message: MessageView): void {
  holder.__susongConversationBroadcaster?.(conversationId, message);
}
