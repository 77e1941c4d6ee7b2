import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { inputClass } from "~/components/form";
import { responseCodes } from "~/domain/interests/codes";
import { answerInputSchema, answerInterest, consentToContact, getInterestForActor } from "~/domain/interests/interests.server";
import { openConversation } from "~/domain/messaging/conversations.server";
import { formatDateTime, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, formFailure, parseForm } from "~/utils/forms.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "interest.title", data?.listing.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const interest = await getInterestForActor(await getPrisma(), actor, params.id ?? "");
  if (!interest) throw notFound();
  return interest;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const db = await getPrisma();
  const id = params.id ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");
  try {
    if (intent === "answer") {
      const parsed = parseForm(answerInputSchema, formData, t);
      if (!parsed.ok) return formFailure(parsed, 422);
      await answerInterest(db, actor, id, parsed.data);
      return { ok: true as const, message: t("interest.answeredOk") };
    }
    if (intent === "consent") {
      await consentToContact(db, actor, id);
      return { ok: true as const, message: t("contact.mineAgreed") };
    }
    if (intent === "conversation") {
      const conversation = await openConversation(db, actor, "interest", id);
      return redirect(`/conversations/${conversation.id}`);
    }
    return formFailure({ ok: false, fieldErrors: {}, formError: t("error.badRequest.title") });
  } catch (error) {
    return domainFailure(error, t, formData);
  }
}

type ActionData = { ok: true; message: string } | { ok: false; fieldErrors: Record<string, string>; formError?: string };

export default function InterestPage() {
  const { t, locale } = useI18n();
  const i = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const errors = result && !result.ok ? result.fieldErrors : {};
  const colon = locale === "zh-CN" ? "：" : ": ";
  const listingPath = `/${i.listing.kind === "achievement" ? "achievements" : "needs"}/${i.listing.id}`;
  return (
    <article className="space-y-6">
      <Link to="/interests" className="text-sm text-brand-700 hover:underline">
        ← {t("interest.inbox.title")}
      </Link>
      <h1 className="text-2xl font-semibold">
        <Link to={listingPath} className="hover:underline">
          {t("interest.detail.title", { title: i.listing.title })}
        </Link>
      </h1>
      {result ? (
        <p role={result.ok ? "status" : "alert"} className={`text-sm ${result.ok ? "text-green-800" : "text-red-700"}`}>
          {result.ok ? result.message : result.formError}
        </p>
      ) : null}
      <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-6">
        <p className="text-sm">
          {t("interest.detail.from")}
          {colon}
          {i.fromOrg ? (
            <Link to={`/orgs/${i.fromOrg.id}`} className="text-brand-800 hover:underline">
              {i.fromOrg.name}
            </Link>
          ) : null}{" "}
          · {i.fromUserName} · {formatDateTime(locale, i.createdAt)}
        </p>
        <p className="text-sm">
          {t("interest.detail.to")}
          {colon}
          {i.toOrg ? (
            <Link to={`/orgs/${i.toOrg.id}`} className="text-brand-800 hover:underline">
              {i.toOrg.name}
            </Link>
          ) : null}
        </p>
        <h2 className="font-semibold">{t("interest.detail.message")}</h2>
        <p className="whitespace-pre-line text-slate-800" data-testid="interest-message">{i.message}</p>
      </section>
      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-6" data-testid="interest-answer">
        <h2 className="text-lg font-semibold">{t("interest.detail.answer")}</h2>
        {i.respondedAt && i.responseCode ? (
          <>
            <p>{t("interest.detail.answered", { date: formatDateTime(locale, i.respondedAt), code: t(`response.code.${i.responseCode}`) })}</p>
            {i.responseNote ? <p className="whitespace-pre-line text-sm text-slate-700">{i.responseNote}</p> : null}
            {i.dealId ? <p className="text-sm text-green-800">{t("interest.detail.deal")}</p> : null}
          </>
        ) : i.canAnswer ? (
          <Form method="post" className="space-y-3">
            <fieldset className="grid gap-1 sm:grid-cols-2">
              <legend className="mb-1 text-sm font-medium">{t("interest.detail.code")}</legend>
              {responseCodes.map((code) => (
                <label key={code} className="flex items-center gap-2 text-sm">
                  <input type="radio" name="code" value={code} required /> {t(`response.code.${code}`)}
                </label>
              ))}
            </fieldset>
            {errors.code ? <p className="text-sm text-red-700">{errors.code}</p> : null}
            <label htmlFor="note" className="block text-sm font-medium">
              {t("interest.detail.note")} <span className="text-xs text-slate-500">{t("interest.detail.noteHint")}</span>
            </label>
            <textarea id="note" name="note" rows={3} maxLength={1000} className={inputClass} aria-invalid={errors.note ? true : undefined} />
            {errors.note ? <p className="text-sm text-red-700" data-field-error="note">{errors.note}</p> : null}
            <button name="intent" value="answer" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
              {t("interest.detail.submit")}
            </button>
          </Form>
        ) : (
          <p className="text-sm text-slate-600">{t("interest.detail.waiting")}</p>
        )}
      </section>
      <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-6" data-testid="contacts">
        <h2 className="text-lg font-semibold">{t("contact.title")}</h2>
        {i.contacts ? (
          <ul className="text-sm">
            {i.contacts.map((c) => (
              <li key={c.email}>
                {c.name} · <a href={`mailto:${c.email}`}>{c.email}</a>
              </li>
            ))}
          </ul>
        ) : (
          <>
            <p className="text-sm text-slate-600">{t("contact.hidden")}</p>
            <p className="text-sm">{i.consent.theirs ? t("contact.theirsAgreed") : t("contact.theirsPending")}</p>
            {i.consent.mine ? (
              <p className="text-sm">{t("contact.mineAgreed")}</p>
            ) : (
              <Form method="post">
                <button name="intent" value="consent" className="rounded-md border border-brand-700 px-3 py-1.5 text-sm text-brand-800">
                  {t("contact.agree")}
                </button>
              </Form>
            )}
          </>
        )}
      </section>
      <Form method="post">
        <button name="intent" value="conversation" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700" data-testid="open-conversation">
          {t("interest.detail.conversation")}
        </button>
      </Form>
    </article>
  );
}
