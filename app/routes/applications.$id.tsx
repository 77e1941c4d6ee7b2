import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { criterionText, outcomeText, ruleText, statusText } from "~/components/application-labels";
import { ActionOutcome, inputClass } from "~/components/form";
import { Fact } from "~/components/listing";
import { formalReviewSchema } from "~/domain/challenges/application-input";
import { formalReviewReasons } from "~/domain/challenges/applications";
import { EligibilityError, formalReview, getApplication, submitApplication, withdrawApplication } from "~/domain/challenges/applications.server";
import { formatDate, formatWan, useI18n } from "~/i18n/i18n";
import { eligibilityFailure } from "~/utils/application-routes.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, parseForm, recordAction } from "~/utils/forms.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "application.title", data?.challenge.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await getApplication(await getPrisma(), await requireActor(request), params.id ?? "");
  if (!page) throw notFound();
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, t, formData, id, db } = await recordAction(request, params);
  try {
    switch (formData.get("intent")) {
      case "submit":
        await submitApplication(db, actor, id);
        break;
      case "withdraw":
        await withdrawApplication(db, actor, id);
        break;
      case "formalReview": {
        const parsed = parseForm(formalReviewSchema, formData, t);
        if (!parsed.ok) return data(parsed, { status: 400 });
        await formalReview(db, actor, id, { pass: parsed.data.decision === "pass", reasonCode: parsed.data.reasonCode, note: parsed.data.note });
        break;
      }
      default:
        return data({ ok: false as const, fieldErrors: {}, formError: t("validation.choice") }, { status: 400 });
    }
    return { ok: true as const, message: t("application.done"), fieldErrors: {} as Record<string, string>, formError: undefined };
  } catch (error) {
    if (error instanceof EligibilityError) return data({ ok: false as const, ...eligibilityFailure(error, t) }, { status: 422 });
    return domainFailure(error, t, formData);
  }
}

export default function ApplicationPage() {
  const { t, locale } = useI18n();
  const { application: a, challenge, lead, eligibility, can, scores, criteria } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData && !actionData.ok ? actionData.fieldErrors : {};
  return (
    <article className="space-y-6">
      <Link to={`/challenges/${challenge.id}`} className="text-sm text-brand-700 hover:underline">
        ← {challenge.title}
      </Link>
      <header>
        <h1 className="text-2xl font-semibold">{t("application.title")}</h1>
        <p className="mt-1 text-sm" data-testid="application-status">
          {statusText(t, a.status)}
          {a.outcomeCode ? (
            <span className="ml-2 rounded bg-slate-100 px-2 py-0.5" data-testid="application-outcome" data-code={a.outcomeCode}>
              {outcomeText(t, a.outcomeCode)}
            </span>
          ) : null}
        </p>
        {a.outcomeNote ? <p className="text-sm text-slate-600">{a.outcomeNote}</p> : null}
      </header>

      <ActionOutcome result={actionData} errorTestId="application-error" />

      {can.edit || can.submit || can.withdraw ? (
        <section className="flex flex-wrap gap-2">
          {can.edit ? (
            <Link to={`/applications/${a.id}/edit`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
              {t("application.edit")}
            </Link>
          ) : null}
          <Form method="post" className="flex gap-2">
            {can.submit ? (
              <button name="intent" value="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
                {t("application.submit")}
              </button>
            ) : null}
            {can.withdraw ? (
              <button name="intent" value="withdraw" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
                {t("application.withdraw")}
              </button>
            ) : null}
          </Form>
        </section>
      ) : null}

      {can.formalReview ? (
        <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="formal-review">
          <h2 className="font-semibold">{t("application.formalReview")}</h2>
          <div className="text-sm">
            <p className="font-medium">{t("application.eligibilityCheck")}</p>
            {eligibility.length === 0 ? (
              <p className="text-emerald-700">{t("application.eligibleAll")}</p>
            ) : (
              <ul className="list-disc pl-5 text-red-700">
                {eligibility.map((rule) => (
                  <li key={rule}>{ruleText(t, rule)}</li>
                ))}
              </ul>
            )}
          </div>
          <Form method="post" className="space-y-2">
            <input type="hidden" name="intent" value="formalReview" />
            <div className="flex gap-4 text-sm">
              <label className="flex items-center gap-1">
                <input type="radio" name="decision" value="pass" defaultChecked={eligibility.length === 0} /> {t("application.pass")}
              </label>
              <label className="flex items-center gap-1">
                <input type="radio" name="decision" value="fail" defaultChecked={eligibility.length > 0} /> {t("application.fail")}
              </label>
            </div>
            <label className="block text-sm" htmlFor="reasonCode">
              {t("application.reasonCode")}
            </label>
            <select id="reasonCode" name="reasonCode" defaultValue={eligibility[0] ?? ""} className={inputClass}>
              <option value="">—</option>
              {formalReviewReasons.map((reason) => (
                <option key={reason} value={reason}>
                  {ruleText(t, reason)}
                </option>
              ))}
            </select>
            {errors.reasonCode ? <p className="text-sm text-red-700">{errors.reasonCode}</p> : null}
            <label className="block text-sm" htmlFor="note">
              {t("application.note")}
            </label>
            <textarea id="note" name="note" rows={2} className={inputClass} />
            {errors.note ? <p className="text-sm text-red-700">{errors.note}</p> : null}
            <button className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">{t("application.formalReview")}</button>
          </Form>
        </section>
      ) : null}

      {can.review ? (
        <Link to={`/applications/${a.id}/review`} className="inline-block rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
          {t("application.review")}
        </Link>
      ) : null}

      {scores ? (
        <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="application-scores">
          <h2 className="font-semibold">{t("application.scores")}</h2>
          <p>{t("application.reviewCount", { count: scores.aggregate.count, conflicts: scores.conflicts })}</p>
          {scores.aggregate.mean !== null ? (
            <p>
              {t("application.mean")} {scores.aggregate.mean} · {t("application.spread")} {scores.aggregate.spread} · {t("application.stdDev")} {scores.aggregate.stdDev}
            </p>
          ) : null}
          <ul className="mt-2 space-y-1">
            {scores.reviews.map((review, i) => (
              <li key={i}>
                {review.total} —{" "}
                {criteria.map((c) => `${criterionText(t, c.key)} ${(review.scores as Record<string, number> | null)?.[c.key] ?? "–"}`).join(" · ")}
                {review.comment ? <span className="text-slate-500"> · {review.comment}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 lg:col-span-2">
          <h2 className="text-lg font-semibold">{t("application.summary")}</h2>
          <p className="whitespace-pre-line">{a.plan.summary || t("challenge.notGiven")}</p>
          <h2 className="text-lg font-semibold">{t("application.plan")}</h2>
          <ul className="space-y-2 text-sm">
            {challenge.indicators.map((indicator) => (
              <li key={indicator.name}>
                <span className="font-medium">{indicator.name}</span>（{indicator.target} {indicator.unit}）：{a.plan.indicators.find((p) => p.indicator === indicator.name)?.approach ?? "—"}
              </li>
            ))}
          </ul>
          <h2 className="text-lg font-semibold">{t("application.subTasks")}</h2>
          <ol className="list-decimal space-y-1 pl-5 text-sm">
            {a.plan.subTasks.map((task, i) => (
              <li key={i}>
                {task.title}（{task.months}）— {task.milestone}
              </li>
            ))}
          </ol>
        </section>
        <aside className="rounded-lg border border-slate-200 bg-white p-6">
          <dl className="divide-y divide-slate-100">
            <Fact label={t("application.leadOrg")}>{lead ? (locale === "en" && lead.nameEn ? lead.nameEn : lead.name) : null}</Fact>
            <Fact label={t("application.consortium")}>
              {a.consortium.members.length === 0 ? "—" : a.consortium.members.map((m) => `${m.orgName}（${m.role}）`).join("；")}
            </Fact>
            <Fact label={t("application.pi")}>{[a.principalInvestigator.name, a.principalInvestigator.title].filter(Boolean).join(" · ")}</Fact>
            <Fact label={t("application.requestedWan")}>{a.requestedWan !== null ? formatWan(locale, a.requestedWan) : null}</Fact>
            <Fact label={t("application.selfFundedWan")}>{a.selfFundedWan !== null ? formatWan(locale, a.selfFundedWan) : null}</Fact>
            <Fact label={t("application.pledge")}>{a.integrityPledgeAt ? formatDate(locale, a.integrityPledgeAt) : "—"}</Fact>
            <Fact label={t("application.submittedAt")}>{a.submittedAt ? formatDate(locale, a.submittedAt) : null}</Fact>
          </dl>
        </aside>
      </div>
    </article>
  );
}
