import { describe, expect, test } from "vitest";
import {
  applicationLinksFor,
  aggregateScores,
  applicationRules,
  applicationStatuses,
  applicationTransitions,
  checkApplicationTransition,
  checkEligibility,
  criteriaOf,
  DEFAULT_CRITERIA,
  type EligibilityInput,
  eligibilityOf,
  outcomeCodes,
  rankForShortlist,
  tranchesFor,
  weightedTotal,
} from "./applications";

describe("application lifecycle", () => {
  // [from, transition, by, expected status or refusal]
  const table: [string, (typeof applicationTransitions)[number], "applicant" | "broker" | "system", string][] = [
    ["DRAFT", "submit", "applicant", "SUBMITTED"],
    ["DRAFT", "submit", "broker", "notPermitted"],
    ["SUBMITTED", "submit", "applicant", "notAllowedFromStatus"],
    ["DRAFT", "withdraw", "applicant", "WITHDRAWN"],
    ["SHORTLISTED", "withdraw", "applicant", "WITHDRAWN"],
    ["AWARDED", "withdraw", "applicant", "notAllowedFromStatus"],
    ["SUBMITTED", "qualify", "broker", "QUALIFIED"],
    ["SUBMITTED", "qualify", "applicant", "notPermitted"],
    ["SUBMITTED", "disqualify", "broker", "INELIGIBLE"],
    ["QUALIFIED", "disqualify", "broker", "notAllowedFromStatus"],
    ["QUALIFIED", "shortlist", "system", "SHORTLISTED"],
    ["SUBMITTED", "shortlist", "system", "notAllowedFromStatus"],
    ["QUALIFIED", "notShortlisted", "system", "NOT_SELECTED"],
    ["QUALIFIED", "notShortlisted", "broker", "notPermitted"],
    ["SHORTLISTED", "award", "system", "AWARDED"],
    ["QUALIFIED", "award", "system", "notAllowedFromStatus"],
    ["SHORTLISTED", "notAwarded", "system", "NOT_SELECTED"],
    ["AWARDED", "withdrawAward", "broker", "NOT_SELECTED"],
    ["AWARDED", "terminate", "broker", "TERMINATED"],
    ["TERMINATED", "terminate", "broker", "notAllowedFromStatus"],
    ["WITHDRAWN", "submit", "applicant", "notAllowedFromStatus"],
  ];
  test.each(table)("%s --%s (by %s)--> %s", (from, transition, by, expected) => {
    const check = checkApplicationTransition(from as never, transition, by);
    expect(check.ok ? check.to : check.reason).toBe(expected);
  });

  test("every rule starts and ends in a known status", () => {
    for (const rule of Object.values(applicationRules)) {
      expect(applicationStatuses).toContain(rule.to);
      for (const from of rule.from) expect(applicationStatuses).toContain(from);
    }
  });

  test("every ineligibility reason has its own outcome code", () => {
    expect(outcomeCodes).toContain("INELIGIBLE_FUNDING_RATIO");
    expect(outcomeCodes).toContain("INELIGIBLE_DOCUMENTS");
    expect(new Set(outcomeCodes).size).toBe(outcomeCodes.length);
  });
});

describe("eligibility check", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  const base: EligibilityInput = {
    now,
    window: { opensAt: new Date("2026-05-01T00:00:00Z"), closesAt: new Date("2026-07-01T00:00:00Z"), status: "PUBLISHED" },
    challengeIndicators: ["效率", "寿命"],
    eligibility: eligibilityOf({ orgKinds: ["UNIVERSITY", "ENTERPRISE"], maxConsortiumMembers: 2, excludePriorWinners: true, maxApplicationsPerOrg: 1 }),
    leadOrgKind: "UNIVERSITY",
    leadIsPriorWinner: false,
    otherActiveApplications: 0,
    consortium: [{ orgName: "甲公司" }],
    consortiumAgreement: true,
    coveredIndicators: ["效率", "寿命"],
    subTasks: 3,
    requestedWan: 100,
    selfFundedWan: 100,
    pledged: true,
  };

  test("a complete application passes every rule", () => {
    expect(checkEligibility(base)).toEqual([]);
  });

  const cases: [string, Partial<EligibilityInput>, string[]][] = [
    ["before the window opens", { now: new Date("2026-04-30T00:00:00Z") }, ["WINDOW"]],
    ["after the window closes", { now: new Date("2026-07-02T00:00:00Z") }, ["WINDOW"]],
    ["challenge no longer published", { window: { ...base.window, status: "APPLICATIONS_CLOSED" } }, ["WINDOW"]],
    ["organization kind not allowed", { leadOrgKind: "INSTITUTE" }, ["ORG_KIND"]],
    ["prior winner excluded", { leadIsPriorWinner: true }, ["PRIOR_WINNER"]],
    ["max applications per org reached", { otherActiveApplications: 1 }, ["MAX_APPLICATIONS"]],
    ["consortium over the challenge's limit", { consortium: [{ orgName: "a" }, { orgName: "b" }, { orgName: "c" }] }, ["CONSORTIUM_SIZE"]],
    ["consortium without agreement", { consortiumAgreement: false }, ["CONSORTIUM_AGREEMENT"]],
    ["an indicator not covered", { coveredIndicators: ["效率"] }, ["INDICATORS"]],
    ["no sub-task", { subTasks: 0 }, ["SUBTASKS"]],
    ["six sub-tasks", { subTasks: 6 }, ["SUBTASKS"]],
    ["self-funding below 1 × requested", { selfFundedWan: 99.99 }, ["FUNDING_RATIO"]],
    ["no integrity pledge", { pledged: false }, ["PLEDGE"]],
    ["several failures are all named", { leadOrgKind: "INSTITUTE", pledged: false, selfFundedWan: 0 }, ["ORG_KIND", "FUNDING_RATIO", "PLEDGE"]],
  ];
  test.each(cases)("%s", (_name, overrides, expected) => {
    expect(checkEligibility({ ...base, ...overrides })).toEqual(expected);
  });

  test("prior winners are not excluded unless the challenge says so; an empty kind list admits all kinds", () => {
    const open = eligibilityOf({ orgKinds: [], excludePriorWinners: false });
    expect(checkEligibility({ ...base, eligibility: open, leadIsPriorWinner: true, leadOrgKind: "INSTITUTE" })).toEqual([]);
  });

  test("the self-funding ratio is a challenge setting with default 1; 0 removes the requirement", () => {
    expect(eligibilityOf({}).selfFundingRatio).toBe(1);
    expect(eligibilityOf({}).maxConsortiumMembers).toBe(4);
    const none = eligibilityOf({ selfFundingRatio: 0, orgKinds: ["UNIVERSITY"] });
    expect(checkEligibility({ ...base, eligibility: none, selfFundedWan: 0, consortium: [] })).toEqual([]);
    const two = eligibilityOf({ selfFundingRatio: 2, orgKinds: ["UNIVERSITY"] });
    expect(checkEligibility({ ...base, eligibility: two, consortium: [] })).toEqual(["FUNDING_RATIO"]);
  });
});

describe("expert scores", () => {
  test("weighted total uses the published weights", () => {
    expect(weightedTotal(DEFAULT_CRITERIA, { approach: 100, feasibility: 0, team: 0, budget: 0 })).toBe(40);
    expect(weightedTotal([{ key: "a", weight: 1 }, { key: "b", weight: 3 }], { a: 80, b: 40 })).toBe(50);
  });

  test("criteria fall back to the defaults when the challenge sets none", () => {
    expect(criteriaOf([])).toEqual(DEFAULT_CRITERIA);
    expect(criteriaOf([{ key: "x", weight: 2 }])).toEqual([{ key: "x", weight: 2 }]);
  });

  test("aggregate: mean with the spread and standard deviation", () => {
    expect(aggregateScores([])).toMatchObject({ count: 0, mean: null, spread: null });
    expect(aggregateScores([70, 90, 80])).toEqual({ count: 3, mean: 80, min: 70, max: 90, spread: 20, stdDev: 8.16 });
  });
});

describe("shortlist ranking", () => {
  const t0 = new Date("2026-06-01T00:00:00Z");
  const apps = [
    { applicationId: "a", leadOrgId: "A", submittedAt: new Date(t0.getTime() + 2), expertMean: 80 },
    { applicationId: "b", leadOrgId: "B", submittedAt: new Date(t0.getTime() + 1), expertMean: 70 },
    { applicationId: "c", leadOrgId: "C", submittedAt: t0, expertMean: null },
    { applicationId: "d", leadOrgId: "D", submittedAt: t0, expertMean: 80 },
  ];

  test("expert scores alone: best mean first, earlier submission wins ties, unscored last", () => {
    const ranked = rankForShortlist(apps, null);
    expect(ranked.map((r) => r.applicationId)).toEqual(["d", "a", "b", "c"]);
    expect(ranked.every((r) => r.bidScore === null)).toBe(true);
    expect(ranked[0]?.finalScore).toBe(80);
  });

  test("with a closed bid room: 0.6 × expert + 0.4 × bid rescaled to the room's best; absent bidders get 0 for the bid", () => {
    const ranked = rankForShortlist(apps, [
      { organizationId: "B", score: 90 },
      { organizationId: "A", score: 45 },
    ]);
    const byId = Object.fromEntries(ranked.map((r) => [r.applicationId, r]));
    expect(byId.b?.bidScore).toBe(100);
    expect(byId.b?.finalScore).toBe(82);
    expect(byId.a?.bidScore).toBe(50);
    expect(byId.a?.finalScore).toBe(68);
    expect(byId.d?.bidScore).toBe(0);
    expect(byId.d?.finalScore).toBe(48);
    expect(ranked.map((r) => r.applicationId)).toEqual(["b", "a", "d", "c"]);
  });
});

describe("task book tranches", () => {
  test.each([2, 3, 4, 6])("%i milestones: first 30 %%, the rest share 70 %%, total 100 %%", (n) => {
    const tranches = tranchesFor(n);
    expect(tranches).toHaveLength(n);
    expect(tranches[0]).toBe(0.3);
    expect(tranches.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
  test("three milestones split 30 / 35 / 35", () => {
    expect(tranchesFor(3)).toEqual([0.3, 0.35, 0.35]);
    expect(tranchesFor(4)).toEqual([0.3, 0.2333, 0.2333, 0.2334]);
  });
});

test("applying is offered only inside the application window; outside it the page says so", () => {
  const applicant = { memberships: [{ organizationId: "lab", role: "TTO" }] };
  const now = new Date("2026-12-01T02:00:00Z");
  const open = { status: "PUBLISHED", issuerOrgId: "ent", applicationOpensAt: new Date("2026-11-01T00:00:00Z"), applicationClosesAt: new Date("2026-12-31T00:00:00Z") };
  expect(applicationLinksFor(applicant, open, now)).toMatchObject({ apply: true, applyClosed: false });
  expect(applicationLinksFor(applicant, { ...open, applicationClosesAt: new Date("2026-11-30T00:00:00Z") }, now)).toMatchObject({ apply: false, applyClosed: true });
  expect(applicationLinksFor(applicant, { ...open, applicationOpensAt: null, applicationClosesAt: null }, now)).toMatchObject({ apply: false, applyClosed: true });
  // the issuer, and challenges past publication, get neither
  expect(applicationLinksFor({ memberships: [{ organizationId: "ent", role: "ENTERPRISE" }] }, open, now)).toMatchObject({ apply: false, applyClosed: false });
  expect(applicationLinksFor(applicant, { ...open, status: "EXPERT_REVIEW" }, now)).toMatchObject({ apply: false, applyClosed: false });
});

describe("the bid room link on a challenge page", () => {
  const broker = { memberships: [{ organizationId: "agency", role: "BROKER" }] };
  const applicant = { memberships: [{ organizationId: "lab", role: "TTO" }] };
  test("brokers and the issuer may open the room during expert review or bidding; others see nothing until it exists", () => {
    expect(applicationLinksFor(broker, { id: "c1", status: "EXPERT_REVIEW", issuerOrgId: "ent" }).room).toEqual({ to: "/rooms/challenge/c1", open: true });
    expect(applicationLinksFor({ memberships: [{ organizationId: "ent", role: "ENTERPRISE" }] }, { id: "c1", status: "BIDDING", issuerOrgId: "ent" }).room?.open).toBe(true);
    expect(applicationLinksFor(applicant, { id: "c1", status: "EXPERT_REVIEW", issuerOrgId: "ent" }).room).toBeNull();
    expect(applicationLinksFor(broker, { id: "c1", status: "PUBLISHED", issuerOrgId: "ent" }).room).toBeNull();
  });
  test("once opened, every signed-in user is led to the live room, visitors are not", () => {
    expect(applicationLinksFor(applicant, { id: "c1", status: "BIDDING", issuerOrgId: "ent", bidRoomId: "r9" }).room).toEqual({ to: "/rooms/r9", open: false });
    expect(applicationLinksFor(null, { id: "c1", status: "BIDDING", issuerOrgId: "ent", bidRoomId: "r9" }).room).toBeNull();
  });
});
