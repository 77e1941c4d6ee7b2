import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { formatNumber, useI18n } from "~/i18n/i18n";
import type { AttachmentActionData } from "~/routes/achievements.$id.attachments";

type Attachment = { id: string; fileName: string; mimeType: string; size: number };

function size(locale: Parameters<typeof formatNumber>[0], bytes: number): string {
  return bytes >= 1024 * 1024 ? `${formatNumber(locale, Math.round((bytes / 1024 / 1024) * 10) / 10)} MB` : `${formatNumber(locale, Math.max(1, Math.round(bytes / 1024)))} KB`;
}

/** The attachments behind the disclosure gate; the owner organization uploads and deletes them here. */
export function AttachmentsPanel({ achievementId, attachments, canEdit, maxMb }: { achievementId: string; attachments: Attachment[]; canEdit: boolean; maxMb: number }) {
  const { t, locale } = useI18n();
  const upload = useFetcher<AttachmentActionData>();
  const remove = useFetcher<AttachmentActionData>();
  const form = useRef<HTMLFormElement>(null);
  const action = `/achievements/${achievementId}/attachments`;
  useEffect(() => {
    if (upload.state === "idle" && upload.data?.ok) form.current?.reset();
  }, [upload.state, upload.data]);
  const message = upload.data ?? remove.data;
  return (
    <div className="space-y-2" data-testid="attachments">
      <h3 className="font-semibold">{t("attachments.title")}</h3>
      {attachments.length === 0 ? <p className="text-sm text-slate-500">{t("attachments.none")}</p> : null}
      <ul className="space-y-1 text-sm">
        {attachments.map((f) => (
          <li key={f.id} className="flex items-center gap-3">
            <a href={`/attachments/${f.id}`} className="text-brand-700 hover:underline" data-testid="attachment-link" download>
              {f.fileName}
            </a>
            <span className="text-xs text-slate-500">{size(locale, f.size)}</span>
            {canEdit ? (
              <remove.Form method="post" action={action}>
                <input type="hidden" name="attachmentId" value={f.id} />
                <button name="intent" value="delete" className="text-xs text-red-700 hover:underline">
                  {t("attachments.delete")}
                </button>
              </remove.Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <upload.Form ref={form} method="post" action={action} encType="multipart/form-data" className="flex flex-wrap items-end gap-2" data-testid="attachment-upload">
          <label className="text-sm">
            <span className="block text-slate-600">{t("attachments.upload", { mb: maxMb })}</span>
            <input type="file" name="file" accept="application/pdf,image/png,image/jpeg,image/webp,image/gif" required />
          </label>
          <button type="submit" disabled={upload.state !== "idle"} className="rounded-md border border-brand-700 px-3 py-1.5 text-sm text-brand-800 hover:bg-brand-50 disabled:opacity-50">
            {t("attachments.submit")}
          </button>
        </upload.Form>
      ) : null}
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "text-sm text-green-800" : "text-sm text-red-800"} data-testid="attachment-message">
          {message.message}
        </p>
      ) : null}
    </div>
  );
}
