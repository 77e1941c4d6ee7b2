import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Highlighted } from "~/components/highlighted";
import { Pagination } from "~/components/listing";
import { DismissReasonFields, MatchCard } from "~/components/match-card";
import { dismissMatch, introduceMatch, matchBoard } from "~/domain/deals/workspace.server";
import { DomainError } from "~/domain/errors";
import type { MatchDecisionView } from "~/domain/matching/decisions";
import { useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { pageOf } from "~/utils/deal-routes.server";
import { requirePermission } from "~/utils/session.server";
import { getSearchService } from "../../search/service.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "create:deal");
  const service = getSearchService();
  await service.ready;
  return matchBoard(await getPrisma(), service.matcher, actor, pageOf(request));
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "create:deal");
  const { t } = getRequestTranslator(request);
  const form = await request.formData();
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const db = await getPrisma();
  const meta = { ip: request.headers.get("x-forwarded-for") };
  try {
    if (form.get("intent") === "accept") {
      const deal = await introduceMatch(db, actor, text("needId") ?? "", { candidateId: text("candidateId"), score: text("score") }, meta);
      return { ok: true as const, candidateId: text("candidateId"), message: t("broker.dealOpened", { reference: deal.reference }), dealId: deal.id };
    }
    await dismissMatch(db, actor, text("needId") ?? "", { candidateId: text("candidateId"), reason: text("reason"), note: text("note"), score: text("score") }, meta);
    return { ok: true as const, candidateId: text("candidateId"), message: t("match.decision.dismissed", { reason: "" }), dealId: null };
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.status === 404 || error.status === 403) throw new Response(error.status === 404 ? "Not found" : "Forbidden", { status: error.status });
      return Response.json({ ok: false, candidateId: text("candidateId"), message: t(error.messageKey, error.params), dealId: null }, { status: error.status });
    }
    throw error;
  }
}

export default function MatchBoardPage() {
  const { t } = useI18n();
  const board = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="space-y-4" aria-labelledby="board-heading">
      <h2 id="board-heading" className="text-lg font-semibold">
        {t("broker.board")}
      </h2>
      <p className="text-sm text-slate-600">{t("broker.boardHint")}</p>
      {result ? (
        <p role={result.ok ? "status" : "alert"} className={`rounded-md border px-3 py-2 ${result.ok ? "border-green-300 bg-green-50 text-green-900" : "border-red-300 bg-red-50 text-red-900"}`} data-testid="board-result">
          {result.message}
          {result.dealId ? (
            <Link to={`/deals/${result.dealId}`} className="ml-2 underline" data-testid="opened-deal">
              →
            </Link>
          ) : null}
        </p>
      ) : null}
      {board.entries.length === 0 ? <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6">{t("broker.boardEmpty")}</p> : null}
      {board.entries.map((entry) => (
        <article key={entry.source.id} className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-4" data-testid="board-need" data-need-id={entry.source.id}>
          <header className="flex flex-wrap items-baseline justify-between gap-2">
            <h3 className="font-semibold">
              {t("broker.need")}：
              <Link to={`/needs/${entry.source.id}`} className="text-brand-800 hover:underline">
                {entry.source.title}
              </Link>
            </h3>
            <Link to={`/matches/need/${entry.source.id}`} className="text-sm text-brand-700 hover:underline">
              {t("broker.openMatches")}
            </Link>
          </header>
          <p className="line-clamp-2 text-sm text-slate-700">
            <Highlighted segments={entry.source.text} />
          </p>
          {entry.cards.length === 0 ? (
            <p className="text-sm text-slate-500">{t("match.empty")}</p>
          ) : (
            <ol className="space-y-3">
              {entry.cards.map((card) => (
                <MatchCard key={card.id} card={card}>
                  <BoardDecision needId={entry.source.id} candidateId={card.id} score={card.score} decision={entry.decisions[card.id]} deal={entry.deals[card.id]} />
                </MatchCard>
              ))}
            </ol>
          )}
        </article>
      ))}
      <Pagination page={board.page} pages={board.pages} />
    </section>
  );
}

function BoardDecision({ needId, candidateId, score, decision, deal }: { needId: string; candidateId: string; score: number; decision: MatchDecisionView | undefined; deal: { id: string; reference: string } | undefined }) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("candidateId") === candidateId;
  if (deal)
    return (
      <p className="mt-2 text-sm text-green-800" data-testid="board-deal">
        {t("broker.dealOpened", { reference: deal.reference })}{" "}
        <Link to={`/deals/${deal.id}`} className="underline">
          →
        </Link>
      </p>
    );
  const hidden = (
    <>
      <input type="hidden" name="needId" value={needId} />
      <input type="hidden" name="candidateId" value={candidateId} />
      <input type="hidden" name="score" value={score.toFixed(3)} />
    </>
  );
  return (
    <div className="mt-2 space-y-2 text-sm">
      {decision?.decision === "DISMISS" ? (
        <p className="text-slate-600" data-testid="board-dismissed">
          {t("match.decision.dismissed", { reason: decision.reason ? t(`match.reason.${decision.reason}`) : "" })}
          {decision.note ? ` — ${decision.note}` : ""}
        </p>
      ) : null}
      <div className="flex flex-wrap items-start gap-3">
        <Form method="post" preventScrollReset>
          {hidden}
          <input type="hidden" name="intent" value="accept" />
          <button type="submit" disabled={busy} className="rounded-md bg-brand-700 px-3 py-1.5 font-medium text-white hover:bg-brand-800 disabled:opacity-60" data-testid="board-accept">
            {t("broker.accept")}
          </button>
        </Form>
        {decision?.decision !== "DISMISS" ? (
          <details>
            <summary className="cursor-pointer rounded-md border border-slate-300 px-3 py-1.5 text-slate-700">{t("match.decision.dismiss")}</summary>
            <Form method="post" preventScrollReset className="mt-2 space-y-2">
              {hidden}
              <input type="hidden" name="intent" value="dismiss" />
              <DismissReasonFields />
              <button type="submit" className="rounded-md border border-slate-400 px-3 py-1.5" data-testid="board-dismiss">
                {t("match.decision.submitDismiss")}
              </button>
            </Form>
          </details>
        ) : null}
      </div>
    </div>
  );
}
