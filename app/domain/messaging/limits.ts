/** Message limits, shared by the server and the conversation page. */
export const MESSAGE_MAX = 5000;
export const MESSAGE_ATTACHMENT_MB = 10;
export const MESSAGE_ATTACHMENT_BYTES = MESSAGE_ATTACHMENT_MB * 1024 * 1024;
export const MESSAGES_PAGE_SIZE = 30;
export const CONVERSATIONS_PAGE_SIZE = 20;
