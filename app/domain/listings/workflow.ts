/**
 * The listing review workflow as a pure state machine (no I/O):
 *   draft → submitted → under review → published | returned (with reasons)
 *   published → archived (owner or reviewer) | expired (the system, at validUntil)
 *   submitted → draft (withdrawn by the owner); returned → submitted; archived | expired → draft (reopened)
 */
export const listingStatuses = ["DRAFT", "SUBMITTED", "UNDER_REVIEW", "PUBLISHED", "RETURNED", "ARCHIVED", "EXPIRED"] as const;
export type ListingStatusName = (typeof listingStatuses)[number];

export const transitionNames = ["submit", "withdraw", "startReview", "publish", "return", "archive", "expire", "reopen"] as const;
export type TransitionName = (typeof transitionNames)[number];

/** Who may fire a transition: the owning organization, a reviewer (broker), either, or only the system. */
export type TransitionRole = "owner" | "reviewer" | "ownerOrReviewer" | "system";

type Rule = { from: readonly ListingStatusName[]; to: ListingStatusName; by: TransitionRole; reasonRequired: boolean };

export const transitionRules: Record<TransitionName, Rule> = {
  submit: { from: ["DRAFT", "RETURNED"], to: "SUBMITTED", by: "owner", reasonRequired: false },
  withdraw: { from: ["SUBMITTED"], to: "DRAFT", by: "owner", reasonRequired: false },
  startReview: { from: ["SUBMITTED"], to: "UNDER_REVIEW", by: "reviewer", reasonRequired: false },
  publish: { from: ["UNDER_REVIEW"], to: "PUBLISHED", by: "reviewer", reasonRequired: false },
  return: { from: ["SUBMITTED", "UNDER_REVIEW"], to: "RETURNED", by: "reviewer", reasonRequired: true },
  archive: { from: ["PUBLISHED"], to: "ARCHIVED", by: "ownerOrReviewer", reasonRequired: false },
  expire: { from: ["PUBLISHED"], to: "EXPIRED", by: "system", reasonRequired: false },
  reopen: { from: ["ARCHIVED", "EXPIRED"], to: "DRAFT", by: "owner", reasonRequired: false },
};

export type Capacity = { owner: boolean; reviewer: boolean; system: boolean };

export type TransitionCheck =
  | { ok: true; to: ListingStatusName }
  | { ok: false; reason: "notAllowedFromStatus" | "notPermitted" | "reasonRequired" };

function permitted(by: TransitionRole, who: Capacity): boolean {
  switch (by) {
    case "owner":
      return who.owner;
    case "reviewer":
      return who.reviewer;
    case "ownerOrReviewer":
      return who.owner || who.reviewer;
    case "system":
      return who.system;
  }
}

/** Decides one transition. Permission is checked before the status so that strangers learn nothing about it. */
export function checkTransition(from: ListingStatusName, transition: TransitionName, who: Capacity, reason?: string | null): TransitionCheck {
  const rule = transitionRules[transition];
  if (!permitted(rule.by, who)) return { ok: false, reason: "notPermitted" };
  if (!rule.from.includes(from)) return { ok: false, reason: "notAllowedFromStatus" };
  if (rule.reasonRequired && !reason?.trim()) return { ok: false, reason: "reasonRequired" };
  return { ok: true, to: rule.to };
}

/** The transitions a viewer could fire now, for the buttons on a page. */
export function availableTransitions(from: ListingStatusName, who: Capacity): TransitionName[] {
  return transitionNames.filter((name) => {
    const rule = transitionRules[name];
    return rule.by !== "system" && permitted(rule.by, who) && rule.from.includes(from);
  });
}

/** Outbox topic of a transition: the search index cares whether a listing entered or left the public set. */
export function outboxTopic(kind: "achievement" | "need", from: ListingStatusName, to: ListingStatusName): string {
  if (to === "PUBLISHED") return `${kind}.published`;
  if (from === "PUBLISHED") return `${kind}.unpublished`;
  return `${kind}.status_changed`;
}

/** Whether the owner may edit the listing's content in this status (not while a broker reviews it). */
export function isEditable(status: ListingStatusName): boolean {
  return status !== "SUBMITTED" && status !== "UNDER_REVIEW";
}
