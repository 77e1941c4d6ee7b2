import fc from "fast-check";
import { expect, test } from "vitest";
import { availableTransitions, checkTransition, listingStatuses, outboxTopic, transitionNames, transitionRules, type Capacity } from "./workflow";

const owner: Capacity = { owner: true, reviewer: false, system: false };
const reviewer: Capacity = { owner: false, reviewer: true, system: false };
const system: Capacity = { owner: false, reviewer: false, system: true };
const stranger: Capacity = { owner: false, reviewer: false, system: false };

test.each([
  ["DRAFT", "submit", owner, "SUBMITTED"],
  ["RETURNED", "submit", owner, "SUBMITTED"],
  ["SUBMITTED", "withdraw", owner, "DRAFT"],
  ["SUBMITTED", "startReview", reviewer, "UNDER_REVIEW"],
  ["UNDER_REVIEW", "publish", reviewer, "PUBLISHED"],
  ["PUBLISHED", "archive", owner, "ARCHIVED"],
  ["PUBLISHED", "archive", reviewer, "ARCHIVED"],
  ["PUBLISHED", "expire", system, "EXPIRED"],
  ["ARCHIVED", "reopen", owner, "DRAFT"],
  ["EXPIRED", "reopen", owner, "DRAFT"],
] as const)("%s --%s--> %s", (from, transition, who, to) => {
  expect(checkTransition(from, transition, who)).toEqual({ ok: true, to });
});

test("returning needs reasons, from submitted or under review", () => {
  expect(checkTransition("UNDER_REVIEW", "return", reviewer)).toEqual({ ok: false, reason: "reasonRequired" });
  expect(checkTransition("UNDER_REVIEW", "return", reviewer, "  ")).toEqual({ ok: false, reason: "reasonRequired" });
  expect(checkTransition("UNDER_REVIEW", "return", reviewer, "缺少专利号")).toEqual({ ok: true, to: "RETURNED" });
  expect(checkTransition("SUBMITTED", "return", reviewer, "缺少专利号")).toEqual({ ok: true, to: "RETURNED" });
});

test.each([
  ["DRAFT", "publish", reviewer, "notAllowedFromStatus"],
  ["SUBMITTED", "publish", reviewer, "notAllowedFromStatus"],
  ["UNDER_REVIEW", "publish", owner, "notPermitted"],
  ["SUBMITTED", "startReview", owner, "notPermitted"],
  ["DRAFT", "submit", reviewer, "notPermitted"],
  ["PUBLISHED", "submit", owner, "notAllowedFromStatus"],
  ["DRAFT", "expire", system, "notAllowedFromStatus"],
  ["PUBLISHED", "expire", owner, "notPermitted"],
  ["PUBLISHED", "archive", stranger, "notPermitted"],
  ["DRAFT", "reopen", owner, "notAllowedFromStatus"],
] as const)("%s --%s--> refused (%s)", (from, transition, who, reason) => {
  expect(checkTransition(from, transition, who, "理由")).toEqual({ ok: false, reason });
});

test("a stranger can fire nothing, from any status", () => {
  fc.assert(
    fc.property(fc.constantFrom(...listingStatuses), fc.constantFrom(...transitionNames), (from, transition) => {
      expect(checkTransition(from, transition, stranger, "x").ok).toBe(false);
    }),
  );
});

test("every allowed transition lands in its rule's target; the buttons offered are exactly the allowed ones", () => {
  fc.assert(
    fc.property(fc.constantFrom(...listingStatuses), fc.constantFrom(owner, reviewer), (from, who) => {
      const offered = availableTransitions(from, who);
      for (const name of transitionNames) {
        const result = checkTransition(from, name, who, "理由");
        expect(result.ok && name !== "expire").toBe(offered.includes(name));
        if (result.ok) expect(result.to).toBe(transitionRules[name].to);
      }
    }),
  );
});

test("outbox topics tell the index when a listing enters or leaves the public set", () => {
  expect(outboxTopic("achievement", "UNDER_REVIEW", "PUBLISHED")).toBe("achievement.published");
  expect(outboxTopic("need", "PUBLISHED", "EXPIRED")).toBe("need.unpublished");
  expect(outboxTopic("need", "DRAFT", "SUBMITTED")).toBe("need.status_changed");
});
