import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { outcomeText, statusText } from "~/components/application-labels";
import { ActionOutcome, inputClass } from "~/components/form";
import { objectionResolutionSchema, objectionSchema } from "~/domain/challenges/application-input";
import { awardNotice, isBroker, raiseObjection, resolveObjection } from "~/domain/challenges/applications.server";
import { getChallenge, transitionChallenge } from "~/domain/challenges/challenges.server";
import { formatDate, formatDateTime, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, parseForm, recordAction } from "~/utils/forms.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { getActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "application.awardTitle", data?.challenge.title);

/** 挂帅名单公示: public; anyone signed in may object during the period; a broker resolves objections and ends the period. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = await getPrisma();
  const actor = await getActor(request);
  const page = await getChallenge(db, actor, params.id ?? "");
  if (!page) throw notFound();
  const notice = await awardNotice(db, page.challenge.id);
  const c = page.challenge;
  return {
    challenge: { id: c.id, title: c.title, status: c.status, publicNoticeEndsAt: c.publicNoticeEndsAt },
    ...notice,
    signedIn: actor !== null,
    broker: isBroker(actor),
    noticeOpen: c.status === "PUBLIC_NOTICE" && c.publicNoticeEndsAt !== null && new Date(c.publicNoticeEndsAt) > new Date(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, t, formData, id, db } = await recordAction(request, params);
  try {
    const intent = formData.get("intent");
    if (intent === "object") {
      const parsed = parseForm(objectionSchema, formData, t);
      if (!parsed.ok) return data(parsed, { status: 400 });
      await raiseObjection(db, actor, id, parsed.data.applicationId, parsed.data.reason);
    } else if (intent === "resolve") {
      const parsed = parseForm(objectionResolutionSchema, formData, t);
      if (!parsed.ok) return data(parsed, { status: 400 });
      await resolveObjection(db, actor, parsed.data.objectionId, parsed.data.upheld === "yes", parsed.data.resolution);
    } else if (intent === "confirmAward") {
      await transitionChallenge(db, actor, id, "confirmAward");
    } else return data({ ok: false as const, fieldErrors: {}, formError: t("validation.choice") }, { status: 400 });
    return { ok: true as const, message: t("application.done"), fieldErrors: {} as Record<string, string>, formError: undefined };
  } catch (error) {
    return domainFailure(error, t, formData);
  }
}

export default function AwardPage() {
  const { t, locale } = useI18n();
  const { challenge: c, awarded, objections, signedIn, broker, noticeOpen } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const standing = awarded.filter((a) => a.status === "AWARDED");
  return (
    <article className="space-y-6">
      <Link to={`/challenges/${c.id}`} className="text-sm text-brand-700 hover:underline">
        ← {c.title}
      </Link>
      <h1 className="text-2xl font-semibold">{t("application.awardTitle")}</h1>
      {c.publicNoticeEndsAt ? <p className="text-sm">{t("application.noticeEnds", { date: formatDateTime(locale, c.publicNoticeEndsAt) })}</p> : null}
      <ActionOutcome result={actionData} errorTestId="award-error" />

      <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="awarded">
        <h2 className="font-semibold">{t("application.awarded")}</h2>
        {awarded.length === 0 ? (
          <p className="text-sm text-slate-500">{t("application.noneYet")}</p>
        ) : (
          <ol className="mt-2 space-y-1 text-sm">
            {awarded.map((a) => (
              <li key={a.id}>
                {a.leadOrgName} · {a.piName} · {t("application.finalScore")} {a.finalScore ?? "—"} · {statusText(t, a.status)}
                {a.outcomeCode && a.outcomeCode !== "AWARDED" ? <span className="text-slate-500"> · {outcomeText(t, a.outcomeCode)}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="objections">
        <h2 className="font-semibold">{t("application.objections")}</h2>
        {objections.length === 0 ? <p className="text-sm text-slate-500">{t("application.noObjections")}</p> : null}
        <ul className="space-y-3 text-sm">
          {objections.map((o) => (
            <li key={o.id} className="border-t border-slate-100 pt-2" data-testid="objection">
              <p>
                {formatDate(locale, o.createdAt)} · {t("application.objectionAgainst")} {awarded.find((a) => a.id === o.applicationId)?.leadOrgName} · {t(`application.objection.${o.status}`)}
              </p>
              <p className="whitespace-pre-line">{o.reason}</p>
              {o.resolution ? <p className="text-slate-600">{t("application.resolution")}：{o.resolution}</p> : null}
              {broker && o.status === "OPEN" && c.status === "PUBLIC_NOTICE" ? (
                <Form method="post" className="mt-2 space-y-2">
                  <input type="hidden" name="intent" value="resolve" />
                  <input type="hidden" name="objectionId" value={o.id} />
                  <textarea name="resolution" rows={2} aria-label={t("application.resolution")} className={inputClass} />
                  <div className="flex gap-2">
                    <button name="upheld" value="yes" className="rounded-md border border-red-300 px-3 py-1.5 text-red-800 hover:bg-red-50">
                      {t("application.uphold")}
                    </button>
                    <button name="upheld" value="no" className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
                      {t("application.reject")}
                    </button>
                  </div>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
        {errors.resolution ? <p className="text-sm text-red-700">{errors.resolution}</p> : null}
        {noticeOpen && signedIn && standing.length > 0 ? (
          <Form method="post" className="space-y-2 border-t border-slate-100 pt-3 text-sm">
            <input type="hidden" name="intent" value="object" />
            <label htmlFor="applicationId" className="block">
              {t("application.objectionAgainst")}
            </label>
            <select id="applicationId" name="applicationId" className={inputClass}>
              {standing.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.leadOrgName}
                </option>
              ))}
            </select>
            <label htmlFor="reason" className="block">
              {t("application.objectionReason")}
            </label>
            <textarea id="reason" name="reason" rows={3} className={inputClass} aria-invalid={Boolean(errors.reason) || undefined} />
            {errors.reason ? <p className="text-red-700">{errors.reason}</p> : null}
            <button className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">{t("application.raiseObjection")}</button>
          </Form>
        ) : null}
      </section>

      {broker && c.status === "PUBLIC_NOTICE" ? (
        <Form method="post">
          <button name="intent" value="confirmAward" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
            {t("application.confirmAward")}
          </button>
        </Form>
      ) : null}
    </article>
  );
}
