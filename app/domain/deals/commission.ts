import { z } from "zod";

/**
 * Commission arithmetic, pure. Amounts are 万元 with two decimals; all sums are done in integer hundredths
 * (BigInt, so a 12-digit contract amount times a 3-decimal percentage cannot lose precision), rounded half up.
 * The last split takes the remainder, so the splits always add up to the commission exactly.
 */

export const SPLIT_ROLES = ["introducer", "follower"] as const;
export type SplitRole = (typeof SPLIT_ROLES)[number];

export const ruleSplitsSchema = z
  .array(z.object({ role: z.enum(SPLIT_ROLES), share: z.number().min(0).max(1) }))
  .min(1)
  .refine((splits) => Math.abs(splits.reduce((sum, split) => sum + split.share, 0) - 1) < 1e-9, { message: "deal.rule.splitsSum" })
  .refine((splits) => new Set(splits.map((split) => split.role)).size === splits.length, { message: "deal.rule.splitsSum" });
export type RuleSplit = z.infer<typeof ruleSplitsSchema>[number];

export type CommissionRuleInput =
  | { kind: "PERCENT"; percent: string; splits: readonly RuleSplit[] }
  | { kind: "FIXED"; fixedWan: string; splits: readonly RuleSplit[] };

export type SplitLine = { userId: string | null; role: SplitRole; share: number; amountWan: string };
export type CommissionResult = { amountWan: string; splits: SplitLine[] };

/** "12.345" → 1235n hundredths (half up); accepts up to any number of decimals. */
export function toHundredths(decimal: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new Error(`not a decimal: ${decimal}`);
  const [, sign = "", whole = "0", fraction = ""] = match;
  const scaled = BigInt(whole + (fraction + "00").slice(0, 2));
  const roundUp = (fraction[2] ?? "0") >= "5" ? 1n : 0n;
  const value = scaled + roundUp;
  return sign === "-" ? -value : value;
}

export function fromHundredths(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

/** Divides with rounding half up (non-negative numerator and positive divisor). */
function divideRounded(numerator: bigint, divisor: bigint): bigint {
  return (numerator * 2n + divisor) / (divisor * 2n);
}

/** The commission in hundredths of 万元: a percentage (3 decimals) of the contract amount, or a fixed fee. */
export function commissionHundredths(rule: CommissionRuleInput, contractAmountWan: string): bigint {
  if (rule.kind === "FIXED") return toHundredths(rule.fixedWan);
  const amount = toHundredths(contractAmountWan);
  const percentThousandths = toThousandths(rule.percent);
  // amount (1/100 万元) × percent (1/1000 %) / 100 % → 1/100 万元 needs dividing by 100 000.
  return divideRounded(amount * percentThousandths, 100_000n);
}

function toThousandths(decimal: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new Error(`not a percentage: ${decimal}`);
  const [, whole = "0", fraction = ""] = match;
  return BigInt(whole + (fraction + "000").slice(0, 3));
}

/**
 * Splits the commission among the agency's brokers by role. A role nobody holds on this deal (no introducer
 * recorded, or the introducer is not one of the agency's brokers) passes its share to the follower; when the
 * same broker holds both roles the lines are merged.
 */
export function computeCommission(rule: CommissionRuleInput, contractAmountWan: string, people: { introducerId: string | null; followerId: string | null }): CommissionResult {
  const total = commissionHundredths(rule, contractAmountWan);
  const holder = (role: SplitRole) => (role === "introducer" ? (people.introducerId ?? people.followerId) : (people.followerId ?? people.introducerId));
  const merged = new Map<string, { userId: string | null; role: SplitRole; share: number }>();
  for (const split of rule.splits) {
    if (split.share === 0) continue;
    const userId = holder(split.role);
    const key = userId ?? `agency:${split.role}`;
    const existing = merged.get(key);
    if (existing) existing.share += split.share;
    else merged.set(key, { userId, role: split.role, share: split.share });
  }
  const lines = [...merged.values()].map((line) => ({ ...line, share: Math.round(line.share * 1_000_000) / 1_000_000 }));
  let allocated = 0n;
  const splits = lines.map((line, index) => {
    // Shares are fractions with at most 6 decimals in practice; millionths keep the arithmetic integral.
    const amount = index === lines.length - 1 ? total - allocated : divideRounded(total * BigInt(Math.round(line.share * 1_000_000)), 1_000_000n);
    allocated += amount;
    return { userId: line.userId, role: line.role, share: line.share, amountWan: fromHundredths(amount) };
  });
  return { amountWan: fromHundredths(total), splits };
}
