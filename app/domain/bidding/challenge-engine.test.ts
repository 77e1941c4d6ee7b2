import { expect, test } from "vitest";
import fc from "fast-check";
import { type ChallengeCommand, type ChallengeRoomConfig, applyChallengeCommand, challengeLeaderboard, createChallengeRoom, replayChallenge } from "./challenge-engine";
import { scoreChallengeBid } from "./challenge-scoring";

const config: ChallengeRoomConfig = {
  kind: "challenge",
  opensAt: 1_000,
  closesAt: 100_000,
  formula: {
    ceiling: 800,
    maxMonths: 36,
    fundingWeight: 0.3,
    timeWeight: 0.2,
    indicators: [
      { key: "eff", name: "效率保持率", unit: "%", target: 90, better: "higher", weight: 0.3 },
      { key: "cost", name: "成本", unit: "元/W", target: 1.2, better: "lower", weight: 0.2 },
    ],
  },
};

const offer = (bidder: string, funding: number, months: number, at: number, eff = 90, cost = 1.2): ChallengeCommand => ({ type: "offer", bidder, funding, months, commitments: { eff, cost }, at });

function run(commands: ChallengeCommand[]) {
  let state = createChallengeRoom(config);
  const outcomes = [];
  for (const command of commands) {
    const applied = applyChallengeCommand(state, command);
    state = applied.state;
    outcomes.push(applied.outcome);
  }
  return { state, outcomes };
}

test("offers are checked against the ceiling, the months and every indicator, and refused outside the open window", () => {
  const { outcomes } = run([
    offer("a", 500, 24, 500),
    offer("a", 801, 24, 2_000),
    offer("a", 500, 37, 2_000),
    { type: "offer", bidder: "a", funding: 500, months: 24, commitments: { eff: 90 }, at: 2_000 },
    offer("a", 500, 24, 2_000, -1),
    offer("a", 500, 24, 2_000),
    offer("a", 500, 24, 100_000),
  ]);
  expect(outcomes.map((o) => (o.ok ? o.status : o.reason))).toEqual(["not_open", "over_ceiling", "months_out_of_range", "missing_commitment", "invalid_commitment", "leading", "closed"]);
});

test("the leaderboard ranks each bidder's latest offer by the published formula, with labels in order of first offer", () => {
  const { state, outcomes } = run([offer("p1", 700, 30, 2_000), offer("p2", 400, 20, 3_000), offer("p1", 300, 12, 4_000, 100)]);
  expect(outcomes.map((o) => o.ok && o.status)).toEqual(["leading", "leading", "leading"]);
  const rows = challengeLeaderboard(state);
  expect(rows.map((r) => [r.bidder, r.label, r.rank])).toEqual([
    ["p1", "A", 1],
    ["p2", "B", 2],
  ]);
  expect(rows[0]?.score.total).toBe(scoreChallengeBid(config.formula, { bidder: "p1", funding: 300, months: 12, commitments: { eff: 100, cost: 1.2 }, at: 4_000 }).total);
});

test("a disqualified bidder leaves the ranking, cannot offer again, and the others keep their labels", () => {
  const { state, outcomes } = run([
    offer("p1", 300, 12, 2_000),
    offer("p2", 500, 24, 2_100),
    offer("p3", 600, 30, 2_200),
    { type: "disqualify", bidder: "p1", by: "broker", reason: "资质造假", at: 3_000 },
    offer("p1", 100, 6, 3_100),
  ]);
  expect(outcomes.at(-1)).toEqual({ ok: false, reason: "disqualified" });
  expect(challengeLeaderboard(state).map((r) => [r.label, r.rank])).toEqual([
    ["B", 1],
    ["C", 2],
  ]);
});

test("pause stops the clock, the close ranks the offers, and nothing is accepted after it", () => {
  const { state, outcomes } = run([
    offer("p1", 500, 24, 2_000),
    { type: "pause", by: "broker", reason: "核实", at: 50_000 },
    offer("p2", 400, 20, 60_000),
    { type: "close", at: 100_000 },
    { type: "resume", by: "broker", at: 120_000 },
    { type: "close", at: 150_000 },
    { type: "close", at: 170_000 },
    offer("p2", 400, 20, 170_001),
  ]);
  expect(outcomes.map((o) => (o.ok ? "ok" : o.reason))).toEqual(["ok", "ok", "paused", "too_early", "ok", "too_early", "ok", "closed"]);
  expect(state.closesAt).toBe(170_000);
  expect(state.result).toEqual({ outcome: "ranked", ranking: [{ bidder: "p1", label: "A", score: challengeLeaderboard(state)[0]?.score.total }] });
});

test("a room without offers closes with no ranking", () => {
  expect(run([{ type: "close", at: 100_000 }]).state.result).toEqual({ outcome: "no_offers" });
});

test("replaying the accepted commands reproduces the state (property)", () => {
  const command = fc.oneof(
    fc.record({ type: fc.constant("offer" as const), bidder: fc.constantFrom("p1", "p2", "p3"), funding: fc.integer({ min: 1, max: 900 }), months: fc.integer({ min: 0, max: 40 }), commitments: fc.record({ eff: fc.integer({ min: 1, max: 120 }), cost: fc.double({ min: 0.5, max: 3, noNaN: true }) }), at: fc.integer({ min: 0, max: 120_000 }) }),
    fc.record({ type: fc.constant("disqualify" as const), bidder: fc.constantFrom("p1", "p2", "p3"), by: fc.constant("b"), reason: fc.constant("r"), at: fc.integer({ min: 0, max: 120_000 }) }),
    fc.record({ type: fc.constant("close" as const), at: fc.integer({ min: 0, max: 120_000 }) }),
  );
  fc.assert(
    fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
      const sorted = [...commands].sort((a, b) => a.at - b.at);
      const { state } = run(sorted);
      expect(replayChallenge(config, state.history)).toEqual(state);
      const rows = challengeLeaderboard(state);
      // Scores never increase down the ranking; nobody disqualified is ranked; funding never above the ceiling.
      for (let i = 1; i < rows.length; i += 1) expect(rows[i - 1]!.score.total).toBeGreaterThanOrEqual(rows[i]!.score.total);
      expect(rows.some((r) => state.disqualified.includes(r.bidder))).toBe(false);
      expect(state.offers.every((o) => o.funding <= config.formula.ceiling)).toBe(true);
    }),
    { numRuns: 200 },
  );
});
