/**
 * The deal pipeline as a pure table: which stage may follow which, who may move it, and which facts the move
 * must record. No I/O here; deals.server.ts applies a checked move in one transaction.
 *
 * introduced → interest confirmed → NDA signed → meeting → negotiation → contract signed → 技术合同登记 registered
 * → 12-month outcome checked; CLOSED_LOST from any open stage with a coded reason.
 */

export const DEAL_STAGES = [
  "INTRODUCED",
  "INTEREST_CONFIRMED",
  "NDA_SIGNED",
  "MEETING",
  "NEGOTIATION",
  "CONTRACT_SIGNED",
  "REGISTERED",
  "OUTCOME_CHECKED",
  "CLOSED_LOST",
] as const;
export type DealStageName = (typeof DEAL_STAGES)[number];

/** Stages from which a deal can still be lost: before a contract is signed. */
export const OPEN_STAGES: readonly DealStageName[] = ["INTRODUCED", "INTEREST_CONFIRMED", "NDA_SIGNED", "MEETING", "NEGOTIATION"];
/** Stages that wait for people (the stall reminder watches these); REGISTERED waits a year for its outcome check by design. */
export const ACTIVE_STAGES: readonly DealStageName[] = [...OPEN_STAGES, "CONTRACT_SIGNED"];

export const CONTRACT_TYPES = ["DEVELOPMENT", "TRANSFER", "LICENSE", "CONSULTING", "SERVICE"] as const;
export type ContractTypeName = (typeof CONTRACT_TYPES)[number];

/** Coded reasons a deal is lost (the ResponseCode list without PROCEED). */
export const LOST_REASONS = ["NEED_INFO", "TECH_MISMATCH", "IMMATURE", "PRICE", "HAS_SOLUTION", "TIMING", "OTHER"] as const;
export type LostReason = (typeof LOST_REASONS)[number];

/** The side a user takes in one deal. "broker" is a broker of the deal's agency (or, when no agency follows the deal, either party). */
export type DealSide = "broker" | "supplier" | "demand";

export type DealField =
  | "ndaSignedAt"
  | "meetingAt"
  | "contractType"
  | "contractAmountWan"
  | "contractSignedAt"
  | "registrationNumber"
  | "registeredAt"
  | "outcomeRevenueWan"
  | "outcomeJobs"
  | "outcomeProducts"
  | "outcomeNote"
  | "lostReason";

export type TransitionRule = { from: DealStageName; to: DealStageName; by: readonly DealSide[]; requires: readonly DealField[] };

const everyone: readonly DealSide[] = ["broker", "supplier", "demand"];

export const TRANSITIONS: readonly TransitionRule[] = [
  { from: "INTRODUCED", to: "INTEREST_CONFIRMED", by: everyone, requires: [] },
  { from: "INTEREST_CONFIRMED", to: "NDA_SIGNED", by: ["broker"], requires: ["ndaSignedAt"] },
  { from: "NDA_SIGNED", to: "MEETING", by: ["broker"], requires: ["meetingAt"] },
  { from: "MEETING", to: "NEGOTIATION", by: everyone, requires: [] },
  { from: "NEGOTIATION", to: "CONTRACT_SIGNED", by: ["broker"], requires: ["contractType", "contractAmountWan", "contractSignedAt"] },
  // 技术合同登记 is filed by the seller (the supplier) or by the broker on its behalf.
  { from: "CONTRACT_SIGNED", to: "REGISTERED", by: ["broker", "supplier"], requires: ["registrationNumber", "registeredAt"] },
  { from: "REGISTERED", to: "OUTCOME_CHECKED", by: ["broker", "demand"], requires: ["outcomeRevenueWan", "outcomeJobs", "outcomeProducts"] },
  ...OPEN_STAGES.map((from): TransitionRule => ({ from, to: "CLOSED_LOST", by: everyone, requires: ["lostReason"] })),
];

export type TransitionCheck =
  | { ok: true; rule: TransitionRule }
  | { ok: false; problem: "noSuchTransition" | "notYourStep" | "missingField"; field?: DealField };

/** Whether a user on `sides` of a deal in stage `from` may move it to `to`, given the facts provided. */
export function checkTransition(from: DealStageName, to: DealStageName, sides: readonly DealSide[], provided: Partial<Record<DealField, unknown>>): TransitionCheck {
  const rule = TRANSITIONS.find((candidate) => candidate.from === from && candidate.to === to);
  if (!rule) return { ok: false, problem: "noSuchTransition" };
  if (!rule.by.some((side) => sides.includes(side))) return { ok: false, problem: "notYourStep" };
  const missing = rule.requires.find((field) => provided[field] === undefined || provided[field] === null || provided[field] === "");
  if (missing) return { ok: false, problem: "missingField", field: missing };
  return { ok: true, rule };
}

/** The moves a user on `sides` may offer from `from` (the deal page shows one form per move). */
export function nextTransitions(from: DealStageName, sides: readonly DealSide[]): TransitionRule[] {
  return TRANSITIONS.filter((rule) => rule.from === from && rule.by.some((side) => sides.includes(side)));
}

/** 12-month outcome check: due one calendar month-count after registration (clamped to the month's last day). */
export function outcomeDueDate(registeredAt: Date, months = 12): Date {
  const due = new Date(registeredAt.getTime());
  const day = due.getUTCDate();
  due.setUTCDate(1);
  due.setUTCMonth(due.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
  due.setUTCDate(Math.min(day, lastDay));
  return due;
}

/** The calendar day (yyyy-mm-dd) of an instant in China Standard Time: deal dates are entered and printed as such days. */
export function dayInChina(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The message key naming how a deal began. */
export function originKey(origin: string) {
  return origin === "match" ? "deal.origin.match" : origin === "interest" ? "deal.origin.interest" : origin === "room" ? "deal.origin.room" : "deal.origin.manual";
}
