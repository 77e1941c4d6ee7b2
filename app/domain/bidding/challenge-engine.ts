/**
 * The challenge room (竞标) rule engine: pure, deterministic, no I/O. Like the auction engine, the
 * state of a room is a fold of its accepted commands, so replaying the log reproduces it.
 *
 * Qualified applicants offer requested funding (万元, at most the ceiling), delivery months and a
 * commitment per indicator. The published formula (challenge-scoring.ts) scores each bidder's latest
 * offer; the leaderboard is public under anonymous labels in order of first offer (揭榜方 A, B, …).
 * A disqualified bidder's offers are struck out; the labels of the others do not change.
 */
import { applyClockCommand, statusAt } from "./room-clock";
import type { Outcome } from "./auction-engine";
import { type ChallengeBid, type ChallengeFormula, type ChallengeRejection, leaderboard, type ScoreBreakdown, validateChallengeBid } from "./challenge-scoring";

export type ChallengeRoomConfig = { kind: "challenge"; formula: ChallengeFormula; opensAt: number; closesAt: number };

export type ChallengeCommand =
  | { type: "offer"; bidder: string; funding: number; months: number; commitments: Record<string, number>; at: number }
  | { type: "pause"; at: number; by: string; reason: string }
  | { type: "resume"; at: number; by: string }
  | { type: "extend"; at: number; by: string; seconds: number }
  | { type: "disqualify"; at: number; by: string; bidder: string; reason: string }
  | { type: "close"; at: number };

export type ChallengeStatus = "scheduled" | "open" | "paused" | "closed";

export type RankedOffer = { bidder: string; label: string; rank: number; score: ScoreBreakdown; bid: ChallengeBid };

export type ChallengeResult = { outcome: "ranked"; ranking: { bidder: string; label: string; score: number }[] } | { outcome: "no_offers" };

export type ChallengeState = {
  kind: "challenge";
  config: ChallengeRoomConfig;
  status: ChallengeStatus;
  closesAt: number;
  pausedRemaining: number | null;
  /** every accepted offer in order, including those of bidders disqualified later */
  offers: ChallengeBid[];
  disqualified: string[];
  history: ChallengeCommand[];
  result: ChallengeResult | null;
};

export type ChallengeOutcome = Outcome | { ok: false; reason: ChallengeRejection };

export function createChallengeRoom(config: ChallengeRoomConfig): ChallengeState {
  const { formula } = config;
  if (!(config.closesAt > config.opensAt)) throw new Error("the room must close after it opens");
  if (!(formula.ceiling > 0)) throw new Error("the ceiling must be positive");
  if (!Number.isInteger(formula.maxMonths) || formula.maxMonths < 1) throw new Error("maxMonths must be a positive whole number");
  const weights = [formula.fundingWeight, formula.timeWeight, ...formula.indicators.map((i) => i.weight)];
  if (weights.some((w) => !(w >= 0)) || !(weights.reduce((a, b) => a + b, 0) > 0)) throw new Error("weights must be non-negative and not all zero");
  if (new Set(formula.indicators.map((i) => i.key)).size !== formula.indicators.length) throw new Error("indicator keys must be unique");
  if (formula.indicators.some((i) => !(i.target > 0))) throw new Error("indicator targets must be positive");
  return { kind: "challenge", config, status: "scheduled", closesAt: config.closesAt, pausedRemaining: null, offers: [], disqualified: [], history: [], result: null };
}


/** The ranked leaderboard: each bidder's latest offer, best score first, earlier offer first on ties. */
export function challengeLeaderboard(state: ChallengeState): RankedOffer[] {
  return leaderboard(state.config.formula, state.offers)
    .filter((row) => !state.disqualified.includes(row.bidder))
    .map((row, index) => ({ ...row, rank: index + 1 }));
}

export function applyChallengeCommand(state: ChallengeState, command: ChallengeCommand): { state: ChallengeState; outcome: ChallengeOutcome } {
  const next = structuredClone(state);
  const outcome = mutate(next, command);
  if (!outcome.ok) return { state, outcome };
  next.history.push(command);
  return { state: next, outcome };
}

function mutate(s: ChallengeState, command: ChallengeCommand): ChallengeOutcome {
  switch (command.type) {
    case "offer": {
      const status = statusAt(s, command.at);
      if (status === "scheduled") return { ok: false, reason: "not_open" };
      if (status === "paused") return { ok: false, reason: "paused" };
      if (status === "closed" || command.at >= s.closesAt) return { ok: false, reason: "closed" };
      if (s.disqualified.includes(command.bidder)) return { ok: false, reason: "disqualified" };
      const bid: ChallengeBid = { bidder: command.bidder, funding: command.funding, months: command.months, commitments: command.commitments, at: command.at };
      const rejection = validateChallengeBid(s.config.formula, bid);
      if (rejection) return { ok: false, reason: rejection };
      s.status = "open";
      s.offers.push(bid);
      const rank = challengeLeaderboard(s).find((row) => row.bidder === command.bidder)?.rank;
      return { ok: true, status: rank === 1 ? "leading" : "outbid", entries: [] };
    }
    case "pause":
    case "resume":
    case "extend":
      return applyClockCommand(s, command);
    case "disqualify": {
      if (s.status === "closed") return { ok: false, reason: "closed" };
      if (!s.disqualified.includes(command.bidder)) s.disqualified.push(command.bidder);
      return { ok: true, status: "applied", entries: [] };
    }
    case "close": {
      if (s.status === "closed") return { ok: false, reason: "closed" };
      if (s.status === "paused" || command.at < s.closesAt) return { ok: false, reason: "too_early" };
      s.status = "closed";
      const ranking = challengeLeaderboard(s).map((row) => ({ bidder: row.bidder, label: row.label, score: row.score.total }));
      s.result = ranking.length > 0 ? { outcome: "ranked", ranking } : { outcome: "no_offers" };
      return { ok: true, status: "applied", entries: [] };
    }
  }
}

export function replayChallenge(config: ChallengeRoomConfig, commands: readonly ChallengeCommand[]): ChallengeState {
  let state = createChallengeRoom(config);
  for (const command of commands) state = applyChallengeCommand(state, command).state;
  return state;
}
