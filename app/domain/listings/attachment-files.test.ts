import { expect, test } from "vitest";
import { contentDisposition, sanitizeAttachmentName, sniffAttachmentType } from "./attachment-files";

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

test("the type comes from the magic bytes only", () => {
  expect(sniffAttachmentType(bytes("%PDF-1.7\n"))).toBe("pdf");
  expect(sniffAttachmentType(bytes([0x89], "PNG", [0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe("png");
  expect(sniffAttachmentType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe("jpeg");
  expect(sniffAttachmentType(bytes("RIFF", [1, 2, 3, 4], "WEBPVP8 "))).toBe("webp");
  expect(sniffAttachmentType(bytes("GIF89a"))).toBe("gif");
  expect(sniffAttachmentType(bytes("RIFF", [1, 2, 3, 4], "WAVEfmt "))).toBeNull();
  expect(sniffAttachmentType(bytes("<html><script>"))).toBeNull();
  expect(sniffAttachmentType(bytes("PK", [3, 4]))).toBeNull();
  expect(sniffAttachmentType(new Uint8Array())).toBeNull();
});

test("names lose paths, control and bidi characters, and take the sniffed type's extension", () => {
  expect(sanitizeAttachmentName("../../etc/passwd.pdf", "pdf")).toBe("passwd.pdf");
  expect(sanitizeAttachmentName("C:\\Users\\李\\专利说明书.PDF", "pdf")).toBe("专利说明书.pdf");
  expect(sanitizeAttachmentName("照片\u202Egpj.exe", "png")).toBe("照片gpj.png");
  expect(sanitizeAttachmentName("a\u0000b<>:\"|?*.png", "png")).toBe("ab.png");
  expect(sanitizeAttachmentName("report.v2.final.pdf", "pdf")).toBe("report.v2.final.pdf");
  expect(sanitizeAttachmentName("looks-like.pdf", "jpeg")).toBe("looks-like.jpg");
  expect(sanitizeAttachmentName("...", "gif")).toBe("attachment.gif");
  expect(sanitizeAttachmentName("长".repeat(300) + ".pdf", "pdf")).toBe("长".repeat(100) + ".pdf");
});

test("Content-Disposition is an attachment with an ASCII fallback and the UTF-8 name", () => {
  expect(contentDisposition("专利 说明书(1).pdf")).toBe(`attachment; filename="__ ___(1).pdf"; filename*=UTF-8''%E4%B8%93%E5%88%A9%20%E8%AF%B4%E6%98%8E%E4%B9%A6%281%29.pdf`);
  expect(contentDisposition('a";b.pdf')).toBe(`attachment; filename="a__b.pdf"; filename*=UTF-8''a%22%3Bb.pdf`);
});
