/**
 * Attachment files without I/O: the type is read from the content's first bytes (never from the
 * name or the browser's Content-Type), the name is made safe to store, show and send back.
 */
export const attachmentTypes = {
  pdf: { mimeType: "application/pdf", extension: ".pdf" },
  png: { mimeType: "image/png", extension: ".png" },
  jpeg: { mimeType: "image/jpeg", extension: ".jpg" },
  webp: { mimeType: "image/webp", extension: ".webp" },
  gif: { mimeType: "image/gif", extension: ".gif" },
} as const;

export type AttachmentType = keyof typeof attachmentTypes;

/** How many bytes sniffing needs. */
export const SNIFF_BYTES = 16;

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

export function sniffAttachmentType(head: Uint8Array): AttachmentType | null {
  if (startsWith(head, ascii("%PDF-"))) return "pdf";
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "webp";
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return "gif";
  return null;
}

// Control characters, characters Windows forbids in names, and bidirectional overrides that disguise an extension.
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const MAX_STEM = 100;

/**
 * A name safe to store and to send in Content-Disposition: the last path segment only, unsafe
 * characters dropped, at most 100 characters, and the extension of the sniffed type.
 */
export function sanitizeAttachmentName(raw: string, type: AttachmentType): string {
  const last = raw.split(/[\\/]/).pop() ?? "";
  const cleaned = last.normalize("NFC").replace(UNSAFE, "").replace(/\s+/g, " ").trim();
  const stem = cleaned.replace(/\.[^.]{0,10}$/, "").replace(/^[.\s]+|[.\s]+$/g, "");
  const short = [...stem].slice(0, MAX_STEM).join("");
  return `${short || "attachment"}${attachmentTypes[type].extension}`;
}

/** `attachment` with an ASCII fallback name and the UTF-8 name (RFC 6266 / RFC 8187). */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
