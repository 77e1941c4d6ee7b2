/** Match-card decisions, shared by the server and the match page: the coded dismissal reasons and the card's view. */
export const DISMISS_REASONS = ["TECH_MISMATCH", "IMMATURE", "PRICE", "HAS_SOLUTION", "OTHER"] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];
export const NOTE_MAX = 500;

export type MatchDecisionView = {
  candidateId: string;
  decision: "ACCEPT" | "DISMISS";
  reason: DismissReason | null;
  note: string | null;
  introductionRequested: boolean;
  byBroker: boolean;
  decidedByName: string;
  decidedAt: string;
};
