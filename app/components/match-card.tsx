import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Highlighted } from "~/components/highlighted";
import { Chip } from "~/components/listing";
import { DISMISS_REASONS } from "~/domain/matching/decisions";
import type { MatchCard as MatchCardData } from "~/domain/matching/matching.server";
import type { ScorePart } from "~/domain/matching/scorer";
import { isMessageKey, useI18n } from "~/i18n/i18n";

const PARTS: ScorePart[] = ["text", "field", "maturity", "cooperation", "price", "region", "freshness"];

/** One suggested match: the candidate, its score, the shared words and the score's breakdown; `children` holds the decision controls. */
export function MatchCard({ card, children }: { card: MatchCardData; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4" data-testid="match-card">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <Link to={`/${card.kind === "achievement" ? "achievements" : "needs"}/${card.id}`} className="text-lg font-medium text-brand-800 hover:underline">
          <Highlighted segments={card.title} />
        </Link>
        <span className="rounded-full bg-brand-50 px-3 py-1 text-sm font-semibold text-brand-900" title={t("match.score")}>
          {t("match.score")} {Math.round(card.score * 100)}
        </span>
      </div>
      <p className="mt-1 text-sm text-slate-500">
        {t("match.owner")}：{card.ownerOrgName}
      </p>
      <p className="mt-2 text-sm leading-6 text-slate-700">
        <span className="sr-only">{t("match.candidateText")}：</span>
        <Highlighted segments={card.snippet} />
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-1.5 text-sm">
        <span className="text-slate-600">{t("match.matchedTerms")}：</span>
        {card.explanation.matchedTerms.map((term) => (
          <Chip key={term}>{term}</Chip>
        ))}
      </div>
      {children}
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700">{t("match.breakdown")}</summary>
        <table className="mt-2 w-full max-w-lg text-left">
          <tbody>
            {PARTS.map((part) => {
              const verdict = card.explanation.score.criteria.find((criterion) => criterion.criterion === part);
              return (
                <tr key={part} className="border-t border-slate-100">
                  <th scope="row" className="py-1 pr-3 font-normal">
                    {t(`match.part.${part}`)}
                  </th>
                  <td className="py-1 pr-3 tabular-nums">{(card.explanation.score.parts[part] * 100).toFixed(1)}</td>
                  <td className={`py-1 ${verdict?.verdict === "conflict" ? "text-red-700" : verdict?.verdict === "fit" ? "text-green-700" : "text-slate-500"}`}>
                    {verdict ? t(`match.verdict.${verdict.verdict}`) : ""} {verdict?.detail ? `(${verdictDetail(verdict.detail, t)})` : ""}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="mt-1 text-slate-500">
          {t("match.queryTerms")}：{card.explanation.queryTerms.join("、")}
          {card.explanation.inferredFields.length > 0 ? ` · ${t("match.inferredFields")}：${card.explanation.inferredFields.join("、")}` : ""}
        </p>
      </details>
    </li>
  );
}

/** Cooperation and maturity codes in a verdict's detail, in the reader's language. */
function verdictDetail(detail: string, t: ReturnType<typeof useI18n>["t"]): string {
  return detail.replace(/[A-Z_]{3,}/g, (code) => {
    const key = isMessageKey(`coop.${code}`) ? `coop.${code}` : `maturity.${code}`;
    return isMessageKey(key) ? t(key) : code;
  });
}

/** The coded reason (required) and optional note of a match dismissal, as the match page and the broker's board ask them. */
export function DismissReasonFields() {
  const { t } = useI18n();
  return (
    <>
      <fieldset>
        <legend className="font-medium">{t("match.decision.reason")}</legend>
        {DISMISS_REASONS.map((reason) => (
          <label key={reason} className="mr-3 inline-flex items-center gap-1">
            <input type="radio" name="reason" value={reason} required /> {t(`match.reason.${reason}`)}
          </label>
        ))}
      </fieldset>
      <label className="block">
        {t("match.decision.note")}
        <textarea name="note" maxLength={500} rows={2} className="mt-1 block w-full max-w-lg rounded-md border border-slate-300 p-2" />
      </label>
    </>
  );
}
