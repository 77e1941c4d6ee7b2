import { z } from "zod";

/** Amounts are whole yuan; the engine checks the grid, this only keeps out nonsense. */
const amount = z.number().int().min(0).max(1_000_000_000_000);
const text = z.string().trim().min(1).max(500);

/** What a client may send to a room (socket payload or API body). */
export const clientCommandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("bid"), amount }),
  z.object({ type: z.literal("proxy"), max: amount }),
  z.object({ type: z.literal("pause"), reason: text }),
  z.object({ type: z.literal("resume") }),
  z.object({ type: z.literal("extend"), seconds: z.number().int().min(1).max(86_400) }),
  z.object({ type: z.literal("disqualify"), bidder: z.string().min(1).max(64), reason: text }),
  // a challenge room's offer: requested funding (万元), delivery months, a commitment per indicator
  z.object({
    type: z.literal("offer"),
    funding: z.number().min(0).max(1_000_000_000),
    months: z.number().int().min(0).max(1_200),
    commitments: z.record(z.string().min(1).max(64), z.number().min(0).max(1e12)).refine((r) => Object.keys(r).length <= 50),
  }),
  // the negotiation window after a reserve not met: the seller accepts or counters, a candidate responds
  z.object({ type: z.literal("accept_bid"), bidder: z.string().min(1).max(64) }),
  z.object({ type: z.literal("counter"), bidder: z.string().min(1).max(64), amount }),
  z.object({ type: z.literal("respond"), accept: z.boolean() }),
]);

/** What a client may ask for; the server adds the time and the bidder. */
export type ClientCommand = z.infer<typeof clientCommandSchema>;

export const roomCommandMessageSchema = z.object({
  roomId: z.string().min(1).max(64),
  idempotencyKey: z.string().min(8).max(100),
  command: clientCommandSchema,
});

export const roomJoinMessageSchema = z.object({
  roomId: z.string().min(1).max(64),
  lastSeq: z.number().int().min(0).default(0),
});

const at = z.number();
/** A command as stored in a room event (server-made, validated again on the way back in). */
export const storedCommandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("bid"), bidder: z.string(), amount: z.number(), at }),
  z.object({ type: z.literal("proxy"), bidder: z.string(), max: z.number(), at }),
  z.object({ type: z.literal("pause"), at, by: z.string(), reason: z.string() }),
  z.object({ type: z.literal("resume"), at, by: z.string() }),
  z.object({ type: z.literal("extend"), at, by: z.string(), seconds: z.number() }),
  z.object({ type: z.literal("disqualify"), at, by: z.string(), bidder: z.string(), reason: z.string() }),
  z.object({ type: z.literal("close"), at }),
  z.object({ type: z.literal("offer"), bidder: z.string(), funding: z.number(), months: z.number(), commitments: z.record(z.string(), z.number()), at }),
  z.object({ type: z.literal("accept_bid"), at, by: z.string(), bidder: z.string() }),
  z.object({ type: z.literal("counter"), at, by: z.string(), bidder: z.string(), amount: z.number() }),
  z.object({ type: z.literal("respond"), at, bidder: z.string(), accept: z.boolean() }),
  z.object({ type: z.literal("expire"), at }),
]);

const logEntrySchema = z.object({ bidder: z.string(), amount: z.number(), kind: z.enum(["manual", "proxy"]), at: z.number() });

export const storedOutcomeSchema = z.union([
  z.object({ ok: z.literal(true), status: z.enum(["leading", "outbid", "applied"]), entries: z.array(logEntrySchema) }),
  z.object({
    ok: z.literal(false),
    reason: z.enum(["not_open", "closed", "paused", "not_on_grid", "below_minimum", "already_leading", "not_above_own_maximum", "disqualified", "invalid_amount", "not_paused", "too_early",
      "no_negotiation", "not_a_candidate", "already_countered", "no_counter", "counter_not_above_bid", "wrong_room_kind",
      "over_ceiling", "funding_not_positive", "months_out_of_range", "missing_commitment", "invalid_commitment"]),
  }),
]);

export const auctionConfigSchema = z.object({
  startPrice: z.number(),
  increment: z.number(),
  reservePrice: z.number().nullable(),
  opensAt: z.number(),
  closesAt: z.number(),
  softCloseSeconds: z.number(),
  maxExtensions: z.number().nullable(),
  negotiation: z.object({ seconds: z.number(), topN: z.number() }).nullable().optional(),
});

export const challengeFormulaSchema = z.object({
  ceiling: z.number().positive(),
  maxMonths: z.number().int().min(1).max(1_200),
  fundingWeight: z.number().min(0).max(1_000),
  timeWeight: z.number().min(0).max(1_000),
  indicators: z
    .array(
      z.object({
        key: z.string().trim().min(1).max(64),
        name: z.string().trim().min(1).max(200),
        unit: z.string().trim().max(40),
        target: z.number().positive(),
        better: z.enum(["higher", "lower"]),
        weight: z.number().min(0).max(1_000),
      }),
    )
    .max(20),
});

export const challengeRoomConfigSchema = z.object({ kind: z.literal("challenge"), formula: challengeFormulaSchema, opensAt: z.number(), closesAt: z.number() });
