import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Fact, OrgName } from "~/components/listing";
import { ActionOutcome, inputClass } from "~/components/form";
import { challengeTransitionSchema } from "~/domain/challenges/challenge-input";
import { getChallenge, transitionChallenge } from "~/domain/challenges/challenges.server";
import { candidatesForChallenge } from "~/domain/matching/matching.server";
import { Highlighted } from "~/components/highlighted";
import { ChallengeApplicationLinks } from "~/components/challenge-application-links";
import { applicationLinksFor } from "~/domain/challenges/applications";
import { getSearchService } from "../../search/service.server";
import { checklistItems } from "~/domain/challenges/lifecycle";
import { DomainError } from "~/domain/errors";
import { formatDate, formatWan, isMessageKey, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure } from "~/utils/forms.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { getActor, requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "challenge.title", data?.challenge.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const page = await getChallenge(await getPrisma(), actor, params.id ?? "");
  if (!page) throw notFound();
  // Candidate achievements come from the matching pipeline once the search index is ready.
  const search = getSearchService();
  const candidates = search.isReady() ? await candidatesForChallenge(search.matcher, page.challenge) : null;
  return { ...page, candidates, applicationLinks: applicationLinksFor(actor, page.challenge) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = challengeTransitionSchema.safeParse({
    transition: formData.get("transition"),
    reason: formData.get("reason") ?? "",
    checklist: formData.getAll("checklist"),
  });
  if (!parsed.success) return data({ ok: false as const, formError: t("validation.choice"), fieldErrors: {} }, { status: 400 });
  try {
    await transitionChallenge(await getPrisma(), actor, params.id ?? "", parsed.data.transition, { reason: parsed.data.reason, checklist: parsed.data.checklist });
    return { ok: true as const, message: t("challenge.done", { action: t(`challenge.action.${parsed.data.transition}`) }), formError: undefined, fieldErrors: {} };
  } catch (error) {
    // A refusal to publish names the missing items in the reader's language.
    if (error instanceof DomainError && error.messageKey === "challenge.notReady") {
      const items = String(error.params?.items ?? "")
        .split(",")
        .filter(Boolean)
        .map((item) => {
          const key = `challenge.check.${item}`;
          return isMessageKey(key) ? t(key) : item;
        })
        .join("、");
      return data({ ok: false as const, formError: t("challenge.notReady", { items }), fieldErrors: {} }, { status: 422 });
    }
    if (error instanceof DomainError && error.status === 403) throw new Response("Forbidden", { status: 403 });
    return domainFailure(error, t);
  }
}

const applicationSteps: string[] = ["shortlist", "award", "confirmAward"];

export default function ChallengePage() {
  const { t, locale } = useI18n();
  const { challenge: c, issuer, transitions, canEdit, candidates, applicationLinks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const needsReason = transitions.filter((name) => name === "return" || name === "cancel");
  // Shortlist, award and the end of the notice period choose applications: they live on the application pages.
  const simple = transitions.filter((name) => name !== "return" && name !== "cancel" && !applicationSteps.includes(name));
  return (
    <article className="space-y-6">
      <Link to="/challenges" className="text-sm text-brand-700 hover:underline">
        ← {t("challenge.title")}
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">
            {c.direction}
            {c.subField ? ` · ${c.subField}` : ""}
          </p>
          <h1 className="text-2xl font-semibold" data-testid="challenge-title">
            {c.title}
          </h1>
          <p className="mt-1 text-sm" data-testid="challenge-status">
            {t(`challenge.status.${c.status}`)}
          </p>
        </div>
        {canEdit ? (
          <Link to={`/challenges/${c.id}/edit`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
            {t("challenge.edit")}
          </Link>
        ) : null}
      </header>

      <ChallengeApplicationLinks id={c.id} links={applicationLinks} />

      {c.status === "RETURNED" && (c.returnChecklist.length > 0 || c.returnReason) ? (
        <div role="status" className="rounded-md border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900" data-testid="return-checklist">
          <p className="font-medium">{t("challenge.returned")}</p>
          <ul className="mt-1 list-disc pl-5">
            {c.returnChecklist.map((item) => {
              const key = `challenge.check.${item}`;
              return <li key={item}>{isMessageKey(key) ? t(key) : item}</li>;
            })}
          </ul>
          {c.returnReason ? <p className="mt-1">{c.returnReason}</p> : null}
        </div>
      ) : null}

      <ActionOutcome result={actionData} errorTestId="challenge-error" />

      {transitions.length > 0 ? (
        <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          {simple.length > 0 ? (
            <Form method="post" className="flex flex-wrap gap-2">
              {simple.map((name) => (
                <button key={name} name="transition" value={name} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
                  {t(`challenge.action.${name}`)}
                </button>
              ))}
            </Form>
          ) : null}
          {needsReason.map((name) => (
            <Form key={name} method="post" className="space-y-2 border-t border-slate-100 pt-3">
              <input type="hidden" name="transition" value={name} />
              {name === "return" ? (
                <fieldset className="flex flex-wrap gap-4 text-sm">
                  <legend className="mb-1 font-medium">{t("challenge.checklist")}</legend>
                  {checklistItems.map((item) => (
                    <label key={item} className="flex items-center gap-1">
                      <input type="checkbox" name="checklist" value={item} />
                      {t(`challenge.check.${item}`)}
                    </label>
                  ))}
                </fieldset>
              ) : null}
              <label className="block text-sm" htmlFor={`reason-${name}`}>
                {t("challenge.reason")}
              </label>
              <textarea id={`reason-${name}`} name="reason" rows={2} className={inputClass} />
              <button className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">{t(`challenge.action.${name}`)}</button>
            </Form>
          ))}
        </section>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 lg:col-span-2">
          <h2 className="text-lg font-semibold">{t("challenge.background")}</h2>
          <p className="whitespace-pre-line leading-7">{c.background || t("challenge.notGiven")}</p>
          <h2 className="text-lg font-semibold">{t("challenge.researchContent")}</h2>
          <p className="whitespace-pre-line leading-7">{c.researchContent || t("challenge.notGiven")}</p>
          <h2 className="text-lg font-semibold">{t("challenge.indicators")}</h2>
          {c.indicators.length === 0 ? (
            <p className="text-slate-500">{t("challenge.notGiven")}</p>
          ) : (
            <table className="w-full text-left text-sm" data-testid="indicators">
              <thead className="text-slate-500">
                <tr>
                  <th className="py-1">{t("challenge.indicatorName")}</th>
                  <th>{t("challenge.indicatorTarget")}</th>
                  <th>{t("challenge.indicatorUnit")}</th>
                  <th>{t("challenge.indicatorVerification")}</th>
                </tr>
              </thead>
              <tbody>
                {c.indicators.map((indicator, i) => (
                  <tr key={i} className="border-t border-slate-100">
                    <td className="py-1">{indicator.name}</td>
                    <td>{indicator.target}</td>
                    <td>{indicator.unit}</td>
                    <td>{indicator.verification}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <aside className="rounded-lg border border-slate-200 bg-white p-6">
          <dl className="divide-y divide-slate-100">
            <Fact label={t("challenge.issuer")}>
              {issuer ? <OrgName org={{ ...issuer, isDemo: true }} /> : null}
              {c.sourceIssuer ? <div className="text-xs text-slate-500">{t("challenge.sourceIssuer")}：{c.sourceIssuer}</div> : null}
            </Fact>
            <Fact label={t("challenge.funding")}>{c.fundingWan !== null ? formatWan(locale, c.fundingWan) : null}</Fact>
            <Fact label={t("challenge.fundingSource")}>{c.fundingSource}</Fact>
            <Fact label={t("challenge.deadline")}>{c.deadline ? formatDate(locale, c.deadline) : null}</Fact>
            <Fact label={t("challenge.targetMaturity")}>{c.targetMaturity ? t(`maturity.${c.targetMaturity}`) : null}</Fact>
            <Fact label={t("challenge.window")}>
              {c.applicationOpensAt && c.applicationClosesAt ? `${formatDate(locale, c.applicationOpensAt)} – ${formatDate(locale, c.applicationClosesAt)}` : null}
            </Fact>
            <Fact label={t("challenge.ipArrangement")}>
              {t(`challenge.ip.${c.ipArrangement}`)}
              {c.ipNote ? <div className="text-xs text-slate-500">{c.ipNote}</div> : null}
            </Fact>
            <Fact label={t("challenge.evaluationMode")}>{t(`challenge.mode.${c.evaluationMode}`)}</Fact>
            <Fact label={t("challenge.program")}>{c.program ? `${c.program}${c.year ? `（${c.year}）` : ""}` : null}</Fact>
            <Fact label={t("challenge.source")}>{c.source ? <span className="break-all text-xs text-slate-500">{c.source}</span> : null}</Fact>
          </dl>
        </aside>
      </div>
      <section className="rounded-lg border border-slate-200 bg-white p-6" data-testid="challenge-candidates">
        <h2 className="text-lg font-semibold">{t("challenge.candidates")}</h2>
        <p className="text-sm text-slate-500">{t("challenge.candidatesHint")}</p>
        {candidates === null ? (
          <p className="mt-2 text-sm text-slate-500">{t("search.notice.indexing")}</p>
        ) : candidates.length === 0 ? (
          <p className="mt-2 text-sm text-slate-500">{t("search.empty.title")}</p>
        ) : (
          <ol className="mt-3 space-y-2">
            {candidates.map((candidate) => (
              <li key={candidate.id} className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                <span>
                  <Link to={`/achievements/${candidate.id}`} className="text-brand-700 hover:underline">
                    <Highlighted segments={candidate.title} />
                  </Link>
                  <span className="ml-2 text-slate-500">{candidate.ownerOrgName}</span>
                </span>
                <span className="text-slate-500">
                  {Math.round(candidate.score * 100)} · {candidate.matchedTerms.join("、")}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
