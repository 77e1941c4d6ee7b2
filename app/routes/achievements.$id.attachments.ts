import type { ActionFunctionArgs } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { addAttachment, attachmentDirs, deleteAttachment, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_MB, requireAttachmentEditor } from "~/domain/listings/attachments.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { streamUpload } from "~/utils/uploads.server";
import { requireActor } from "~/utils/session.server";

export type AttachmentActionData = { ok: boolean; message: string };

/** Upload (multipart, field `file`) or delete (`intent=delete`, `attachmentId`) an achievement's attachment. */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const db = await getPrisma();
  const { uploadsDir } = getEnv();
  const achievementId = params.id ?? "";
  // A resource route answers with a plain Response: `data()` would lose the status here.
  const reply = (ok: boolean, message: string, status = 200) => Response.json({ ok, message } satisfies AttachmentActionData, { status });
  try {
    if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
      // Refuse strangers before reading a byte of the body.
      await requireAttachmentEditor(db, actor, achievementId);
      const upload = await streamUpload(request, { field: "file", maxBytes: MAX_ATTACHMENT_BYTES, directory: attachmentDirs(uploadsDir).incoming });
      if (!upload.ok) {
        if (upload.error === "tooLarge") return reply(false, t("attachments.error.size", { mb: MAX_ATTACHMENT_MB }), 413);
        return reply(false, t(upload.error === "empty" ? "attachments.error.empty" : "attachments.error.noFile"), 400);
      }
      const attachment = await addAttachment(db, actor, achievementId, upload.file, uploadsDir);
      return reply(true, t("attachments.uploaded", { name: attachment.fileName }), 201);
    }
    const form = await request.formData();
    if (form.get("intent") !== "delete") return reply(false, t("error.badRequest.title"), 400);
    await deleteAttachment(db, actor, String(form.get("attachmentId") ?? ""), uploadsDir);
    return reply(true, t("attachments.deleted"));
  } catch (error) {
    if (error instanceof DomainError) return reply(false, t(error.messageKey, error.params), error.status);
    throw error;
  }
}
