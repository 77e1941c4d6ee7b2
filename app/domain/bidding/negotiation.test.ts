import { expect, test } from "vitest";
import { type AuctionCommand, type AuctionConfig, applyCommand, createAuction, replay } from "./auction-engine";

const config: AuctionConfig = { startPrice: 100, increment: 10, reservePrice: 500, opensAt: 0, closesAt: 1_000, softCloseSeconds: 0, maxExtensions: null, negotiation: { seconds: 60, topN: 3 } };

function run(commands: AuctionCommand[], cfg = config) {
  let state = createAuction(cfg);
  const outcomes = [];
  for (const command of commands) {
    const applied = applyCommand(state, command);
    state = applied.state;
    outcomes.push(applied.outcome.ok ? "ok" : applied.outcome.reason);
  }
  return { state, outcomes };
}

const bids: AuctionCommand[] = [
  { type: "bid", bidder: "a", amount: 100, at: 10 },
  { type: "bid", bidder: "b", amount: 200, at: 20 },
  { type: "bid", bidder: "c", amount: 300, at: 30 },
  { type: "bid", bidder: "d", amount: 400, at: 40 },
  { type: "close", at: 1_000 },
];

test("a reserve not met opens a timed window with the top bidders, each at their highest bid", () => {
  const { state } = run(bids);
  expect(state.result).toEqual({ outcome: "reserve_not_met", highestBidder: "d", price: 400 });
  expect(state.negotiation).toEqual({
    endsAt: 61_000,
    status: "open",
    agreed: null,
    candidates: [
      { bidder: "d", bid: 400, counter: null, response: null },
      { bidder: "c", bid: 300, counter: null, response: null },
      { bidder: "b", bid: 200, counter: null, response: null },
    ],
  });
});

test("without a negotiation setting the auction simply ends unsold", () => {
  const { state } = run(bids, { ...config, negotiation: null });
  expect(state.negotiation ?? null).toBeNull();
  expect(run([...bids, { type: "accept_bid", bidder: "d", by: "s", at: 2_000 }], { ...config, negotiation: null }).outcomes.at(-1)).toBe("no_negotiation");
});

test("the seller may accept a candidate's bid: the room is sold at that bid and the window ends", () => {
  const { state, outcomes } = run([...bids, { type: "accept_bid", bidder: "c", by: "s", at: 2_000 }, { type: "accept_bid", bidder: "d", by: "s", at: 2_001 }]);
  expect(outcomes.slice(-2)).toEqual(["ok", "no_negotiation"]);
  expect(state.result).toEqual({ outcome: "sold", winner: "c", price: 300, negotiated: true });
  expect(state.negotiation?.status).toBe("agreed");
});

test("one counter-offer per bidder, above their bid; the bidder accepts or declines once", () => {
  const { state, outcomes } = run([
    ...bids,
    { type: "counter", bidder: "a", amount: 450, by: "s", at: 2_000 },
    { type: "counter", bidder: "d", amount: 400, by: "s", at: 2_000 },
    { type: "respond", bidder: "d", accept: true, at: 2_050 },
    { type: "counter", bidder: "d", amount: 480, by: "s", at: 2_100 },
    { type: "counter", bidder: "d", amount: 470, by: "s", at: 2_200 },
    { type: "respond", bidder: "d", accept: false, at: 2_300 },
    { type: "respond", bidder: "d", accept: true, at: 2_400 },
    { type: "counter", bidder: "c", amount: 460, by: "s", at: 2_500 },
    { type: "respond", bidder: "c", accept: true, at: 2_600 },
  ]);
  expect(outcomes.slice(5)).toEqual(["not_a_candidate", "counter_not_above_bid", "no_counter", "ok", "already_countered", "ok", "no_counter", "ok", "ok"]);
  expect(state.result).toEqual({ outcome: "sold", winner: "c", price: 460, negotiated: true });
  expect(replay(config, state.history)).toEqual(state);
});

test("the window's end means no deal: later moves are refused and the expiry comes only when due", () => {
  const { state, outcomes } = run([
    ...bids,
    { type: "expire", at: 60_999 },
    { type: "counter", bidder: "d", amount: 450, by: "s", at: 61_000 },
    { type: "expire", at: 61_000 },
    { type: "accept_bid", bidder: "d", by: "s", at: 61_001 },
  ]);
  expect(outcomes.slice(5)).toEqual(["too_early", "closed", "ok", "no_negotiation"]);
  expect(state.result).toEqual({ outcome: "reserve_not_met", highestBidder: "d", price: 400 });
  expect(state.negotiation?.status).toBe("expired");
});
