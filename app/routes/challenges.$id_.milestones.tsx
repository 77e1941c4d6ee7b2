import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { outcomeText, statusText } from "~/components/application-labels";
import { ActionOutcome, inputClass } from "~/components/form";
import { midTermSchema } from "~/domain/challenges/application-input";
import { midTermDecisions } from "~/domain/challenges/applications";
import { isBroker, recordAcceptance, recordMidTermReview, taskBooks } from "~/domain/challenges/applications.server";
import { transitionChallenge } from "~/domain/challenges/challenges.server";
import { formatDate, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, parseForm } from "~/utils/forms.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "application.milestonesLink", data?.challenge.title);

/** Milestones (赛马 mid-term reviews) and acceptance (验收) per indicator, for brokers and the issuer. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = await getPrisma();
  const page = await taskBooks(db, params.id ?? "");
  if (!page) throw notFound();
  const issuerOrgId = (await db.challenge.findUniqueOrThrow({ where: { id: page.challenge.id }, select: { issuerOrgId: true } })).issuerOrgId;
  const issuer = actor.memberships.some((m) => m.organizationId === issuerOrgId);
  if (!isBroker(actor) && !issuer) throw notFound();
  return { ...page, broker: isBroker(actor), issuer };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const db = await getPrisma();
  const intent = formData.get("intent");
  try {
    if (intent === "midTerm") {
      const parsed = parseForm(midTermSchema, formData, t);
      if (!parsed.ok) return data(parsed, { status: 400 });
      await recordMidTermReview(db, actor, parsed.data.milestoneId, {
        passed: parsed.data.passed === "yes",
        decision: parsed.data.decision,
        evidence: parsed.data.evidence,
        mergeIntoApplicationId: parsed.data.mergeIntoApplicationId || undefined,
      });
    } else if (intent === "acceptance") {
      const names = formData.getAll("indicator").map(String);
      const achieved = formData.getAll("achieved").map(String);
      const passed = new Set(formData.getAll("passed").map(String));
      await recordAcceptance(db, actor, String(formData.get("applicationId") ?? ""), names.map((indicator, i) => ({ indicator, achieved: achieved[i] ?? "", passed: passed.has(indicator) })));
    } else if (intent === "startAcceptance" || intent === "close") {
      await transitionChallenge(db, actor, params.id ?? "", intent);
    } else return data({ ok: false as const, fieldErrors: {}, formError: t("validation.choice") }, { status: 400 });
    return { ok: true as const, message: t("application.done"), fieldErrors: {} as Record<string, string>, formError: undefined };
  } catch (error) {
    return domainFailure(error, t, formData);
  }
}

export default function MilestonesPage() {
  const { t, locale } = useI18n();
  const { challenge: c, books, broker, issuer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const active = books.filter((b) => b.status === "AWARDED");
  return (
    <article className="space-y-6">
      <Link to={`/challenges/${c.id}`} className="text-sm text-brand-700 hover:underline">
        ← {c.title}
      </Link>
      <h1 className="text-2xl font-semibold">{t("application.milestonesLink")}</h1>
      <ActionOutcome result={actionData} errorTestId="milestone-error" />
      {(broker || issuer) && c.status === "IN_PROGRESS" ? (
        <Form method="post">
          <button name="intent" value="startAcceptance" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
            {t("application.startAcceptance")}
          </button>
        </Form>
      ) : null}
      {books.length === 0 ? <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm">{t("application.noTaskBooks")}</p> : null}
      {books.map((book) => (
        <section key={book.id} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="lead-milestones">
          <h2 className="font-semibold">
            {book.leadOrgName} · {statusText(t, book.status)}
            {book.outcomeCode && book.outcomeCode !== "AWARDED" ? <span className="text-sm font-normal text-slate-500"> · {outcomeText(t, book.outcomeCode)}</span> : null}
          </h2>
          <ol className="space-y-3 text-sm">
            {book.milestones.map((m) => (
              <li key={m.id} className="border-t border-slate-100 pt-2">
                <p>
                  {m.seq}. {m.title} · {formatDate(locale, m.dueAt)} · {m.tranche !== null ? `${Math.round(m.tranche * 10_000) / 100} %` : ""} · {t(`application.milestoneStatus.${m.status}`)}
                  {m.decision && (midTermDecisions as readonly string[]).includes(m.decision) ? ` · ${t(`application.decision.${m.decision as (typeof midTermDecisions)[number]}`)}` : ""}
                </p>
                {m.evidence ? <p className="text-slate-600">{m.evidence}</p> : null}
                {broker && c.status === "IN_PROGRESS" && book.status === "AWARDED" && m.status === "PLANNED" && m.seq < book.milestones.length ? (
                  <Form method="post" className="mt-2 grid gap-2 sm:grid-cols-2">
                    <input type="hidden" name="intent" value="midTerm" />
                    <input type="hidden" name="milestoneId" value={m.id} />
                    <select name="passed" aria-label={t("application.passedQ")} className={inputClass}>
                      <option value="yes">{t("application.pass")}</option>
                      <option value="no">{t("application.fail")}</option>
                    </select>
                    <select name="decision" aria-label={t("application.decision")} className={inputClass}>
                      {midTermDecisions.map((d) => (
                        <option key={d} value={d}>
                          {t(`application.decision.${d}`)}
                        </option>
                      ))}
                    </select>
                    {c.evaluationMode === "RACE" && active.length > 1 ? (
                      <select name="mergeIntoApplicationId" aria-label={t("application.mergeInto")} className={inputClass}>
                        <option value="">{t("application.mergeInto")}</option>
                        {active
                          .filter((other) => other.id !== book.id)
                          .map((other) => (
                            <option key={other.id} value={other.id}>
                              {other.leadOrgName}
                            </option>
                          ))}
                      </select>
                    ) : null}
                    <textarea name="evidence" rows={2} aria-label={t("application.evidence")} placeholder={t("application.evidence")} className={`${inputClass} sm:col-span-2`} />
                    <button className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">{t("application.midTerm")}</button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ol>
          {book.acceptance ? (
            <ul className="text-sm" data-testid="acceptance">
              {book.acceptance.map((row) => (
                <li key={row.indicator}>
                  {row.indicator}：{row.achieved} · {row.passed ? t("application.indicatorPassed") : t("application.fail")}
                </li>
              ))}
            </ul>
          ) : broker && c.status === "ACCEPTANCE" && book.status === "AWARDED" ? (
            <Form method="post" className="space-y-2 text-sm">
              <h3 className="font-medium">{t("application.acceptance")}</h3>
              <input type="hidden" name="intent" value="acceptance" />
              <input type="hidden" name="applicationId" value={book.id} />
              {c.indicators.map((indicator) => (
                <div key={indicator.name} className="grid grid-cols-[2fr_1fr_auto] items-center gap-2">
                  <span>
                    {indicator.name}（{indicator.target} {indicator.unit}）
                  </span>
                  <input type="hidden" name="indicator" value={indicator.name} />
                  <input name="achieved" aria-label={`${indicator.name} ${t("application.achieved")}`} placeholder={t("application.achieved")} className={inputClass} />
                  <label className="flex items-center gap-1">
                    <input type="checkbox" name="passed" value={indicator.name} /> {t("application.indicatorPassed")}
                  </label>
                </div>
              ))}
              <button className="rounded-md bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700">{t("application.recordAcceptance")}</button>
            </Form>
          ) : null}
        </section>
      ))}
      {broker && c.status === "ACCEPTANCE" ? (
        <Form method="post">
          <button name="intent" value="close" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
            {t("application.closeChallenge")}
          </button>
        </Form>
      ) : null}
    </article>
  );
}
