/**
 * Challenge bidding (竞标): multi-attribute bids scored by a published, weighted formula. Pure code.
 *
 *   score = 100 × ( w_funding × (1 − funding / ceiling)
 *                 + w_time    × (1 − months / maxMonths)
 *                 + Σ w_i     × min(achievement_i, 1.2) / 1.2 )
 *
 * where achievement_i is commitment / target for an indicator where more is better, and
 * target / commitment where less is better. Weights are normalised to sum to 1. A bidder's latest
 * valid bid counts; ties go to the bid placed earlier.
 */

export type IndicatorSpec = { key: string; name: string; unit: string; target: number; better: "higher" | "lower"; weight: number };

export type ChallengeFormula = {
  ceiling: number;
  maxMonths: number;
  fundingWeight: number;
  timeWeight: number;
  indicators: IndicatorSpec[];
};

export type ChallengeBid = { bidder: string; funding: number; months: number; commitments: Record<string, number>; at: number };

export type ChallengeRejection = "over_ceiling" | "funding_not_positive" | "months_out_of_range" | "missing_commitment" | "invalid_commitment";

/** Above this share of the target an indicator earns nothing more: over-promising does not win. */
export const COMMITMENT_CAP = 1.2;

export function validateChallengeBid(formula: ChallengeFormula, bid: ChallengeBid): ChallengeRejection | null {
  if (!(bid.funding > 0) || !Number.isFinite(bid.funding)) return "funding_not_positive";
  if (bid.funding > formula.ceiling) return "over_ceiling";
  if (!Number.isInteger(bid.months) || bid.months < 1 || bid.months > formula.maxMonths) return "months_out_of_range";
  for (const indicator of formula.indicators) {
    const value = bid.commitments[indicator.key];
    if (value === undefined) return "missing_commitment";
    if (!Number.isFinite(value) || value <= 0) return "invalid_commitment";
  }
  return null;
}

export type ScoreBreakdown = { total: number; funding: number; time: number; indicators: Record<string, number> };

export function scoreChallengeBid(formula: ChallengeFormula, bid: ChallengeBid): ScoreBreakdown {
  const weightSum = formula.fundingWeight + formula.timeWeight + formula.indicators.reduce((sum, i) => sum + i.weight, 0);
  const norm = weightSum > 0 ? 1 / weightSum : 0;
  const funding = 100 * norm * formula.fundingWeight * (1 - bid.funding / formula.ceiling);
  const time = 100 * norm * formula.timeWeight * (1 - bid.months / formula.maxMonths);
  const indicators: Record<string, number> = {};
  for (const indicator of formula.indicators) {
    const value = bid.commitments[indicator.key] ?? 0;
    const achievement = indicator.better === "higher" ? value / indicator.target : value > 0 ? indicator.target / value : 0;
    indicators[indicator.key] = (100 * norm * indicator.weight * Math.min(achievement, COMMITMENT_CAP)) / COMMITMENT_CAP;
  }
  const total = funding + time + Object.values(indicators).reduce((sum, part) => sum + part, 0);
  return { total: round2(total), funding: round2(funding), time: round2(time), indicators: Object.fromEntries(Object.entries(indicators).map(([k, v]) => [k, round2(v)])) };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Anonymous labels in order of first appearance: 揭榜方 A, B, … Z, AA, AB … */
export function anonymousLabel(index: number): string {
  let label = "";
  let n = index;
  do {
    label = String.fromCharCode(65 + (n % 26)) + label;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return label;
}

export type LeaderboardRow = { bidder: string; label: string; score: ScoreBreakdown; bid: ChallengeBid; rank: number };

/** The leaderboard from all accepted bids: each bidder's latest bid, best score first, earlier bid first on ties. */
export function leaderboard(formula: ChallengeFormula, accepted: readonly ChallengeBid[]): LeaderboardRow[] {
  const labels = new Map<string, string>();
  const latest = new Map<string, ChallengeBid>();
  for (const bid of accepted) {
    if (!labels.has(bid.bidder)) labels.set(bid.bidder, anonymousLabel(labels.size));
    latest.set(bid.bidder, bid);
  }
  return [...latest.values()]
    .map((bid) => ({ bidder: bid.bidder, label: labels.get(bid.bidder) ?? "?", score: scoreChallengeBid(formula, bid), bid }))
    .sort((a, b) => b.score.total - a.score.total || a.bid.at - b.bid.at)
    .map((row, index) => ({ ...row, rank: index + 1 }));
}
