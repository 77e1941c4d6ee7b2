import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { can } from "~/domain/accounts/permissions";
import { adviseSubject, factsFromSearchParams, measuresInForce } from "~/domain/advisor/advisor.server";
import { booleanFacts, type MeasureResult, numberFacts } from "~/domain/advisor/evaluator";
import { DomainError } from "~/domain/errors";
import { formatWan, isMessageKey, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "advisor.title");

/**
 * The policy-incentive advisor for a deal (?deal=<id or reference>) or an organization (?org=<id>), with the
 * user's facts in the query. Access to the subject is decided in adviseSubject.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  const dealId = params.get("deal")?.trim();
  const orgId = params.get("org")?.trim();
  const facts = factsFromSearchParams(params);
  const canManage = can(actor.memberships, "manage:policy");
  const db = await getPrisma();
  const inForce = await measuresInForce(db);
  const base = { canManage, userFacts: facts, inForce, dealId: dealId ?? "", orgId: orgId ?? "" };
  if (!dealId && !orgId) return { ...base, advice: null, notFound: false };
  try {
    const advice = await adviseSubject(db, actor, { kind: dealId ? "deal" : "organization", id: (dealId || orgId) ?? "", facts });
    return { ...base, advice, notFound: false };
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return data({ ...base, advice: null, notFound: true }, { status: 404 });
    throw error;
  }
}

function Amount({ result }: { result: MeasureResult }) {
  const { t, locale } = useI18n();
  if (result.amountWan === null) return <>{result.measure.kind === "REFERRAL" ? t("advisor.noFixedSum") : "—"}</>;
  const sum = formatWan(locale, result.amountWan);
  const shown = result.ceiling ? t("advisor.upTo", { amount: sum }) : sum;
  return <>{result.measure.parameters.per === "year" ? t("advisor.perYear", { amount: shown }) : shown}</>;
}

export default function AdvisorPage() {
  const { t, locale } = useI18n();
  const { advice, notFound, userFacts, dealId, orgId, canManage, inForce } = useLoaderData<typeof loader>();
  const factLabel = (name: string) => {
    const key = `advisor.fact.${name}`;
    return isMessageKey(key) ? t(key) : name;
  };
  const relevant = new Set(inForce.filter((m) => !advice || m.parameters.subject === advice.subject.kind).flatMap((m) => [...m.parameters.conditions, ...(m.parameters.basisFact ? [m.parameters.basisFact] : [])]));
  const recordFacts: Record<string, boolean | number | undefined> = advice?.recordFacts ?? {};
  const input = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">{t("advisor.title")}</h1>
          <p className="mt-1 max-w-3xl text-slate-600">{t("advisor.intro")}</p>
        </div>
        {canManage ? (
          <Link to="/advisor/measures" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
            {t("advisor.measures")}
          </Link>
        ) : null}
      </header>

      <Form method="get" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <div className="grid gap-3 md:grid-cols-2">
          <label className="text-sm">
            {t("advisor.deal")} — {t("advisor.subjectId")}
            <input name="deal" defaultValue={dealId} className={input} maxLength={64} />
          </label>
          <label className="text-sm">
            {t("advisor.organization")} — {t("advisor.subjectId")}
            <input name="org" defaultValue={orgId} className={input} maxLength={64} />
          </label>
        </div>
        <fieldset>
          <legend className="text-sm font-medium">{t("advisor.facts")}</legend>
          <p className="text-xs text-slate-600">{t("advisor.factsHint")}</p>
          <div className="mt-2 grid gap-3 md:grid-cols-3">
            {booleanFacts
              .filter((name) => relevant.has(name))
              .map((name) => (
                <label key={name} className="text-sm">
                  {factLabel(name)}
                  {recordFacts[name] !== undefined ? (
                    <span className="mt-1 block text-slate-700">
                      {recordFacts[name] ? t("advisor.yes") : t("advisor.no")} ({t("advisor.fromRecord")})
                    </span>
                  ) : (
                    <select name={name} defaultValue={userFacts[name] === undefined ? "" : userFacts[name] ? "yes" : "no"} className={input}>
                      <option value="">{t("advisor.unknown")}</option>
                      <option value="yes">{t("advisor.yes")}</option>
                      <option value="no">{t("advisor.no")}</option>
                    </select>
                  )}
                </label>
              ))}
            {numberFacts
              .filter((name) => relevant.has(name))
              .map((name) => (
                <label key={name} className="text-sm">
                  {factLabel(name)}
                  <input name={name} type="number" min={0} step="0.01" defaultValue={userFacts[name] ?? ""} className={input} />
                </label>
              ))}
          </div>
        </fieldset>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          {t("advisor.evaluate")}
        </button>
      </Form>

      {notFound ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {t("advisor.notFound")}
        </p>
      ) : null}

      {advice ? (
        <section aria-labelledby="advice-title" className="space-y-4">
          <h2 id="advice-title" className="text-lg font-semibold">
            {advice.subject.kind === "deal"
              ? `${t("advisor.deal")} ${advice.subject.reference} · ${advice.subject.title} · ${advice.subject.supplier.name} → ${advice.subject.demandName}`
              : `${t("advisor.organization")} · ${advice.subject.name}`}
          </h2>
          <ul className="space-y-3">
            {advice.results.map((result) => (
              <li
                key={result.measure.code}
                data-testid={`measure-${result.measure.code}`}
                className={`rounded-lg border bg-white p-4 ${result.granted ? "border-emerald-300" : "border-slate-200"}`}
              >
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="font-semibold">
                    （{result.measure.code}）{locale === "en" ? result.measure.titleEn : result.measure.title}
                    <span className="ml-2 text-xs font-normal text-slate-500">{t("advisor.version", { version: result.measure.version })}</span>
                  </h3>
                  <span className="tabular-nums font-semibold">
                    <Amount result={result} />
                  </span>
                </div>
                <p className="mt-1 text-sm">
                  {result.granted ? (
                    <span className="text-emerald-800">{t("advisor.granted")}</span>
                  ) : result.supersededBy ? (
                    <span className="text-amber-800">{t("advisor.notCumulated", { code: result.supersededBy })}</span>
                  ) : result.applicability === "needs-facts" ? (
                    <span className="text-slate-700">{t("advisor.needsFacts", { facts: result.missing.map(factLabel).join("、") })}</span>
                  ) : (
                    <span className="text-slate-500">{t("advisor.notApplicable", { facts: result.failed.map(factLabel).join("、") })}</span>
                  )}
                </p>
                {result.computation?.basisWan !== undefined && result.computation.percent !== undefined ? (
                  <p className="mt-1 text-xs text-slate-600">
                    {t("advisor.computation")}: {formatWan(locale, result.computation.basisWan)} × {result.computation.percent}%
                    {result.computation.capWan !== undefined ? ` ≤ ${formatWan(locale, result.computation.capWan)}` : ""}
                  </p>
                ) : null}
                <blockquote className="mt-2 border-l-4 border-slate-200 pl-3 text-sm text-slate-700" lang="zh-CN">
                  {t("advisor.text")}（{result.measure.code}）：“{result.measure.textExcerpt}”
                </blockquote>
              </li>
            ))}
          </ul>
          <dl className="grid max-w-md grid-cols-2 gap-2 text-sm">
            <dt className="font-medium">{t("advisor.totalOnce")}</dt>
            <dd className="tabular-nums">{formatWan(locale, advice.totals.onceWan)}</dd>
            <dt className="font-medium">{t("advisor.totalYearly")}</dt>
            <dd className="tabular-nums">{formatWan(locale, advice.totals.yearlyWan)}</dd>
          </dl>
        </section>
      ) : null}
    </div>
  );
}
