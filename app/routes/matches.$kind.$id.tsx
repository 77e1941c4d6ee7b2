import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { DomainError } from "~/domain/errors";
import type { MatchDecisionView } from "~/domain/matching/decisions";
import { canDecideMatches, decideMatch, decisionsFor } from "~/domain/matching/match-decisions.server";
import { saveStandingMatch } from "~/domain/matching/standing-matches.server";
import { getActor, requireActor } from "~/utils/session.server";
import { Highlighted } from "~/components/highlighted";
import { DismissReasonFields, MatchCard } from "~/components/match-card";
import { matchesForListing } from "~/domain/matching/matching.server";
import { useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { getSearchService } from "../../search/service.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, data?.source.kind === "achievement" ? "match.title.achievement" : "match.title.need", data?.source.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const kind = params.kind === "achievement" || params.kind === "need" ? params.kind : null;
  if (!kind) throw notFound();
  const service = getSearchService();
  await service.ready;
  const db = await getPrisma();
  const page = await matchesForListing(db, service.matcher, kind, params.id ?? "");
  if (!page) throw notFound();
  const actor = await getActor(request);
  const canDecide = await canDecideMatches(db, actor, kind, page.source.id);
  // Decisions are the owner's and the brokers' working notes: only they see them.
  const decisions: Record<string, MatchDecisionView> = canDecide ? await decisionsFor(db, kind, page.source.id) : {};
  return { ...page, canDecide, decisions };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const kind = params.kind === "achievement" || params.kind === "need" ? params.kind : null;
  if (!kind) throw notFound();
  const form = await request.formData();
  const db = await getPrisma();
  try {
    if (form.get("intent") === "decide") {
      const text = (name: string) => {
        const value = form.get(name);
        return typeof value === "string" && value !== "" ? value : undefined;
      };
      const decision = await decideMatch(
        db,
        actor,
        kind,
        params.id ?? "",
        { decision: text("decision"), candidateId: text("candidateId"), reason: text("reason"), note: text("note"), score: text("score") },
        { ip: request.headers.get("x-forwarded-for") },
      );
      return { decided: decision.candidateId };
    }
    await saveStandingMatch(db, actor, kind, params.id ?? "");
    return { saved: true as const };
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.status === 422) return Response.json({ decisionError: error.messageKey }, { status: 422 });
      throw new Response(error.status === 404 ? "Not found" : "Forbidden", { status: error.status });
    }
    throw error;
  }
}

export default function MatchesPage() {
  const { t } = useI18n();
  const { source, cards, canDecide, decisions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saved = result && typeof result === "object" && "saved" in result ? result : undefined;
  const decided = result && typeof result === "object" && "decided" in result ? result.decided : undefined;
  const decisionError = result && typeof result === "object" && "decisionError" in result;
  const root = useRouteLoaderData<{ user?: unknown }>("root");
  const sourcePath = `/${source.kind === "achievement" ? "achievements" : "needs"}/${source.id}`;
  return (
    <div className="space-y-6">
      <Link to={sourcePath} className="text-sm text-brand-700 hover:underline">
        ← {t("match.back")}
      </Link>
      <header>
        <h1 className="text-2xl font-semibold">{t(source.kind === "achievement" ? "match.title.achievement" : "match.title.need")}</h1>
        <p className="mt-1 text-slate-600">{t("match.intro")}</p>
      </header>
      {decisionError ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-red-900" data-testid="match-decision-error">
          {t("match.decision.invalid")}
        </p>
      ) : null}
      {saved && "saved" in saved ? (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-green-900" data-testid="match-saved">
          {t("match.saved")}
        </p>
      ) : root?.user ? (
        <Form method="post">
          <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800" data-testid="save-standing-match">
            {t("match.save")}
          </button>
        </Form>
      ) : (
        <p className="text-sm text-slate-600">{t("match.saveLogin")}</p>
      )}
      <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label={t("match.source")}>
        <h2 className="font-semibold">
          {t("match.source")}：{source.title}
        </h2>
        <p className="mt-1 text-sm leading-6 text-slate-700">
          <Highlighted segments={source.text} />
        </p>
      </section>
      {cards.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6" data-testid="match-empty">
          {t("match.empty")}
        </p>
      ) : (
        <ol className="space-y-4" data-testid="match-cards">
          {cards.map((card) => (
            <MatchCard key={card.id} card={card}>
              <DecisionPanel candidateId={card.id} score={card.score} decision={decisions[card.id]} canDecide={canDecide} justDecided={decided === card.id} />
            </MatchCard>
          ))}
        </ol>
      )}
    </div>
  );
}

/** A card's decision: shown when made, with the accept / dismiss form for the owner and brokers. */
function DecisionPanel({ candidateId, score, decision, canDecide, justDecided }: { candidateId: string; score: number; decision: MatchDecisionView | undefined; canDecide: boolean; justDecided: boolean }) {
  const { t, locale } = useI18n();
  if (!canDecide) return null;
  const form = (
    <div className="mt-2 flex flex-wrap items-start gap-3 text-sm">
      <Form method="post" preventScrollReset>
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="decision" value="ACCEPT" />
        <input type="hidden" name="candidateId" value={candidateId} />
        <input type="hidden" name="score" value={score.toFixed(3)} />
        <button type="submit" className="rounded-md bg-brand-700 px-3 py-1.5 font-medium text-white hover:bg-brand-800" data-testid="match-accept">
          {t("match.decision.accept")}
        </button>
      </Form>
      <details>
        <summary className="cursor-pointer rounded-md border border-slate-300 px-3 py-1.5 text-slate-700">{t("match.decision.dismiss")}</summary>
        <Form method="post" preventScrollReset className="mt-2 space-y-2">
          <input type="hidden" name="intent" value="decide" />
          <input type="hidden" name="decision" value="DISMISS" />
          <input type="hidden" name="candidateId" value={candidateId} />
          <input type="hidden" name="score" value={score.toFixed(3)} />
          <DismissReasonFields />
          <button type="submit" className="rounded-md border border-slate-400 px-3 py-1.5" data-testid="match-dismiss">
            {t("match.decision.submitDismiss")}
          </button>
        </Form>
      </details>
    </div>
  );
  if (!decision) return form;
  const when = new Date(decision.decidedAt).toLocaleDateString(locale);
  return (
    <div className="mt-2 text-sm" data-testid="match-decision">
      <p role={justDecided ? "status" : undefined} className={decision.decision === "ACCEPT" ? "text-green-800" : "text-slate-600"}>
        {decision.decision === "ACCEPT" ? t("match.decision.accepted") : t("match.decision.dismissed", { reason: decision.reason ? t(`match.reason.${decision.reason}`) : "" })}
        {decision.note ? ` — ${decision.note}` : ""}
        <span className="ml-2 text-slate-500">{t(decision.byBroker ? "match.decision.byBroker" : "match.decision.by", { name: decision.decidedByName, date: when })}</span>
      </p>
      <details className="mt-1">
        <summary className="cursor-pointer text-brand-700">{t("match.decision.change")}</summary>
        {form}
      </details>
    </div>
  );
}
