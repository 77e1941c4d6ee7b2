import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MaxPartSizeExceededError, unstable_createFileUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

export type Upload = { filePath: string; fileName: string; size: number } | { error: "tooLarge" | "noFile" };

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

export function removeUpload(upload: Upload): void {
  if ("filePath" in upload) fs.rmSync(path.dirname(upload.filePath), { recursive: true, force: true });
}
