import fc from "fast-check";
import { expect, test } from "vitest";
import { anonymousLabel, type ChallengeBid, type ChallengeFormula, leaderboard, scoreChallengeBid, validateChallengeBid } from "./challenge-scoring";

const formula: ChallengeFormula = {
  ceiling: 5_000_000,
  maxMonths: 36,
  fundingWeight: 0.3,
  timeWeight: 0.2,
  indicators: [
    { key: "efficiency", name: "光电转换效率", unit: "%", target: 25, better: "higher", weight: 0.3 },
    { key: "cost", name: "组件成本", unit: "元/W", target: 1, better: "lower", weight: 0.2 },
  ],
};

const bidArb = fc.record({
  bidder: fc.constantFrom("甲", "乙", "丙", "丁"),
  funding: fc.integer({ min: -10, max: 6_000_000 }),
  months: fc.integer({ min: 0, max: 40 }),
  commitments: fc.record({ efficiency: fc.double({ min: 0, max: 40, noNaN: true }), cost: fc.double({ min: 0, max: 3, noNaN: true }) }),
  at: fc.integer({ min: 0, max: 1_000_000 }),
});

test("no accepted challenge bid exceeds the funding ceiling or the time limit", () => {
  fc.assert(
    fc.property(bidArb, (bid: ChallengeBid) => {
      if (validateChallengeBid(formula, bid) === null) {
        expect(bid.funding).toBeLessThanOrEqual(formula.ceiling);
        expect(bid.funding).toBeGreaterThan(0);
        expect(bid.months).toBeLessThanOrEqual(formula.maxMonths);
      }
    }),
  );
  expect(validateChallengeBid(formula, { bidder: "甲", funding: 5_000_001, months: 12, commitments: { efficiency: 26, cost: 0.9 }, at: 0 })).toBe("over_ceiling");
  expect(validateChallengeBid(formula, { bidder: "甲", funding: 100, months: 12, commitments: { efficiency: 26 }, at: 0 })).toBe("missing_commitment");
});

test("scores stay within 0–100, and asking for less money or time never lowers a score", () => {
  fc.assert(
    fc.property(bidArb, fc.integer({ min: 1, max: 1_000_000 }), (bid, less) => {
      if (validateChallengeBid(formula, bid) !== null) return;
      const score = scoreChallengeBid(formula, bid).total;
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
      const cheaper = { ...bid, funding: Math.max(1, bid.funding - less) };
      expect(scoreChallengeBid(formula, cheaper).total).toBeGreaterThanOrEqual(score);
      const faster = { ...bid, months: Math.max(1, bid.months - 1) };
      expect(scoreChallengeBid(formula, faster).total).toBeGreaterThanOrEqual(score);
    }),
  );
});

test("the score breaks down into its published parts", () => {
  const score = scoreChallengeBid(formula, { bidder: "甲", funding: 2_500_000, months: 18, commitments: { efficiency: 25, cost: 1 }, at: 0 });
  expect(score.funding).toBe(15);
  expect(score.time).toBe(10);
  expect(score.indicators).toEqual({ efficiency: 25, cost: 16.67 });
  expect(score.total).toBe(66.67);
});

test("the leaderboard counts each bidder's latest bid, labels bidders anonymously and breaks ties by time", () => {
  const rows = leaderboard(formula, [
    { bidder: "甲", funding: 4_000_000, months: 30, commitments: { efficiency: 24, cost: 1.1 }, at: 1 },
    { bidder: "乙", funding: 3_000_000, months: 24, commitments: { efficiency: 25, cost: 1 }, at: 2 },
    { bidder: "甲", funding: 3_000_000, months: 24, commitments: { efficiency: 25, cost: 1 }, at: 3 },
  ]);
  expect(rows.map((r) => [r.label, r.rank])).toEqual([
    ["B", 1],
    ["A", 2],
  ]);
  expect(rows[0]?.score.total).toBe(rows[1]?.score.total);
  expect([0, 1, 25, 26, 701].map(anonymousLabel)).toEqual(["A", "B", "Z", "AA", "ZZ"]);
});
