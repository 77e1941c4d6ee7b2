import { describe, expect, test } from "vitest";
import { checkTransition, DEAL_STAGES, type DealField, type DealSide, type DealStageName, nextTransitions, OPEN_STAGES, outcomeDueDate } from "./pipeline";

const all: DealSide[] = ["broker", "supplier", "demand"];

describe("allowed moves, each with its sides and required facts", () => {
  const table: [DealStageName, DealStageName, DealSide[], DealField[]][] = [
    ["INTRODUCED", "INTEREST_CONFIRMED", all, []],
    ["INTEREST_CONFIRMED", "NDA_SIGNED", ["broker"], ["ndaSignedAt"]],
    ["NDA_SIGNED", "MEETING", ["broker"], ["meetingAt"]],
    ["MEETING", "NEGOTIATION", all, []],
    ["NEGOTIATION", "CONTRACT_SIGNED", ["broker"], ["contractType", "contractAmountWan", "contractSignedAt"]],
    ["CONTRACT_SIGNED", "REGISTERED", ["broker", "supplier"], ["registrationNumber", "registeredAt"]],
    ["REGISTERED", "OUTCOME_CHECKED", ["broker", "demand"], ["outcomeRevenueWan", "outcomeJobs", "outcomeProducts"]],
    ...OPEN_STAGES.map((from): [DealStageName, DealStageName, DealSide[], DealField[]] => [from, "CLOSED_LOST", all, ["lostReason"]]),
  ];
  test.each(table)("%s → %s", (from, to, sides, fields) => {
    const complete = Object.fromEntries(fields.map((field) => [field, "x"]));
    for (const side of all) {
      const result = checkTransition(from, to, [side], complete);
      expect(result.ok, `${side} ${from}→${to}`).toBe(sides.includes(side));
      if (!result.ok) expect(result.problem).toBe("notYourStep");
    }
    for (const field of fields) {
      const result = checkTransition(from, to, sides, { ...complete, [field]: "" });
      expect(result).toEqual({ ok: false, problem: "missingField", field });
    }
  });
});

test("no stage can be skipped, no closed deal reopened, and a signed contract cannot be lost", () => {
  const allowed = new Set([
    "INTRODUCED>INTEREST_CONFIRMED",
    "INTEREST_CONFIRMED>NDA_SIGNED",
    "NDA_SIGNED>MEETING",
    "MEETING>NEGOTIATION",
    "NEGOTIATION>CONTRACT_SIGNED",
    "CONTRACT_SIGNED>REGISTERED",
    "REGISTERED>OUTCOME_CHECKED",
    ...OPEN_STAGES.map((stage) => `${stage}>CLOSED_LOST`),
  ]);
  const everything = Object.fromEntries(["ndaSignedAt", "meetingAt", "contractType", "contractAmountWan", "contractSignedAt", "registrationNumber", "registeredAt", "outcomeRevenueWan", "outcomeJobs", "outcomeProducts", "lostReason"].map((f) => [f, 1]));
  for (const from of DEAL_STAGES) {
    for (const to of DEAL_STAGES) {
      const result = checkTransition(from, to, all, everything);
      expect(result.ok, `${from}→${to}`).toBe(allowed.has(`${from}>${to}`));
      if (!result.ok) expect(result.problem).toBe("noSuchTransition");
    }
  }
});

test("the deal page offers only the moves of the user's side", () => {
  expect(nextTransitions("NEGOTIATION", ["demand"]).map((rule) => rule.to)).toEqual(["CLOSED_LOST"]);
  expect(nextTransitions("NEGOTIATION", ["broker"]).map((rule) => rule.to)).toEqual(["CONTRACT_SIGNED", "CLOSED_LOST"]);
  expect(nextTransitions("CLOSED_LOST", all)).toEqual([]);
  expect(nextTransitions("OUTCOME_CHECKED", all)).toEqual([]);
});

test("the outcome check falls due twelve months after registration, clamped at month end", () => {
  expect(outcomeDueDate(new Date("2026-03-15T08:00:00Z")).toISOString()).toBe("2027-03-15T08:00:00.000Z");
  expect(outcomeDueDate(new Date("2028-02-29T00:00:00Z")).toISOString()).toBe("2029-02-28T00:00:00.000Z");
  expect(outcomeDueDate(new Date("2026-01-31T00:00:00Z"), 1).toISOString()).toBe("2026-02-28T00:00:00.000Z");
});
