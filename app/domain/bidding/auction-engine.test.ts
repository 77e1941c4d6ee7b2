import fc from "fast-check";
import { expect, test } from "vitest";
import { type AuctionCommand, type AuctionConfig, applyCommand, createAuction, minimumNextBid, onGrid, replay } from "./auction-engine";

const T0 = Date.parse("2026-12-01T02:00:00Z");

const configArb = fc.record({
  startPrice: fc.integer({ min: 0, max: 100 }).map((n) => n * 1000),
  increment: fc.constantFrom(100, 500, 1000, 5000),
  reservePrice: fc.option(fc.integer({ min: 0, max: 300 }).map((n) => n * 1000), { nil: null }),
  opensAt: fc.constant(T0),
  closesAt: fc.constantFrom(T0 + 60_000, T0 + 120_000),
  softCloseSeconds: fc.constantFrom(0, 30, 60),
  maxExtensions: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
});

const bidders = ["A", "B", "C", "D", "E"];

/** Commands at non-decreasing times; amounts expressed as steps on the grid (sometimes off it). */
function commandsArb(config: AuctionConfig) {
  const command = fc.oneof(
    { weight: 6, arbitrary: fc.record({ type: fc.constant("bid" as const), bidder: fc.constantFrom(...bidders), steps: fc.integer({ min: 0, max: 60 }), off: fc.integer({ min: 0, max: 9 }) }) },
    { weight: 4, arbitrary: fc.record({ type: fc.constant("proxy" as const), bidder: fc.constantFrom(...bidders), steps: fc.integer({ min: 0, max: 80 }), off: fc.constant(0) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("pause" as const) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("resume" as const) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("extend" as const), seconds: fc.integer({ min: 1, max: 120 }) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant("disqualify" as const), bidder: fc.constantFrom(...bidders) }) },
  );
  return fc.array(fc.tuple(command, fc.integer({ min: 0, max: 8 }).map((n) => n * 5_000)), { maxLength: 60 }).map((items) => {
    let at = T0 - 20_000;
    return items.map(([c, gap]): AuctionCommand => {
      at += gap;
      switch (c.type) {
        case "bid":
          // An "off" value of 9 puts the amount off the grid, to exercise the refusal.
          return { type: "bid", bidder: c.bidder, amount: config.startPrice + c.steps * config.increment + (c.off === 9 ? 1 : 0), at };
        case "proxy":
          return { type: "proxy", bidder: c.bidder, max: config.startPrice + c.steps * config.increment, at };
        case "pause":
          return { type: "pause", at, by: "broker", reason: "check" };
        case "resume":
          return { type: "resume", at, by: "broker" };
        case "extend":
          return { type: "extend", at, by: "broker", seconds: c.seconds };
        case "disqualify":
          return { type: "disqualify", at, by: "broker", bidder: c.bidder, reason: "rules" };
      }
    });
  });
}

const scenarioArb = configArb.chain((config) => commandsArb(config).map((commands) => ({ config, commands })));

test("no entry of the bid log is off the grid or less than one increment above the one before", () => {
  fc.assert(
    fc.property(scenarioArb, ({ config, commands }) => {
      let state = createAuction(config);
      for (const command of commands) state = applyCommand(state, command).state;
      let previous: number | null = null;
      for (const entry of state.log) {
        expect(onGrid(config, entry.amount)).toBe(true);
        if (previous === null) expect(entry.amount).toBeGreaterThanOrEqual(config.startPrice);
        else expect(entry.amount).toBeGreaterThanOrEqual(previous + config.increment);
        previous = entry.amount;
      }
      expect(state.price).toBe(state.log.at(-1)?.amount ?? null);
    }),
    { numRuns: 300 },
  );
});

test("every accepted bid is at least the minimum next bid, and refused commands change nothing", () => {
  fc.assert(
    fc.property(scenarioArb, ({ config, commands }) => {
      let state = createAuction(config);
      for (const command of commands) {
        const before = state;
        const { state: after, outcome } = applyCommand(state, command);
        if (!outcome.ok) {
          expect(after).toBe(before);
        } else if ((command.type === "bid" || command.type === "proxy") && before.leader !== command.bidder) {
          const amount = command.type === "bid" ? command.amount : command.max;
          expect(amount).toBeGreaterThanOrEqual(minimumNextBid(before));
        }
        state = after;
      }
    }),
    { numRuns: 300 },
  );
});

test("soft close restarts the countdown exactly when a bid lands inside the window, up to the cap", () => {
  fc.assert(
    fc.property(scenarioArb, ({ config, commands }) => {
      let state = createAuction(config);
      for (const command of commands) {
        const before = state;
        const { state: after, outcome } = applyCommand(state, command);
        state = after;
        if (!outcome.ok || (command.type !== "bid" && command.type !== "proxy") || outcome.entries.length === 0) continue;
        const window = config.softCloseSeconds * 1000;
        const capped = config.maxExtensions !== null && before.extensions >= config.maxExtensions;
        if (window > 0 && before.closesAt - command.at <= window && !capped) {
          expect(after.closesAt).toBe(command.at + window);
          expect(after.extensions).toBe(before.extensions + 1);
        } else {
          expect(after.closesAt).toBe(before.closesAt);
          expect(after.extensions).toBe(before.extensions);
        }
      }
    }),
    { numRuns: 300 },
  );
});

test("proxy bidding ends at the second-highest maximum plus one increment, capped at the highest; ties go to the earlier", () => {
  fc.assert(
    fc.property(
      configArb,
      fc.uniqueArray(fc.record({ bidder: fc.string({ minLength: 1, maxLength: 4 }), steps: fc.integer({ min: 0, max: 200 }) }), { selector: (p) => p.bidder, minLength: 1, maxLength: 8 }),
      (config, proxies) => {
        let state = createAuction({ ...config, softCloseSeconds: 0 });
        const accepted: { bidder: string; max: number; index: number }[] = [];
        proxies.forEach((p, index) => {
          const max = config.startPrice + p.steps * config.increment;
          const result = applyCommand(state, { type: "proxy", bidder: p.bidder, max, at: T0 + index });
          state = result.state;
          if (result.outcome.ok) accepted.push({ bidder: p.bidder, max, index });
        });
        const ranked = [...accepted].sort((a, b) => b.max - a.max || a.index - b.index);
        const [first, second] = ranked;
        expect(state.leader).toBe(first?.bidder);
        expect(state.price).toBe(second ? Math.min(first?.max ?? 0, second.max + config.increment) : config.startPrice);
      },
    ),
    { numRuns: 400 },
  );
});

test("replaying the accepted commands reproduces the final state", () => {
  fc.assert(
    fc.property(scenarioArb, ({ config, commands }) => {
      let state = createAuction(config);
      for (const command of commands) state = applyCommand(state, command).state;
      const closed = applyCommand(state, { type: "close", at: Math.max(state.closesAt, T0 + 10 ** 7) }).state;
      expect(replay(config, closed.history)).toEqual(closed);
    }),
    { numRuns: 300 },
  );
});

test("a disqualified bidder's bids are struck out and the room is recomputed without them", () => {
  const config: AuctionConfig = { startPrice: 10_000, increment: 1_000, reservePrice: null, opensAt: T0, closesAt: T0 + 60_000, softCloseSeconds: 0, maxExtensions: null };
  let state = createAuction(config);
  for (const command of [
    { type: "bid", bidder: "A", amount: 10_000, at: T0 + 1 },
    { type: "bid", bidder: "B", amount: 15_000, at: T0 + 2 },
    { type: "bid", bidder: "A", amount: 16_000, at: T0 + 3 },
  ] satisfies AuctionCommand[]) state = applyCommand(state, command).state;
  expect(state.leader).toBe("A");
  state = applyCommand(state, { type: "disqualify", bidder: "A", at: T0 + 4, by: "broker", reason: "虚假报价" }).state;
  expect(state.leader).toBe("B");
  expect(state.price).toBe(15_000);
  expect(applyCommand(state, { type: "bid", bidder: "A", amount: 20_000, at: T0 + 5 }).outcome).toEqual({ ok: false, reason: "disqualified" });
});

test("examples: grid, minimum, leader, pause and the result against the reserve", () => {
  const config: AuctionConfig = { startPrice: 100_000, increment: 5_000, reservePrice: 150_000, opensAt: T0, closesAt: T0 + 60_000, softCloseSeconds: 30, maxExtensions: 2 };
  let state = createAuction(config);
  expect(applyCommand(state, { type: "bid", bidder: "A", amount: 100_000, at: T0 - 1 }).outcome).toEqual({ ok: false, reason: "not_open" });
  expect(applyCommand(state, { type: "bid", bidder: "A", amount: 102_000, at: T0 + 1 }).outcome).toEqual({ ok: false, reason: "not_on_grid" });
  state = applyCommand(state, { type: "bid", bidder: "A", amount: 100_000, at: T0 + 1 }).state;
  expect(applyCommand(state, { type: "bid", bidder: "A", amount: 105_000, at: T0 + 2 }).outcome).toEqual({ ok: false, reason: "already_leading" });
  expect(applyCommand(state, { type: "bid", bidder: "B", amount: 100_000, at: T0 + 2 }).outcome).toEqual({ ok: false, reason: "below_minimum" });
  const proxy = applyCommand(state, { type: "proxy", bidder: "B", max: 140_000, at: T0 + 3 });
  expect(proxy.outcome).toMatchObject({ ok: true, status: "leading" });
  expect(proxy.state.price).toBe(105_000);
  state = applyCommand(proxy.state, { type: "bid", bidder: "A", amount: 120_000, at: T0 + 4 }).state;
  expect(state.leader).toBe("B");
  expect(state.price).toBe(125_000);
  state = applyCommand(state, { type: "pause", at: T0 + 10_000, by: "broker", reason: "核实" }).state;
  expect(applyCommand(state, { type: "bid", bidder: "A", amount: 130_000, at: T0 + 11_000 }).outcome).toEqual({ ok: false, reason: "paused" });
  state = applyCommand(state, { type: "resume", at: T0 + 20_000, by: "broker" }).state;
  expect(state.closesAt).toBe(T0 + 70_000);
  state = applyCommand(state, { type: "close", at: T0 + 70_000 }).state;
  expect(state.result).toEqual({ outcome: "reserve_not_met", highestBidder: "B", price: 125_000 });
});

test("applying a command never changes the state it was given, accepted or refused", () => {
  fc.assert(
    fc.property(scenarioArb, ({ config, commands }) => {
      let state = createAuction({ ...config, negotiation: { seconds: 600, topN: 3 } });
      const closeAt = Math.max(config.closesAt, ...commands.map((c) => c.at)) + 600_000;
      const after: AuctionCommand[] = [
        { type: "close", at: closeAt },
        { type: "counter", at: closeAt + 1, by: "seller", bidder: "A", amount: 10_000_000 },
        { type: "respond", at: closeAt + 2, bidder: "A", accept: false },
        { type: "accept_bid", at: closeAt + 3, by: "seller", bidder: "B" },
      ];
      for (const command of [...commands, ...after]) {
        const snapshot = structuredClone(state);
        const next = applyCommand(state, command).state;
        expect(state).toEqual(snapshot);
        state = next;
      }
    }),
    { numRuns: 300 },
  );
});
