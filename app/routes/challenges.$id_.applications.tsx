import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { outcomeText, ruleText, statusText } from "~/components/application-labels";
import { ActionOutcome, inputClass } from "~/components/form";
import { MAX_AWARDS, MAX_SHORTLIST } from "~/domain/challenges/applications";
import { assignReviewer, awardApplications, challengeBoard, shortlistApplications } from "~/domain/challenges/applications.server";
import { transitionChallenge } from "~/domain/challenges/challenges.server";
import { useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, recordAction } from "~/utils/forms.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "application.board", data?.challenge.title);

/** The broker's board for one challenge: applications with eligibility, scores and rank; reviewers; shortlist and award. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const board = await challengeBoard(await getPrisma(), await requireActor(request), params.id ?? "");
  if (!board || (!board.broker && !board.issuer)) throw notFound();
  return board;
}

const steps = ["closeApplications", "startExpertReview", "openBidding"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, t, formData, id, db } = await recordAction(request, params);
  const selection = formData.getAll("selection").filter((v): v is string => typeof v === "string");
  const intent = String(formData.get("intent") ?? "");
  try {
    if (intent === "assign") await assignReviewer(db, actor, id, String(formData.get("reviewerId") ?? ""));
    else if (intent === "shortlist") await shortlistApplications(db, actor, id, selection);
    else if (intent === "award") await awardApplications(db, actor, id, selection);
    else if ((steps as readonly string[]).includes(intent)) await transitionChallenge(db, actor, id, intent as (typeof steps)[number]);
    else return data({ ok: false as const, fieldErrors: {}, formError: t("validation.choice") }, { status: 400 });
    return { ok: true as const, message: t("application.done"), fieldErrors: {} as Record<string, string>, formError: undefined };
  } catch (error) {
    return domainFailure(error, t);
  }
}

export default function BoardPage() {
  const { t } = useI18n();
  const board = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { challenge: c } = board;
  const selectable = c.status === "EXPERT_REVIEW" || c.status === "BIDDING" ? "QUALIFIED" : c.status === "SHORTLISTED" ? "SHORTLISTED" : null;
  const maxAwards = c.evaluationMode === "RACE" ? MAX_AWARDS : 1;
  const stepsNow = board.broker ? steps.filter((s) => (s === "closeApplications" && c.status === "PUBLISHED") || (s === "startExpertReview" && c.status === "APPLICATIONS_CLOSED") || (s === "openBidding" && c.status === "EXPERT_REVIEW")) : [];
  return (
    <article className="space-y-6">
      <Link to={`/challenges/${c.id}`} className="text-sm text-brand-700 hover:underline">
        ← {c.title}
      </Link>
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("application.board")}</h1>
        <span className="text-sm" data-testid="challenge-status">
          {t(`challenge.status.${c.status}`)}
        </span>
      </header>
      <ActionOutcome result={actionData} errorTestId="board-error" />
      {stepsNow.length > 0 ? (
        <Form method="post" className="flex gap-2">
          {stepsNow.map((step) => (
            <button key={step} name="intent" value={step} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
              {t(`challenge.action.${step}`)}
            </button>
          ))}
        </Form>
      ) : null}

      <p className="text-sm text-slate-600">{c.bidRoomId && !board.bidRoomOpen ? t("application.combinedHint") : t("application.expertOnlyHint")}</p>
      <Form method="post" className="space-y-3">
        <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm" data-testid="board">
          <thead className="text-slate-500">
            <tr>
              {selectable && board.broker ? <th className="p-2">{t("application.selection")}</th> : null}
              <th className="p-2">{t("application.leadOrg")}</th>
              <th>{t("application.status")}</th>
              <th>{t("application.expertScore")}</th>
              <th>{t("application.spread")}</th>
              <th>{t("application.bidScore")}</th>
              <th>{t("application.finalScore")}</th>
              <th>{t("application.rank")}</th>
            </tr>
          </thead>
          <tbody>
            {board.applications.map((row) => (
              <tr key={row.id} className="border-t border-slate-100 align-top" data-testid="board-row">
                {selectable && board.broker ? (
                  <td className="p-2">{row.status === selectable ? <input type="checkbox" name="selection" value={row.id} aria-label={row.leadOrgName} /> : null}</td>
                ) : null}
                <td className="p-2">
                  <Link to={`/applications/${row.id}`} className="text-brand-700 hover:underline">
                    {row.leadOrgName}
                  </Link>
                  {row.eligibilityFailures.length > 0 ? <div className="text-xs text-red-700">{row.eligibilityFailures.map((r) => ruleText(t, r)).join("；")}</div> : null}
                </td>
                <td>
                  {statusText(t, row.status)}
                  {row.outcomeCode ? <div className="text-xs text-slate-500">{outcomeText(t, row.outcomeCode)}</div> : null}
                </td>
                <td>
                  {row.aggregate.mean ?? "—"}
                  {row.aggregate.count > 0 ? <span className="text-xs text-slate-500"> ×{row.aggregate.count}</span> : null}
                  {row.conflicts > 0 ? <span className="text-xs text-slate-500"> · {t("application.conflictedShort")} {row.conflicts}</span> : null}
                </td>
                <td>{row.aggregate.spread ?? "—"}</td>
                <td>{row.bidScore ?? "—"}</td>
                <td>{row.finalScore ?? "—"}</td>
                <td>{row.rank ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {board.broker && selectable === "QUALIFIED" ? (
          <button name="intent" value="shortlist" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
            {t("application.shortlist")}
          </button>
        ) : null}
        {board.broker && selectable === "SHORTLISTED" ? (
          <button name="intent" value="award" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
            {t("application.award", { max: maxAwards })}
          </button>
        ) : null}
        {board.broker && selectable === "QUALIFIED" ? <p className="text-xs text-slate-500">≤ {MAX_SHORTLIST}</p> : null}
      </Form>

      <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="reviewers">
        <h2 className="font-semibold">{t("application.reviewers")}</h2>
        {board.reviewers.length === 0 ? <p className="text-sm text-slate-500">{t("application.noReviewers")}</p> : <p className="text-sm">{board.reviewers.map((r) => r.name).join("、")}</p>}
        {board.broker && (c.status === "APPLICATIONS_CLOSED" || c.status === "EXPERT_REVIEW") && board.candidates.length > 0 ? (
          <Form method="post" className="flex gap-2">
            <input type="hidden" name="intent" value="assign" />
            <select name="reviewerId" aria-label={t("application.assign")} className={inputClass}>
              {board.candidates.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
            <button className="shrink-0 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">{t("application.assign")}</button>
          </Form>
        ) : null}
      </section>
    </article>
  );
}
