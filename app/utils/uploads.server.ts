import crypto from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { MaxPartSizeExceededError, unstable_createFileUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

export type Upload = { filePath: string; fileName: string; size: number } | { error: "tooLarge" | "noFile" | "malformed" };

/**
 * Streams the one file field of a multipart form to a temporary file (never buffering it), with a
 * size limit; returns the other fields too. The caller removes the temporary file.
 */
export async function receiveUpload(request: Request, field: string, maxBytes: number): Promise<{ upload: Upload; form: FormData | null }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "susong-upload-"));
  const handler = unstable_createFileUploadHandler({ directory, maxPartSize: maxBytes, file: ({ filename }) => `upload${path.extname(filename).toLowerCase().replace(/[^.a-z0-9]/g, "")}` });
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    fs.rmSync(directory, { recursive: true, force: true });
    if (error instanceof MaxPartSizeExceededError) return { upload: { error: "tooLarge" }, form: null };
    // The multipart parser throws plain errors for a body it cannot read (bad part headers, broken
    // boundaries): the client's fault. System errors (disk full, permissions) carry a code and stay 500s.
    if (error instanceof Error && !("code" in error)) return { upload: { error: "malformed" }, form: null };
    throw error;
  }
  const file = form.get(field);
  if (!file || typeof file === "string" || !("getFilePath" in file) || typeof file.getFilePath !== "function") {
    fs.rmSync(directory, { recursive: true, force: true });
    return { upload: { error: "noFile" }, form };
  }
  const filePath = String(file.getFilePath());
  return { upload: { filePath, fileName: file.name, size: file.size }, form };
}

/** The first `bytes` bytes of a stored file (fewer when it is shorter), to tell its type by its content. */
export function readHead(filePath: string, bytes: number): Buffer {
  const handle = fs.openSync(filePath, "r");
  try {
    const head = Buffer.alloc(bytes);
    const read = fs.readSync(handle, head, 0, bytes, 0);
    return head.subarray(0, read);
  } finally {
    fs.closeSync(handle);
  }
}

export function removeUpload(upload: Upload): void {
  if ("filePath" in upload) fs.rmSync(path.dirname(upload.filePath), { recursive: true, force: true });
}

export type StreamedUpload =
  | { ok: true; file: { filePath: string; fileName: string; size: number }; fields: Record<string, string> }
  | { ok: false; error: "tooLarge" | "noFile" | "empty" };

/**
 * Streams one file field of a multipart request through busboy to a new file in `directory`, with
 * backpressure and a byte limit. A refused upload (too large, empty, missing) leaves nothing behind;
 * the rest of an oversized body is read and discarded so the client receives the answer.
 */
export async function streamUpload(request: Request, options: { field: string; maxBytes: number; directory: string }): Promise<StreamedUpload> {
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.startsWith("multipart/form-data") || !request.body) return { ok: false, error: "noFile" };
  fs.mkdirSync(options.directory, { recursive: true });
  const parser = busboy({ headers: { "content-type": contentType }, defParamCharset: "utf8", limits: { files: 1, fileSize: options.maxBytes, fields: 20, fieldSize: 10_000 } });
  const fields: Record<string, string> = {};
  // Filled in by busboy's callbacks.
  const state: { file: { filePath: string; fileName: string; size: number; truncated: boolean } | null } = { file: null };
  let writing: Promise<void> = Promise.resolve();
  const temporary: string[] = [];
  const finished = new Promise<void>((resolve, reject) => {
    parser.on("field", (name, value) => {
      fields[name] = value;
    });
    parser.on("file", (name, stream, info) => {
      if (name !== options.field || state.file) {
        stream.resume();
        return;
      }
      const filePath = path.join(options.directory, `${crypto.randomBytes(16).toString("hex")}.part`);
      temporary.push(filePath);
      const file = { filePath, fileName: info.filename ?? "", size: 0, truncated: false };
      state.file = file;
      stream.on("data", (chunk: Buffer) => (file.size += chunk.length));
      stream.on("limit", () => (file.truncated = true));
      writing = pipeline(stream, fs.createWriteStream(filePath, { flags: "wx" }));
    });
    parser.on("close", () => resolve());
    parser.on("error", reject);
  });
  const cleanUp = () => {
    for (const file of temporary) fs.rmSync(file, { force: true });
  };
  try {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!parser.write(value)) await once(parser, "drain");
    }
    parser.end();
    await finished;
    await writing;
  } catch (error) {
    cleanUp();
    throw error;
  }
  const { file } = state;
  if (!file || file.fileName === "") {
    cleanUp();
    return { ok: false, error: "noFile" };
  }
  if (file.truncated || file.size > options.maxBytes) {
    cleanUp();
    return { ok: false, error: "tooLarge" };
  }
  if (file.size === 0) {
    cleanUp();
    return { ok: false, error: "empty" };
  }
  return { ok: true, file: { filePath: file.filePath, fileName: file.fileName, size: file.size }, fields };
}
