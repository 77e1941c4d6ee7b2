import fs from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { contentDisposition } from "~/domain/listings/attachment-files";
import { openAttachment } from "~/domain/listings/attachments.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { getActor } from "~/utils/session.server";

/** Downloads an attachment, gated like the description; always as a download of its sniffed type. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const { t } = getRequestTranslator(request);
  try {
    const file = await openAttachment(await getPrisma(), actor, params.id ?? "", getEnv().uploadsDir);
    return new Response(createReadableStreamFromReadable(fs.createReadStream(file.filePath)), {
      headers: {
        "Content-Type": file.mimeType,
        "Content-Length": String(file.size),
        "Content-Disposition": contentDisposition(file.fileName),
        // X-Content-Type-Options: nosniff is set on every response by server/app.ts.
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof DomainError) {
      return new Response(t(error.messageKey, error.params), { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    throw error;
  }
}
