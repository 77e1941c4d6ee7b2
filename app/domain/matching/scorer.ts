/**
 * The match scorer: pure, no I/O. Combines full-text relevance with structured fit into one score in [0, 1]
 * and says why. Documented in docs/decisions/011-matching-score.md; the weights below are that document's table.
 */
export const MATURITY_ORDER = ["RESEARCHING", "LAB", "SMALL_PILOT", "PILOT", "MASS_PRODUCTION", "INDUSTRIALIZED"] as const;

export type MatchCriteria = {
  industryMajor: string | null;
  /** technology fields (大类): declared, or inferred from the text */
  techFields: string[];
  cooperationModes: string[];
  /** 万元 */
  amountMin: number | null;
  amountMax: number | null;
  negotiable: boolean;
  region: string | null;
};

export type NeedCriteria = MatchCriteria & {
  /** the readiness the need asks for, when it says (e.g. "可量产"); null when it does not */
  wantedMaturity: string | null;
};

export type AchievementCriteria = MatchCriteria & { maturity: string | null; publishedAt: number };

export type TextEvidence = {
  /** engine relevance divided by the best candidate's, 0..1 */
  engine: number;
  /** share of the query terms' weight found in the candidate (synonyms and concepts count), 0..1 */
  keywordCoverage: number;
  /** share of the seeking text's whole vocabulary (IDF-weighted) found in the candidate, 0..1 */
  vocabularyOverlap: number;
};

export const WEIGHTS = {
  text: 0.78,
  field: 0.08,
  maturity: 0.04,
  cooperation: 0.04,
  price: 0.03,
  region: 0.015,
  freshness: 0.015,
} as const;
export type ScorePart = keyof typeof WEIGHTS;

export const TEXT_MIX = { engine: 0.2, keywordCoverage: 0.3, vocabularyOverlap: 0.5 } as const;

export type CriterionVerdict = { criterion: Exclude<ScorePart, "text">; verdict: "fit" | "conflict" | "unknown"; detail: string };

export type MatchScore = {
  total: number;
  /** each part's weighted contribution; they add up to total */
  parts: Record<ScorePart, number>;
  /** each part's raw value in 0..1 before weighting */
  raw: Record<ScorePart, number>;
  criteria: CriterionVerdict[];
};

const clamp = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
const NEUTRAL = 0.5;

export function textRelevance(evidence: TextEvidence): number {
  return clamp(TEXT_MIX.engine * clamp(evidence.engine) + TEXT_MIX.keywordCoverage * clamp(evidence.keywordCoverage) + TEXT_MIX.vocabularyOverlap * clamp(evidence.vocabularyOverlap));
}

function fieldFit(need: NeedCriteria, achievement: AchievementCriteria): [number, CriterionVerdict] {
  const sharedFields = need.techFields.filter((field) => achievement.techFields.includes(field));
  const sameIndustry = need.industryMajor !== null && need.industryMajor === achievement.industryMajor;
  if (sharedFields.length > 0) {
    return [sameIndustry ? 1 : 0.85, { criterion: "field", verdict: "fit", detail: sharedFields.join("、") }];
  }
  if (sameIndustry) return [0.7, { criterion: "field", verdict: "fit", detail: need.industryMajor ?? "" }];
  if (need.techFields.length === 0 || achievement.techFields.length === 0) {
    return [NEUTRAL, { criterion: "field", verdict: "unknown", detail: "" }];
  }
  return [0.15, { criterion: "field", verdict: "conflict", detail: `${need.techFields.join("、")} ≠ ${achievement.techFields.join("、")}` }];
}

function maturityFit(need: NeedCriteria, achievement: AchievementCriteria): [number, CriterionVerdict] {
  const have = achievement.maturity ? MATURITY_ORDER.indexOf(achievement.maturity as (typeof MATURITY_ORDER)[number]) : -1;
  if (have < 0) return [NEUTRAL, { criterion: "maturity", verdict: "unknown", detail: "" }];
  if (need.wantedMaturity) {
    const want = MATURITY_ORDER.indexOf(need.wantedMaturity as (typeof MATURITY_ORDER)[number]);
    if (want >= 0 && have < want) {
      return [clamp(0.5 - (want - have) * 0.15), { criterion: "maturity", verdict: "conflict", detail: `${achievement.maturity} < ${need.wantedMaturity}` }];
    }
    return [1, { criterion: "maturity", verdict: "fit", detail: achievement.maturity ?? "" }];
  }
  // An enterprise without a stated preference is better served by a result closer to production.
  const value = 0.4 + (0.6 * have) / (MATURITY_ORDER.length - 1);
  return [value, { criterion: "maturity", verdict: have >= 2 ? "fit" : "unknown", detail: achievement.maturity ?? "" }];
}

function cooperationFit(need: NeedCriteria, achievement: AchievementCriteria): [number, CriterionVerdict] {
  const wanted = need.cooperationModes.filter((mode) => mode !== "OTHER");
  const offered = achievement.cooperationModes.filter((mode) => mode !== "OTHER");
  if (wanted.length === 0 || offered.length === 0) return [NEUTRAL, { criterion: "cooperation", verdict: "unknown", detail: "" }];
  const shared = wanted.filter((mode) => offered.includes(mode));
  if (shared.length > 0) return [1, { criterion: "cooperation", verdict: "fit", detail: shared.join(",") }];
  return [0.1, { criterion: "cooperation", verdict: "conflict", detail: `${wanted.join(",")} ≠ ${offered.join(",")}` }];
}

function priceFit(need: NeedCriteria, achievement: AchievementCriteria): [number, CriterionVerdict] {
  const budget = need.amountMax ?? need.amountMin;
  const price = achievement.amountMin ?? achievement.amountMax;
  if (budget === null || price === null) return [NEUTRAL, { criterion: "price", verdict: "unknown", detail: "" }];
  if (price <= budget) return [1, { criterion: "price", verdict: "fit", detail: `${price} ≤ ${budget}` }];
  // Over budget: the further over, the worse, but a negotiable price keeps some hope.
  const over = clamp(budget / price);
  return [clamp(over * (achievement.negotiable || need.negotiable ? 0.8 : 0.6)), { criterion: "price", verdict: "conflict", detail: `${price} > ${budget}` }];
}

function regionFit(need: NeedCriteria, achievement: AchievementCriteria): [number, CriterionVerdict] {
  if (!need.region || !achievement.region) return [NEUTRAL, { criterion: "region", verdict: "unknown", detail: "" }];
  const city = (region: string) => region.slice(0, 3);
  if (need.region === achievement.region || city(need.region) === city(achievement.region)) {
    return [1, { criterion: "region", verdict: "fit", detail: achievement.region }];
  }
  return [0.3, { criterion: "region", verdict: "unknown", detail: achievement.region }];
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

function freshness(achievement: AchievementCriteria, now: number): [number, CriterionVerdict] {
  if (!achievement.publishedAt) return [NEUTRAL, { criterion: "freshness", verdict: "unknown", detail: "" }];
  const ageYears = Math.max(0, (now - achievement.publishedAt) / YEAR_MS);
  // Half-life of three years: technology ages, but slowly.
  const value = clamp(Math.pow(0.5, ageYears / 3));
  return [value, { criterion: "freshness", verdict: ageYears <= 3 ? "fit" : "unknown", detail: new Date(achievement.publishedAt).toISOString().slice(0, 10) }];
}

/** Scores one need–achievement pair. The same function serves both directions. */
export function scoreMatch(need: NeedCriteria, achievement: AchievementCriteria, evidence: TextEvidence, now: number): MatchScore {
  const checks = [fieldFit(need, achievement), maturityFit(need, achievement), cooperationFit(need, achievement), priceFit(need, achievement), regionFit(need, achievement), freshness(achievement, now)];
  const [field, maturity, cooperation, price, region, fresh] = checks.map(([value]) => clamp(value)) as [number, number, number, number, number, number];
  const raw: Record<ScorePart, number> = { text: textRelevance(evidence), field, maturity, cooperation, price, region, freshness: fresh };
  // A candidate without any text evidence is not a match, whatever its structured fit.
  const weight = (part: ScorePart) => (raw.text === 0 ? 0 : WEIGHTS[part]);
  const parts: Record<ScorePart, number> = {
    text: raw.text * weight("text"),
    field: field * weight("field"),
    maturity: maturity * weight("maturity"),
    cooperation: cooperation * weight("cooperation"),
    price: price * weight("price"),
    region: region * weight("region"),
    freshness: fresh * weight("freshness"),
  };
  const total = Object.values(parts).reduce((sum, value) => sum + value, 0);
  return { total, parts, raw, criteria: checks.map(([, verdict]) => verdict) };
}
