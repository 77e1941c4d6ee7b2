import fc from "fast-check";
import { expect, test } from "vitest";
import {
  availableChallengeTransitions,
  challengeRules,
  challengeStatuses,
  challengeTransitions,
  checkChallengeTransition,
  type Indicator,
  missingForPublication,
  type ReadinessInput,
} from "./lifecycle";

const now = new Date("2026-12-01T00:00:00Z");
const day = 86_400_000;
const indicator: Indicator = { name: "光电转换效率", target: "≥ 25", unit: "%", verification: "第三方检测报告" };
const ready: ReadinessInput = {
  indicators: [indicator],
  deadline: new Date(now.getTime() + 365 * day),
  fundingWan: 500,
  targetMaturity: "PILOT",
  applicationOpensAt: new Date(now.getTime() - day),
  applicationClosesAt: new Date(now.getTime() + 30 * day),
};
const issuer = { issuer: true, reviewer: false, system: false };
const reviewer = { issuer: false, reviewer: true, system: false };
const stranger = { issuer: false, reviewer: false, system: false };

test("the happy path from draft to closed", () => {
  const path: [string, (typeof challengeTransitions)[number], typeof issuer][] = [
    ["DRAFT", "submit", issuer],
    ["SUBMITTED", "startReview", reviewer],
    ["IN_REVIEW", "publish", reviewer],
    ["PUBLISHED", "closeApplications", reviewer],
    ["APPLICATIONS_CLOSED", "startExpertReview", reviewer],
    ["EXPERT_REVIEW", "openBidding", reviewer],
    ["BIDDING", "shortlist", reviewer],
    ["SHORTLISTED", "award", reviewer],
    ["PUBLIC_NOTICE", "confirmAward", reviewer],
    ["IN_PROGRESS", "startAcceptance", issuer],
    ["ACCEPTANCE", "close", reviewer],
  ];
  let status = "DRAFT";
  for (const [from, transition, who] of path) {
    expect(status).toBe(from);
    const result = checkChallengeTransition(status as "DRAFT", transition, who, { readiness: ready, now });
    expect(result.ok, `${transition} from ${from}`).toBe(true);
    if (result.ok) status = result.to;
  }
  expect(status).toBe("CLOSED");
});

test("a reviewer returns a challenge with a checklist of what is missing, and the issuer resubmits", () => {
  expect(checkChallengeTransition("IN_REVIEW", "return", reviewer, {})).toEqual({ ok: false, reason: "reasonRequired" });
  expect(checkChallengeTransition("IN_REVIEW", "return", reviewer, { checklist: ["indicators"] })).toEqual({ ok: true, to: "RETURNED" });
  expect(checkChallengeTransition("RETURNED", "submit", issuer, {})).toEqual({ ok: true, to: "SUBMITTED" });
});

test("publishing needs measurable indicators, a future deadline, funding, a maturity and an application window before the deadline", () => {
  expect(missingForPublication(ready, now)).toEqual([]);
  expect(missingForPublication({ ...ready, indicators: [] }, now)).toEqual(["indicators"]);
  expect(missingForPublication({ ...ready, indicators: [{ ...indicator, target: "显著提高" }] }, now)).toEqual(["indicators"]);
  expect(missingForPublication({ ...ready, deadline: new Date(now.getTime() - day) }, now)).toEqual(["deadline", "window"]);
  expect(missingForPublication({ ...ready, fundingWan: 0 }, now)).toEqual(["funding"]);
  expect(missingForPublication({ ...ready, targetMaturity: null }, now)).toEqual(["maturity"]);
  expect(missingForPublication({ ...ready, applicationClosesAt: new Date(now.getTime() + 400 * day) }, now)).toEqual(["window"]);
  const refused = checkChallengeTransition("IN_REVIEW", "publish", reviewer, { readiness: { ...ready, fundingWan: null, indicators: [] }, now });
  expect(refused).toEqual({ ok: false, reason: "notReady", missing: ["indicators", "funding"] });
});

test("nobody acts without the right capacity, and no transition leaves a status it does not start from", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...challengeStatuses),
      fc.constantFrom(...challengeTransitions),
      fc.record({ issuer: fc.boolean(), reviewer: fc.boolean(), system: fc.boolean() }),
      (from, transition, who) => {
        const result = checkChallengeTransition(from, transition, who, { reason: "理由", readiness: ready, now });
        if (!who.issuer && !who.reviewer && !who.system) expect(result).toEqual({ ok: false, reason: "notPermitted" });
        if (result.ok) {
          expect(challengeRules[transition].from).toContain(from);
          expect(result.to).toBe(challengeRules[transition].to);
        }
      },
    ),
  );
  expect(checkChallengeTransition("SUBMITTED", "startReview", issuer, {})).toEqual({ ok: false, reason: "notPermitted" });
  expect(checkChallengeTransition("DRAFT", "submit", stranger, {})).toEqual({ ok: false, reason: "notPermitted" });
  expect(checkChallengeTransition("CLOSED", "cancel", reviewer, { reason: "x" })).toEqual({ ok: false, reason: "notAllowedFromStatus" });
});

test("buttons offered match what checkChallengeTransition allows", () => {
  for (const status of challengeStatuses) {
    for (const who of [issuer, reviewer]) {
      for (const transition of availableChallengeTransitions(status, who)) {
        const result = checkChallengeTransition(status, transition, who, { reason: "理由", readiness: ready, now });
        expect(result.ok || (!result.ok && result.reason === "notReady"), `${status} ${transition}`).toBe(true);
      }
    }
  }
});
