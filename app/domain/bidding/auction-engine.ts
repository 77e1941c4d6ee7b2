/**
 * The auction (竞价) rule engine: pure, deterministic, no I/O. The state of a room is a fold of its
 * accepted commands in sequence order, so replaying the command log always reproduces it.
 *
 * Money is in whole yuan (元). Valid amounts lie on the grid startPrice + k × increment.
 *
 * Proxy bidding: each bidder has a maximum (a proxy bid, or their latest manual bid). The leader holds
 * the highest maximum (ties go to the earlier bidder) at the second-highest maximum plus one
 * increment, capped at their own maximum; a manual bid sets the price to its amount. Every entry
 * written to the bid log respects the increment: it is at least the previous price plus one increment.
 *
 * 限时报价 soft close: a bid accepted less than `softCloseSeconds` before the close restarts a countdown
 * of that length (at most `maxExtensions` times when set).
 */
import { applyClockCommand, statusAt } from "./room-clock";

export type AuctionConfig = {
  startPrice: number;
  increment: number;
  /** hidden from bidders; below it the auction ends in a negotiation window instead of a sale */
  reservePrice: number | null;
  opensAt: number;
  closesAt: number;
  softCloseSeconds: number;
  maxExtensions: number | null;
  /**
   * When the reserve is not met: a window of `seconds` in which the seller negotiates with the
   * `topN` highest bidders. Absent or null: the auction simply ends unsold.
   */
  negotiation?: { seconds: number; topN: number } | null;
};

export type AuctionCommand =
  | { type: "bid"; bidder: string; amount: number; at: number }
  | { type: "proxy"; bidder: string; max: number; at: number }
  | { type: "pause"; at: number; by: string; reason: string }
  | { type: "resume"; at: number; by: string }
  | { type: "extend"; at: number; by: string; seconds: number }
  | { type: "disqualify"; at: number; by: string; bidder: string; reason: string }
  | { type: "close"; at: number }
  // ── the negotiation window after a reserve not met ──
  /** the seller accepts a candidate's highest bid */
  | { type: "accept_bid"; at: number; by: string; bidder: string }
  /** the seller makes one counter-offer to a candidate */
  | { type: "counter"; at: number; by: string; bidder: string; amount: number }
  /** a candidate answers the seller's counter-offer */
  | { type: "respond"; at: number; bidder: string; accept: boolean }
  /** the window ends without a deal (system) */
  | { type: "expire"; at: number };

/** A bidder invited to negotiate: their highest bid, the seller's counter-offer and their answer. */
export type NegotiationCandidate = { bidder: string; bid: number; counter: number | null; response: "accepted" | "declined" | null };

export type Negotiation = {
  endsAt: number;
  status: "open" | "agreed" | "expired";
  candidates: NegotiationCandidate[];
  agreed: { bidder: string; price: number } | null;
};

/** One line of the public bid log. */
export type LogEntry = { bidder: string; amount: number; kind: "manual" | "proxy"; at: number };

export type AuctionStatus = "scheduled" | "open" | "paused" | "closed";

export type AuctionState = {
  config: AuctionConfig;
  status: AuctionStatus;
  closesAt: number;
  /** ms left on the clock while paused */
  pausedRemaining: number | null;
  extensions: number;
  price: number | null;
  leader: string | null;
  /** each bidder's maximum and the order in which it was first reached (for ties) */
  maxima: Record<string, { max: number; order: number }>;
  disqualified: string[];
  log: LogEntry[];
  /** commands that changed the state, in order: replaying them reproduces this state */
  history: AuctionCommand[];
  order: number;
  result: AuctionResult | null;
  /** set at the close when the reserve was not met and the room allows a negotiation */
  negotiation?: Negotiation | null;
};

export type AuctionResult =
  | { outcome: "sold"; winner: string; price: number; negotiated?: boolean }
  | { outcome: "reserve_not_met"; highestBidder: string; price: number }
  | { outcome: "no_bids" };

export type Rejection =
  | "not_open"
  | "closed"
  | "paused"
  | "not_on_grid"
  | "below_minimum"
  | "already_leading"
  | "not_above_own_maximum"
  | "disqualified"
  | "invalid_amount"
  | "not_paused"
  | "too_early"
  | "no_negotiation"
  | "not_a_candidate"
  | "already_countered"
  | "no_counter"
  | "counter_not_above_bid";

export type Outcome =
  | { ok: true; status: "leading" | "outbid" | "applied"; entries: LogEntry[] }
  | { ok: false; reason: Rejection };

export function createAuction(config: AuctionConfig): AuctionState {
  if (!(config.increment > 0) || !Number.isInteger(config.increment)) throw new Error("increment must be a positive whole number");
  if (!(config.startPrice >= 0) || !Number.isInteger(config.startPrice)) throw new Error("start price must be a whole number ≥ 0");
  if (config.closesAt <= config.opensAt) throw new Error("the auction must close after it opens");
  if (config.negotiation && !(Number.isInteger(config.negotiation.topN) && config.negotiation.topN >= 1 && config.negotiation.seconds > 0)) {
    throw new Error("a negotiation needs at least one bidder and a positive window");
  }
  return {
    config,
    status: "scheduled",
    closesAt: config.closesAt,
    pausedRemaining: null,
    extensions: 0,
    price: null,
    leader: null,
    maxima: {},
    disqualified: [],
    log: [],
    history: [],
    order: 0,
    result: null,
  };
}

/** The least amount the next bid may have, for a bidder who is not leading. */
export function minimumNextBid(state: AuctionState): number {
  return state.price === null ? state.config.startPrice : state.price + state.config.increment;
}

export function onGrid(config: AuctionConfig, amount: number): boolean {
  return Number.isInteger(amount) && amount >= config.startPrice && (amount - config.startPrice) % config.increment === 0;
}


/** Applies one command; returns the new state (the input is not changed) and the outcome. */
export function applyCommand(state: AuctionState, command: AuctionCommand): { state: AuctionState; outcome: Outcome } {
  const next = copyState(state);
  const outcome = mutate(next, command);
  if (!outcome.ok) return { state, outcome };
  next.history.push(command);
  return { state: next, outcome };
}

/**
 * A copy the rules may change without touching `state`: every container they write to is copied, while
 * entries they only replace (log lines, maxima, the result) are shared. A deep copy of a long log on
 * every command would cost more than the rest of the command.
 */
function copyState(state: AuctionState): AuctionState {
  return {
    ...state,
    maxima: { ...state.maxima },
    disqualified: [...state.disqualified],
    log: [...state.log],
    history: [...state.history],
    ...(state.negotiation ? { negotiation: { ...state.negotiation, candidates: state.negotiation.candidates.map((candidate) => ({ ...candidate })) } } : {}),
  };
}

function mutate(s: AuctionState, command: AuctionCommand): Outcome {
  switch (command.type) {
    case "bid":
      return raise(s, command.bidder, command.amount, "manual", command.at);
    case "proxy":
      return raise(s, command.bidder, command.max, "proxy", command.at);
    case "pause":
    case "resume":
    case "extend":
      return applyClockCommand(s, command);
    case "disqualify": {
      if (s.status === "closed") return { ok: false, reason: "closed" };
      // The bidder's commands are struck out and the room is replayed without them.
      const disqualified = [...s.disqualified, command.bidder];
      const replayed = replay(
        s.config,
        s.history.filter((c) => !("bidder" in c && (c.type === "bid" || c.type === "proxy") && disqualified.includes(c.bidder))),
      );
      Object.assign(s, replayed, { disqualified });
      return { ok: true, status: "applied", entries: [] };
    }
    case "close": {
      if (s.status === "closed") return { ok: false, reason: "closed" };
      if (s.status === "paused" || command.at < s.closesAt) return { ok: false, reason: "too_early" };
      s.status = "closed";
      s.result =
        s.leader === null || s.price === null
          ? { outcome: "no_bids" }
          : s.config.reservePrice !== null && s.price < s.config.reservePrice
            ? { outcome: "reserve_not_met", highestBidder: s.leader, price: s.price }
            : { outcome: "sold", winner: s.leader, price: s.price };
      if (s.result.outcome === "reserve_not_met" && s.config.negotiation) {
        s.negotiation = { endsAt: command.at + s.config.negotiation.seconds * 1000, status: "open", candidates: topBidders(s, s.config.negotiation.topN), agreed: null };
      }
      return { ok: true, status: "applied", entries: [] };
    }
    case "accept_bid":
    case "counter":
    case "respond":
    case "expire":
      return negotiate(s, command);
  }
}

/** The `n` bidders with the highest bids in the log (each at their highest amount), highest first. */
export function topBidders(s: AuctionState, n: number): NegotiationCandidate[] {
  const best = new Map<string, number>();
  for (const entry of s.log) best.set(entry.bidder, Math.max(best.get(entry.bidder) ?? 0, entry.amount));
  return [...best.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([bidder, bid]) => ({ bidder, bid, counter: null, response: null }));
}

function negotiate(s: AuctionState, command: Extract<AuctionCommand, { type: "accept_bid" | "counter" | "respond" | "expire" }>): Outcome {
  const n = s.negotiation;
  if (!n || n.status !== "open") return { ok: false, reason: "no_negotiation" };
  if (command.type === "expire") {
    if (command.at < n.endsAt) return { ok: false, reason: "too_early" };
    n.status = "expired";
    return { ok: true, status: "applied", entries: [] };
  }
  if (command.at >= n.endsAt) return { ok: false, reason: "closed" };
  const candidate = n.candidates.find((c) => c.bidder === command.bidder);
  if (!candidate) return { ok: false, reason: "not_a_candidate" };
  const agree = (price: number) => {
    n.status = "agreed";
    n.agreed = { bidder: candidate.bidder, price };
    s.result = { outcome: "sold", winner: candidate.bidder, price, negotiated: true };
  };
  switch (command.type) {
    case "accept_bid":
      agree(candidate.bid);
      return { ok: true, status: "applied", entries: [] };
    case "counter":
      if (candidate.counter !== null) return { ok: false, reason: "already_countered" };
      if (!Number.isInteger(command.amount)) return { ok: false, reason: "invalid_amount" };
      if (command.amount <= candidate.bid) return { ok: false, reason: "counter_not_above_bid" };
      candidate.counter = command.amount;
      return { ok: true, status: "applied", entries: [] };
    case "respond":
      if (candidate.counter === null || candidate.response !== null) return { ok: false, reason: "no_counter" };
      candidate.response = command.accept ? "accepted" : "declined";
      if (command.accept) agree(candidate.counter);
      return { ok: true, status: "applied", entries: [] };
  }
}

function raise(s: AuctionState, bidder: string, amount: number, kind: "manual" | "proxy", at: number): Outcome {
  const status = statusAt(s, at);
  if (status === "scheduled") return { ok: false, reason: "not_open" };
  if (status === "paused") return { ok: false, reason: "paused" };
  if (status === "closed" || at >= s.closesAt) return { ok: false, reason: "closed" };
  if (s.disqualified.includes(bidder)) return { ok: false, reason: "disqualified" };
  if (!Number.isFinite(amount)) return { ok: false, reason: "invalid_amount" };
  if (!onGrid(s.config, amount)) return { ok: false, reason: "not_on_grid" };
  s.status = "open";

  const { increment } = s.config;
  const entries: LogEntry[] = [];
  const write = (entry: LogEntry) => {
    entries.push(entry);
    s.log.push(entry);
    s.price = entry.amount;
  };
  const setMax = (who: string, max: number) => {
    s.order += 1;
    s.maxima[who] = { max, order: s.order };
  };

  if (s.leader === bidder) {
    // The leader may only raise their proxy maximum; bidding against oneself is refused.
    if (kind === "manual") return { ok: false, reason: "already_leading" };
    const current = s.maxima[bidder]?.max ?? s.price ?? 0;
    if (amount <= current) return { ok: false, reason: "not_above_own_maximum" };
    setMax(bidder, amount);
    return { ok: true, status: "leading", entries };
  }
  if (amount < minimumNextBid(s)) return { ok: false, reason: "below_minimum" };

  const leader = s.leader;
  if (leader === null) {
    setMax(bidder, amount);
    s.leader = bidder;
    write({ bidder, amount: kind === "manual" ? amount : s.config.startPrice, kind, at });
    extendIfLate(s, at);
    return { ok: true, status: "leading", entries };
  }

  const leaderMax = s.maxima[leader]?.max ?? s.price ?? 0;
  if (amount > leaderMax) {
    if (s.price !== null && leaderMax > s.price) write({ bidder: leader, amount: leaderMax, kind: "proxy", at });
    setMax(bidder, amount);
    s.leader = bidder;
    write({ bidder, amount: kind === "manual" ? amount : Math.min(amount, leaderMax + increment), kind, at });
  } else if (amount === leaderMax) {
    // A tie goes to the earlier maximum: the leader's proxy answers at the same amount.
    setMax(bidder, amount);
    write({ bidder: leader, amount, kind: "proxy", at });
  } else {
    setMax(bidder, amount);
    write({ bidder, amount, kind, at });
    write({ bidder: leader, amount: Math.min(leaderMax, amount + increment), kind: "proxy", at });
  }
  extendIfLate(s, at);
  return { ok: true, status: s.leader === bidder ? "leading" : "outbid", entries };
}

function extendIfLate(s: AuctionState, at: number) {
  const window = s.config.softCloseSeconds * 1000;
  if (window <= 0 || s.closesAt - at > window) return;
  if (s.config.maxExtensions !== null && s.extensions >= s.config.maxExtensions) return;
  s.closesAt = at + window;
  s.extensions += 1;
}

/** Rebuilds a room's state from its configuration and accepted commands. */
export function replay(config: AuctionConfig, commands: readonly AuctionCommand[]): AuctionState {
  let state = createAuction(config);
  for (const command of commands) state = applyCommand(state, command).state;
  return state;
}
