/**
 * 揭榜申报 as pure rules (no I/O): the application lifecycle table, the automatic eligibility check,
 * expert score aggregation, the shortlist ranking (expert scores, combined with a live bid when one
 * was held), the task book's tranches and the coded outcomes every applicant receives.
 */

export const applicationStatuses = ["DRAFT", "SUBMITTED", "INELIGIBLE", "QUALIFIED", "SHORTLISTED", "AWARDED", "NOT_SELECTED", "WITHDRAWN", "TERMINATED"] as const;
export type ApplicationStatusName = (typeof applicationStatuses)[number];

export const applicationTransitions = ["submit", "withdraw", "qualify", "disqualify", "shortlist", "notShortlisted", "award", "notAwarded", "withdrawAward", "terminate"] as const;
export type ApplicationTransition = (typeof applicationTransitions)[number];

/** applicant: a member of the lead organization; broker: the platform's broker handling the challenge; system: a challenge step. */
type By = "applicant" | "broker" | "system";

type Rule = { from: readonly ApplicationStatusName[]; to: ApplicationStatusName; by: readonly By[] };

export const applicationRules: Record<ApplicationTransition, Rule> = {
  submit: { from: ["DRAFT"], to: "SUBMITTED", by: ["applicant"] },
  withdraw: { from: ["DRAFT", "SUBMITTED", "QUALIFIED", "SHORTLISTED"], to: "WITHDRAWN", by: ["applicant"] },
  qualify: { from: ["SUBMITTED"], to: "QUALIFIED", by: ["broker"] },
  disqualify: { from: ["SUBMITTED"], to: "INELIGIBLE", by: ["broker"] },
  shortlist: { from: ["QUALIFIED"], to: "SHORTLISTED", by: ["broker", "system"] },
  notShortlisted: { from: ["QUALIFIED"], to: "NOT_SELECTED", by: ["system"] },
  award: { from: ["SHORTLISTED"], to: "AWARDED", by: ["broker", "system"] },
  notAwarded: { from: ["SHORTLISTED"], to: "NOT_SELECTED", by: ["system"] },
  /** an objection upheld during the 公示 period */
  withdrawAward: { from: ["AWARDED"], to: "NOT_SELECTED", by: ["broker", "system"] },
  /** a mid-term review decided to terminate (or merge into another lead) */
  terminate: { from: ["AWARDED"], to: "TERMINATED", by: ["broker", "system"] },
};

export type ApplicationTransitionCheck = { ok: true; to: ApplicationStatusName } | { ok: false; reason: "notPermitted" | "notAllowedFromStatus" };

export function checkApplicationTransition(from: ApplicationStatusName, transition: ApplicationTransition, by: By): ApplicationTransitionCheck {
  const rule = applicationRules[transition];
  if (!rule.by.includes(by)) return { ok: false, reason: "notPermitted" };
  if (!rule.from.includes(from)) return { ok: false, reason: "notAllowedFromStatus" };
  return { ok: true, to: rule.to };
}

/** An application is still open (no final outcome) in these statuses. */
export const openApplicationStatuses: readonly ApplicationStatusName[] = ["DRAFT", "SUBMITTED", "QUALIFIED", "SHORTLISTED"];

// ─── outcomes ─────────────────────────────────────────────────────────────────────────────

export const eligibilityRules = ["WINDOW", "ORG_KIND", "PRIOR_WINNER", "MAX_APPLICATIONS", "CONSORTIUM_SIZE", "CONSORTIUM_AGREEMENT", "INDICATORS", "SUBTASKS", "FUNDING_RATIO", "PLEDGE"] as const;
export type EligibilityRule = (typeof eligibilityRules)[number];

/** Reasons a broker may give at formal review (形式审查): the automatic rules plus what only a person can judge. */
export const formalReviewReasons = [...eligibilityRules, "DOCUMENTS", "QUALIFICATION", "OTHER"] as const;
export type FormalReviewReason = (typeof formalReviewReasons)[number];

export const outcomeCodes = [
  "AWARDED",
  "ACCEPTED",
  "ACCEPTANCE_FAILED",
  "SHORTLISTED_NOT_AWARDED",
  "NOT_SHORTLISTED",
  "AWARD_WITHDRAWN",
  ...formalReviewReasons.map((reason) => `INELIGIBLE_${reason}` as const),
  "WITHDRAWN",
  "NOT_SUBMITTED",
  "TERMINATED",
  "MERGED",
  "CHALLENGE_CANCELLED",
] as const;
export type OutcomeCode = (typeof outcomeCodes)[number];

export function isOutcomeCode(value: string): value is OutcomeCode {
  return (outcomeCodes as readonly string[]).includes(value);
}

// ─── eligibility ──────────────────────────────────────────────────────────────────────────

/**
 * 自筹 : 申请经费. Default 1 (自筹 ≥ 1 × 申请经费), as provinces commonly require of enterprise-led
 * applications; a challenge sets its own ratio in its eligibility settings (0 = no self-funding required).
 */
export const DEFAULT_SELF_FUNDING_RATIO = 1;
export const MAX_SUBTASKS = 5;
export const DEFAULT_MAX_CONSORTIUM_MEMBERS = 4;

export type ChallengeEligibility = {
  orgKinds: readonly string[];
  maxConsortiumMembers: number;
  excludePriorWinners: boolean;
  maxApplicationsPerOrg: number;
  selfFundingRatio: number;
};

/** Reads the challenge's eligibility JSON with the documented defaults for what it does not set. */
export function eligibilityOf(value: unknown): ChallengeEligibility {
  const raw = (value && typeof value === "object" ? value : {}) as Record<string, unknown>;
  const num = (v: unknown, fallback: number) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : fallback);
  return {
    orgKinds: Array.isArray(raw.orgKinds) ? raw.orgKinds.filter((k): k is string => typeof k === "string") : [],
    maxConsortiumMembers: Math.min(num(raw.maxConsortiumMembers, DEFAULT_MAX_CONSORTIUM_MEMBERS), DEFAULT_MAX_CONSORTIUM_MEMBERS),
    excludePriorWinners: raw.excludePriorWinners === true,
    maxApplicationsPerOrg: Math.max(1, num(raw.maxApplicationsPerOrg, 1)),
    selfFundingRatio: num(raw.selfFundingRatio, DEFAULT_SELF_FUNDING_RATIO),
  };
}

export type EligibilityInput = {
  now: Date;
  window: { opensAt: Date | null; closesAt: Date | null; status: string };
  challengeIndicators: readonly string[];
  eligibility: ChallengeEligibility;
  leadOrgKind: string;
  /** the lead organization already won (AWARDED) an application of the same programme */
  leadIsPriorWinner: boolean;
  /** this organization's other applications to the challenge that are submitted or beyond (not withdrawn, not drafts) */
  otherActiveApplications: number;
  consortium: readonly { orgName: string }[];
  consortiumAgreement: boolean;
  coveredIndicators: readonly string[];
  subTasks: number;
  requestedWan: number;
  selfFundedWan: number;
  pledged: boolean;
};

/** Every rule the application breaks, in a fixed order (empty when it is eligible). */
export function checkEligibility(input: EligibilityInput): EligibilityRule[] {
  const failed: EligibilityRule[] = [];
  const { window, eligibility } = input;
  if (window.status !== "PUBLISHED" || !window.opensAt || !window.closesAt || input.now < window.opensAt || input.now > window.closesAt) failed.push("WINDOW");
  if (eligibility.orgKinds.length > 0 && !eligibility.orgKinds.includes(input.leadOrgKind)) failed.push("ORG_KIND");
  if (eligibility.excludePriorWinners && input.leadIsPriorWinner) failed.push("PRIOR_WINNER");
  if (input.otherActiveApplications >= eligibility.maxApplicationsPerOrg) failed.push("MAX_APPLICATIONS");
  if (input.consortium.length > eligibility.maxConsortiumMembers) failed.push("CONSORTIUM_SIZE");
  if (input.consortium.length > 0 && !input.consortiumAgreement) failed.push("CONSORTIUM_AGREEMENT");
  const covered = new Set(input.coveredIndicators);
  if (input.challengeIndicators.some((name) => !covered.has(name))) failed.push("INDICATORS");
  if (input.subTasks < 1 || input.subTasks > MAX_SUBTASKS) failed.push("SUBTASKS");
  if (!(input.requestedWan >= 0) || input.selfFundedWan < eligibility.selfFundingRatio * input.requestedWan) failed.push("FUNDING_RATIO");
  if (!input.pledged) failed.push("PLEDGE");
  return failed;
}

// ─── expert review ────────────────────────────────────────────────────────────────────────

export type Criterion = { key: string; weight: number };

/** The published criteria when a challenge sets none: 技术方案, 指标可达性, 团队能力, 经费合理性. */
export const DEFAULT_CRITERIA: readonly Criterion[] = [
  { key: "approach", weight: 40 },
  { key: "feasibility", weight: 25 },
  { key: "team", weight: 20 },
  { key: "budget", weight: 15 },
];

export function criteriaOf(value: unknown): Criterion[] {
  if (!Array.isArray(value)) return [...DEFAULT_CRITERIA];
  const parsed = value.filter((c): c is Criterion => !!c && typeof c === "object" && typeof c.key === "string" && typeof c.weight === "number" && c.weight > 0);
  return parsed.length > 0 ? parsed : [...DEFAULT_CRITERIA];
}

/** A reviewer's weighted total (0–100) from per-criterion scores (0–100). */
export function weightedTotal(criteria: readonly Criterion[], scores: Record<string, number>): number {
  const weightSum = criteria.reduce((sum, c) => sum + c.weight, 0);
  const total = criteria.reduce((sum, c) => sum + c.weight * (scores[c.key] ?? 0), 0) / weightSum;
  return round2(total);
}

export type Aggregate = { count: number; mean: number | null; min: number | null; max: number | null; spread: number | null; stdDev: number | null };

/** The mean of the reviewers' totals, with the spread (max − min) and standard deviation shown beside it. */
export function aggregateScores(totals: readonly number[]): Aggregate {
  if (totals.length === 0) return { count: 0, mean: null, min: null, max: null, spread: null, stdDev: null };
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
  const min = Math.min(...totals);
  const max = Math.max(...totals);
  const variance = totals.reduce((sum, v) => sum + (v - mean) ** 2, 0) / totals.length;
  return { count: totals.length, mean: round2(mean), min, max, spread: round2(max - min), stdDev: round2(Math.sqrt(variance)) };
}

/**
 * Weight of the live bid in the shortlist ranking when a bid room was held. Expert review stays the
 * larger part: the bid covers price, time and committed indicators, the experts judge the plan.
 */
export const BID_WEIGHT = 0.4;

export type RankInput = { applicationId: string; leadOrgId: string; submittedAt: Date; expertMean: number | null };
export type RankedApplication = RankInput & { bidScore: number | null; finalScore: number | null; rank: number };

/**
 * Orders qualified applications for the shortlist. Without a closed bid room: the expert mean.
 * With one: 0.6 × expert mean + 0.4 × bid score, where the bid score is the room's score rescaled to
 * 0–100 against the best score in the room; an organization absent from the ranking gets 0 for the
 * bid part. Unscored applications come last; ties go to the earlier submission.
 */
export function rankForShortlist(apps: readonly RankInput[], bidRanking: readonly { organizationId: string; score: number }[] | null): RankedApplication[] {
  const best = bidRanking && bidRanking.length > 0 ? Math.max(...bidRanking.map((r) => r.score)) : 0;
  const bidOf = (orgId: string) => {
    if (!bidRanking) return null;
    const row = bidRanking.find((r) => r.organizationId === orgId);
    return row && best > 0 ? round2((100 * row.score) / best) : 0;
  };
  return apps
    .map((app) => {
      const bidScore = bidOf(app.leadOrgId);
      const finalScore = app.expertMean === null ? null : bidScore === null ? app.expertMean : round2((1 - BID_WEIGHT) * app.expertMean + BID_WEIGHT * bidScore);
      return { ...app, bidScore, finalScore };
    })
    .sort((a, b) => (b.finalScore ?? -1) - (a.finalScore ?? -1) || a.submittedAt.getTime() - b.submittedAt.getTime())
    .map((row, index) => ({ ...row, rank: index + 1 }));
}

export const MAX_SHORTLIST = 5;
export const MIN_AWARDS = 1;
export const MAX_AWARDS = 3;
/** 公示 period after the award, in days. */
export const PUBLIC_NOTICE_DAYS = 7;

// ─── task book ────────────────────────────────────────────────────────────────────────────

/** The first tranche never exceeds this share of the funding. */
export const FIRST_TRANCHE_MAX = 0.3;

/**
 * Tranches for n milestones (sub-tasks plus the final acceptance): the first pays 30 %, the rest
 * share 70 % evenly (in basis points, the last takes the rounding remainder). One milestone pays all.
 */
export function tranchesFor(n: number): number[] {
  if (n <= 0) return [];
  if (n === 1) return [1];
  const first = FIRST_TRANCHE_MAX * 10_000;
  const each = Math.floor((10_000 - first) / (n - 1));
  const rest = Array.from({ length: n - 1 }, (_, i) => (i === n - 2 ? 10_000 - first - each * (n - 2) : each));
  return [first, ...rest].map((bp) => bp / 10_000);
}

export const midTermDecisions = ["continue", "merge", "terminate"] as const;
export type MidTermDecision = (typeof midTermDecisions)[number];

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

// ─── which application pages a challenge page links to ─────────────────────────────────────

/** `room`: the challenge's live bid room once opened; before that, for brokers and the issuer during expert review or
 * bidding, the page that opens it; else null. */
/** `applyClosed`: a published challenge an applicant could take, outside its application window (the page says so). */
export type ApplicationLinks = { apply: boolean; applyClosed: boolean; board: boolean; award: boolean; taskBook: boolean; milestones: boolean; room: { to: string; open: boolean } | null };

/**
 * Links shown on a challenge page: apply while published and inside the application window; the board for brokers
 * and the issuer; 公示 and after for all.
 */
export function applicationLinksFor(
  actor: { memberships: readonly { organizationId: string; role: string }[] } | null,
  challenge: { id?: string; status: string; issuerOrgId: string; bidRoomId?: string | null; applicationOpensAt?: Date | string | null; applicationClosesAt?: Date | string | null },
  now: Date = new Date(),
): ApplicationLinks {
  const roles = new Set(actor?.memberships.map((m) => m.role) ?? []);
  const broker = roles.has("BROKER");
  const issuer = actor?.memberships.some((m) => m.organizationId === challenge.issuerOrgId) ?? false;
  const applicantRole = roles.has("RESEARCHER") || roles.has("TTO") || roles.has("ENTERPRISE");
  const after = ["PUBLIC_NOTICE", "IN_PROGRESS", "ACCEPTANCE", "CLOSED"].includes(challenge.status);
  const running = ["IN_PROGRESS", "ACCEPTANCE", "CLOSED"].includes(challenge.status);
  const couldApply = challenge.status === "PUBLISHED" && applicantRole && !issuer;
  const opens = challenge.applicationOpensAt ? new Date(challenge.applicationOpensAt) : null;
  const closes = challenge.applicationClosesAt ? new Date(challenge.applicationClosesAt) : null;
  const windowOpen = opens !== null && closes !== null && now >= opens && now <= closes;
  return {
    apply: couldApply && windowOpen,
    applyClosed: couldApply && !windowOpen,
    board: (broker || issuer) && !["DRAFT", "SUBMITTED", "IN_REVIEW", "RETURNED"].includes(challenge.status),
    award: after,
    taskBook: running && actor !== null,
    milestones: running && (broker || issuer),
    room: challenge.bidRoomId
      ? actor
        ? { to: `/rooms/${challenge.bidRoomId}`, open: false }
        : null
      : challenge.id && (broker || issuer) && ["EXPERT_REVIEW", "BIDDING"].includes(challenge.status)
        ? { to: `/rooms/challenge/${challenge.id}`, open: true }
        : null,
  };
}
