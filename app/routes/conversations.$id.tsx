import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { inputClass } from "~/components/form";
import { DomainError } from "~/domain/errors";
import {
  agreeToShareContacts,
  contactsFor,
  listMessages,
  markConversationRead,
  messageDir,
  postMessage,
  requireParticipant,
} from "~/domain/messaging/conversations.server";
import { MESSAGE_ATTACHMENT_BYTES, MESSAGE_ATTACHMENT_MB, MESSAGE_MAX } from "~/domain/messaging/limits";
import { formatDateTime, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { useConversation } from "~/realtime/use-conversation";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { domainFailure } from "~/utils/forms.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";
import { streamUpload } from "~/utils/uploads.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "conversation.title", data?.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = await getPrisma();
  const id = params.id ?? "";
  try {
    const { parties, role } = await requireParticipant(db, actor, id);
    const before = new URL(request.url).searchParams.get("before");
    const history = await listMessages(db, actor, id, { before });
    if (!before) await markConversationRead(db, actor, id);
    const contacts = await contactsFor(db, actor, id);
    return { id, userId: actor.id, subjectKind: parties.subjectKind, title: parties.title, link: parties.link, isBroker: role.side === null, ...history, ...contacts };
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw notFound();
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const db = await getPrisma();
  const id = params.id ?? "";
  try {
    if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
      // Strangers are refused before a byte of the body is read.
      await requireParticipant(db, actor, id);
      const { uploadsDir } = getEnv();
      const upload = await streamUpload(request, { field: "file", maxBytes: MESSAGE_ATTACHMENT_BYTES, directory: `${messageDir(uploadsDir)}-incoming` });
      if (!upload.ok) {
        const message = upload.error === "tooLarge" ? t("attachments.error.size", { mb: MESSAGE_ATTACHMENT_MB }) : t(upload.error === "empty" ? "attachments.error.empty" : "attachments.error.noFile");
        return Response.json({ ok: false, fieldErrors: { file: message }, formError: message }, { status: upload.error === "tooLarge" ? 413 : 400 });
      }
      await postMessage(db, actor, id, { body: upload.fields.body ?? "", file: upload.file, uploadsDir });
      return { ok: true as const };
    }
    const formData = await request.formData();
    if (formData.get("intent") === "consent") {
      await agreeToShareContacts(db, actor, id);
      return { ok: true as const };
    }
    await postMessage(db, actor, id, { body: String(formData.get("body") ?? "") });
    return { ok: true as const };
  } catch (error) {
    return domainFailure(error, t);
  }
}

type ActionData = { ok: true } | { ok: false; fieldErrors: Record<string, string>; formError?: string };

export default function ConversationPage() {
  const { t, locale } = useI18n();
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const { messages, live, send } = useConversation(data.id, data.messages);
  const [draft, setDraft] = useState("");
  const [sendError, setSendError] = useState<string | null>(null);
  return (
    <article className="space-y-4">
      <Link to={data.link} className="text-sm text-brand-700 hover:underline">
        ← {t(data.subjectKind === "deal" ? "conversation.about.deal" : "conversation.about.interest", { title: data.title })}
      </Link>
      <header className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">{t("conversation.title")}</h1>
        <span className={`text-xs ${live ? "text-green-800" : "text-slate-500"}`} data-testid="live-state">
          {live ? t("conversation.live") : t("conversation.offline")}
        </span>
      </header>
      {data.hasMore && data.oldestId ? (
        <Link to={`?before=${data.oldestId}`} className="text-sm text-brand-700 hover:underline">
          {t("conversation.older")}
        </Link>
      ) : null}
      <ol className="space-y-2" data-testid="messages">
        {messages.length === 0 ? <li className="text-sm text-slate-500">{t("conversation.none")}</li> : null}
        {messages.map((m) => (
          <li key={m.id} className={`rounded-lg border p-3 text-sm ${m.senderId === data.userId ? "border-brand-200 bg-brand-50" : "border-slate-200 bg-white"}`}>
            <div className="text-xs text-slate-600">
              {m.senderName} · {formatDateTime(locale, m.createdAt)}
            </div>
            {m.body ? <p className="whitespace-pre-line">{m.body}</p> : null}
            {m.attachments.map((a) => (
              <a key={a.index} href={`/conversations/${data.id}/files/${m.id}/${a.index}`} className="block text-brand-800 hover:underline" download>
                📎 {a.fileName}
              </a>
            ))}
          </li>
        ))}
      </ol>
      <Form
        method="post"
        className="space-y-2"
        onSubmit={async (event) => {
          if (!live) return;
          event.preventDefault();
          const reply = await send(draft);
          if (reply.ok) {
            setDraft("");
            setSendError(null);
          } else setSendError(reply.error === "offline" ? t("conversation.offline") : reply.error);
        }}
      >
        <label htmlFor="body" className="block text-sm font-medium">
          {t("conversation.message")}
        </label>
        <textarea id="body" name="body" rows={3} maxLength={MESSAGE_MAX} required value={draft} onChange={(e) => setDraft(e.target.value)} className={inputClass} />
        {sendError || (result && !result.ok) ? (
          <p role="alert" className="text-sm text-red-700">
            {sendError ?? (result && !result.ok ? (result.fieldErrors.body ?? result.fieldErrors.file ?? result.formError) : null)}
          </p>
        ) : null}
        <button className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700" data-testid="send-message">
          {t("conversation.send")}
        </button>
      </Form>
      <Form method="post" encType="multipart/form-data" reloadDocument className="flex flex-wrap items-end gap-2 text-sm">
        <label className="block">
          {t("conversation.attach", { mb: MESSAGE_ATTACHMENT_MB })}
          <input type="file" name="file" accept="application/pdf,image/*" required className="block" />
        </label>
        <input type="hidden" name="body" value="" />
        <button className="rounded-md border border-slate-300 px-3 py-1.5">{t("conversation.send")}</button>
      </Form>
      <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="contacts">
        <h2 className="font-semibold">{t("contact.title")}</h2>
        {data.contacts ? (
          <ul className="text-sm">
            {data.contacts.map((c) => (
              <li key={c.email}>
                {c.name} · <a href={`mailto:${c.email}`}>{c.email}</a>
              </li>
            ))}
          </ul>
        ) : (
          <>
            <p className="text-sm text-slate-600">{data.isBroker ? t("contact.brokerHint") : t("contact.hidden")}</p>
            {data.consent.mine === null ? null : (
              <>
                <p className="text-sm">{data.consent.theirs ? t("contact.theirsAgreed") : t("contact.theirsPending")}</p>
                {data.consent.mine ? (
                  <p className="text-sm">{t("contact.mineAgreed")}</p>
                ) : (
                  <Form method="post">
                    <button name="intent" value="consent" className="rounded-md border border-brand-700 px-3 py-1.5 text-sm text-brand-800" data-testid="agree-contacts">
                      {t("contact.agree")}
                    </button>
                  </Form>
                )}
              </>
            )}
          </>
        )}
      </section>
    </article>
  );
}
