import fs from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { contentDisposition } from "~/domain/listings/attachment-files";
import { openMessageAttachment } from "~/domain/messaging/conversations.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { requireActor } from "~/utils/session.server";

/** A message attachment, for the conversation's participants only; always a download of its sniffed type. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  try {
    const file = await openMessageAttachment(await getPrisma(), actor, params.id ?? "", params.messageId ?? "", Number(params.index ?? "-1"), getEnv().uploadsDir);
    return new Response(createReadableStreamFromReadable(fs.createReadStream(file.filePath)), {
      headers: { "Content-Type": file.mimeType, "Content-Length": String(file.size), "Content-Disposition": contentDisposition(file.fileName), "Cache-Control": "private, no-store" },
    });
  } catch (error) {
    if (error instanceof DomainError) return new Response(t(error.messageKey, error.params), { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  }
}
