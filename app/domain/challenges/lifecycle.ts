/**
 * The 揭榜挂帅 challenge lifecycle as a pure state machine (no I/O):
 *
 *   draft → submitted → in review (论证) → published (发榜, application window)
 *                      ↘ returned with a checklist of what is missing ↗ (resubmitted)
 *   published → applications closed → expert review → [live bidding] → shortlisted (≤ 5)
 *   → public notice (公示, after the award of 1–3 leads) → in progress (task book, milestones)
 *   → acceptance (验收) → closed.   Before work starts, a challenge can be cancelled with a reason.
 */
export const challengeStatuses = [
  "DRAFT",
  "SUBMITTED",
  "IN_REVIEW",
  "RETURNED",
  "PUBLISHED",
  "APPLICATIONS_CLOSED",
  "EXPERT_REVIEW",
  "BIDDING",
  "SHORTLISTED",
  "PUBLIC_NOTICE",
  "IN_PROGRESS",
  "ACCEPTANCE",
  "CLOSED",
  "CANCELLED",
] as const;
export type ChallengeStatusName = (typeof challengeStatuses)[number];

export const challengeTransitions = [
  "submit",
  "withdraw",
  "startReview",
  "return",
  "publish",
  "closeApplications",
  "startExpertReview",
  "openBidding",
  "shortlist",
  "award",
  "confirmAward",
  "startAcceptance",
  "close",
  "cancel",
] as const;
export type ChallengeTransition = (typeof challengeTransitions)[number];

/** issuer: a member of the issuing organization; reviewer: a broker or the science bureau (论证 experts). */
type By = "issuer" | "reviewer" | "issuerOrReviewer" | "reviewerOrSystem";

type Rule = { from: readonly ChallengeStatusName[]; to: ChallengeStatusName; by: By; needsReason: boolean };

export const challengeRules: Record<ChallengeTransition, Rule> = {
  submit: { from: ["DRAFT", "RETURNED"], to: "SUBMITTED", by: "issuer", needsReason: false },
  withdraw: { from: ["SUBMITTED"], to: "DRAFT", by: "issuer", needsReason: false },
  startReview: { from: ["SUBMITTED"], to: "IN_REVIEW", by: "reviewer", needsReason: false },
  return: { from: ["SUBMITTED", "IN_REVIEW"], to: "RETURNED", by: "reviewer", needsReason: true },
  publish: { from: ["IN_REVIEW"], to: "PUBLISHED", by: "reviewer", needsReason: false },
  closeApplications: { from: ["PUBLISHED"], to: "APPLICATIONS_CLOSED", by: "reviewerOrSystem", needsReason: false },
  startExpertReview: { from: ["APPLICATIONS_CLOSED"], to: "EXPERT_REVIEW", by: "reviewer", needsReason: false },
  openBidding: { from: ["EXPERT_REVIEW"], to: "BIDDING", by: "reviewer", needsReason: false },
  shortlist: { from: ["EXPERT_REVIEW", "BIDDING"], to: "SHORTLISTED", by: "reviewer", needsReason: false },
  award: { from: ["SHORTLISTED"], to: "PUBLIC_NOTICE", by: "reviewer", needsReason: false },
  confirmAward: { from: ["PUBLIC_NOTICE"], to: "IN_PROGRESS", by: "reviewer", needsReason: false },
  startAcceptance: { from: ["IN_PROGRESS"], to: "ACCEPTANCE", by: "issuerOrReviewer", needsReason: false },
  close: { from: ["ACCEPTANCE"], to: "CLOSED", by: "reviewer", needsReason: false },
  cancel: {
    from: ["DRAFT", "SUBMITTED", "IN_REVIEW", "RETURNED", "PUBLISHED", "APPLICATIONS_CLOSED", "EXPERT_REVIEW", "BIDDING", "SHORTLISTED"],
    to: "CANCELLED",
    by: "issuerOrReviewer",
    needsReason: true,
  },
};

export type ChallengeCapacity = { issuer: boolean; reviewer: boolean; system: boolean };

function permitted(by: By, who: ChallengeCapacity): boolean {
  switch (by) {
    case "issuer":
      return who.issuer;
    case "reviewer":
      return who.reviewer;
    case "issuerOrReviewer":
      return who.issuer || who.reviewer;
    case "reviewerOrSystem":
      return who.reviewer || who.system;
  }
}

// ─── readiness: what a challenge needs before it can be published ──────────────────────────────

export const checklistItems = ["indicators", "deadline", "funding", "maturity", "window"] as const;
export type ChecklistItem = (typeof checklistItems)[number];

export type Indicator = { name: string; target: string; unit: string; verification: string };

export type ReadinessInput = {
  indicators: readonly Indicator[];
  deadline: Date | null;
  fundingWan: number | null;
  targetMaturity: string | null;
  applicationOpensAt: Date | null;
  applicationClosesAt: Date | null;
};

/** A measurable indicator names what is measured, a numeric target, a unit and how it is verified. */
export function isMeasurable(indicator: Indicator): boolean {
  return (
    indicator.name.trim() !== "" &&
    /\d/.test(indicator.target) &&
    indicator.unit.trim() !== "" &&
    indicator.verification.trim() !== ""
  );
}

/** The checklist items a challenge still misses (empty when it can be published). */
export function missingForPublication(input: ReadinessInput, now: Date): ChecklistItem[] {
  const missing: ChecklistItem[] = [];
  if (input.indicators.length === 0 || !input.indicators.every(isMeasurable)) missing.push("indicators");
  if (!input.deadline || input.deadline <= now) missing.push("deadline");
  if (input.fundingWan === null || !(input.fundingWan > 0)) missing.push("funding");
  if (!input.targetMaturity) missing.push("maturity");
  if (
    !input.applicationOpensAt ||
    !input.applicationClosesAt ||
    input.applicationClosesAt <= input.applicationOpensAt ||
    input.applicationClosesAt <= now ||
    (input.deadline !== null && input.applicationClosesAt >= input.deadline)
  ) {
    missing.push("window");
  }
  return missing;
}

export type ChallengeTransitionCheck =
  | { ok: true; to: ChallengeStatusName }
  | { ok: false; reason: "notPermitted" | "notAllowedFromStatus" | "reasonRequired" | "notReady"; missing?: ChecklistItem[] };

/**
 * Decides one transition. Permission is checked first (strangers learn nothing), then the status,
 * then what the transition needs: a reason (or checklist) to return or cancel, readiness to publish.
 */
export function checkChallengeTransition(
  from: ChallengeStatusName,
  transition: ChallengeTransition,
  who: ChallengeCapacity,
  context: { reason?: string | null; checklist?: readonly ChecklistItem[]; readiness?: ReadinessInput; now?: Date },
): ChallengeTransitionCheck {
  const rule = challengeRules[transition];
  if (!permitted(rule.by, who)) return { ok: false, reason: "notPermitted" };
  if (!rule.from.includes(from)) return { ok: false, reason: "notAllowedFromStatus" };
  if (rule.needsReason && !context.reason?.trim() && (context.checklist?.length ?? 0) === 0) return { ok: false, reason: "reasonRequired" };
  if (transition === "publish") {
    const missing = context.readiness ? missingForPublication(context.readiness, context.now ?? new Date()) : [...checklistItems];
    if (missing.length > 0) return { ok: false, reason: "notReady", missing };
  }
  return { ok: true, to: rule.to };
}

/** The transitions a viewer may fire now (system-only ones excluded), for the buttons on a page. */
export function availableChallengeTransitions(from: ChallengeStatusName, who: ChallengeCapacity): ChallengeTransition[] {
  return challengeTransitions.filter((name) => {
    const rule = challengeRules[name];
    return permitted(rule.by, { ...who, system: false }) && rule.from.includes(from);
  });
}

/** Public (visible to everyone) once published, and for the rest of its life; cancelled ones stay visible if they were. */
export function isPublicStatus(status: ChallengeStatusName, wasPublished: boolean): boolean {
  if (status === "CANCELLED") return wasPublished;
  return !["DRAFT", "SUBMITTED", "IN_REVIEW", "RETURNED"].includes(status);
}
