import { expect, test } from "vitest";
import { computeCommission, fromHundredths, ruleSplitsSchema, toHundredths } from "./commission";

const split6040 = [
  { role: "introducer" as const, share: 0.6 },
  { role: "follower" as const, share: 0.4 },
];

test("decimal strings convert to hundredths and back, rounding half up", () => {
  expect(toHundredths("12.345")).toBe(1235n);
  expect(toHundredths("12.344")).toBe(1234n);
  expect(toHundredths("7")).toBe(700n);
  expect(fromHundredths(1235n)).toBe("12.35");
  expect(fromHundredths(5n)).toBe("0.05");
});

test("a percentage of the contract amount, split 60/40 between introducer and follower", () => {
  const result = computeCommission({ kind: "PERCENT", percent: "3.5", splits: split6040 }, "120.00", { introducerId: "a", followerId: "b" });
  expect(result.amountWan).toBe("4.20");
  expect(result.splits).toEqual([
    { userId: "a", role: "introducer", share: 0.6, amountWan: "2.52" },
    { userId: "b", role: "follower", share: 0.4, amountWan: "1.68" },
  ]);
});

test("rounding to 0.01 万元: the last split takes the remainder so the lines add up", () => {
  // 3.333 % of 10.01 万元 = 0.3336333 → 0.33; a three-way-looking split of 1/3 and 2/3
  const result = computeCommission(
    { kind: "PERCENT", percent: "3.333", splits: [{ role: "introducer", share: 1 / 3 }, { role: "follower", share: 2 / 3 }] },
    "10.01",
    { introducerId: "a", followerId: "b" },
  );
  expect(result.amountWan).toBe("0.33");
  expect(result.splits.map((line) => line.amountWan)).toEqual(["0.11", "0.22"]);
  // half up: 1 % of 0.5 万元 = 0.005 → 0.01
  expect(computeCommission({ kind: "PERCENT", percent: "1", splits: split6040 }, "0.50", { introducerId: "a", followerId: "b" }).amountWan).toBe("0.01");
  // a large contract keeps every digit
  expect(computeCommission({ kind: "PERCENT", percent: "2.125", splits: split6040 }, "987654321098.76", { introducerId: "a", followerId: "b" }).amountWan).toBe("20987654323.35");
});

test("a fixed fee ignores the amount; one broker holding both roles gets one merged line", () => {
  const result = computeCommission({ kind: "FIXED", fixedWan: "5.00", splits: split6040 }, "999.00", { introducerId: "a", followerId: "a" });
  expect(result).toEqual({ amountWan: "5.00", splits: [{ userId: "a", role: "introducer", share: 1, amountWan: "5.00" }] });
});

test("without an introducer the follower takes the introducer's share; with nobody the agency keeps it", () => {
  expect(computeCommission({ kind: "FIXED", fixedWan: "3", splits: split6040 }, "10", { introducerId: null, followerId: "b" }).splits).toEqual([
    { userId: "b", role: "introducer", share: 1, amountWan: "3.00" },
  ]);
  expect(computeCommission({ kind: "FIXED", fixedWan: "3", splits: split6040 }, "10", { introducerId: null, followerId: null }).splits).toEqual([
    { userId: null, role: "introducer", share: 0.6, amountWan: "1.80" },
    { userId: null, role: "follower", share: 0.4, amountWan: "1.20" },
  ]);
});

test("rule splits must name each role once and add up to 1", () => {
  expect(ruleSplitsSchema.safeParse(split6040).success).toBe(true);
  expect(ruleSplitsSchema.safeParse([{ role: "introducer", share: 0.6 }, { role: "follower", share: 0.3 }]).success).toBe(false);
  expect(ruleSplitsSchema.safeParse([{ role: "follower", share: 0.5 }, { role: "follower", share: 0.5 }]).success).toBe(false);
});
