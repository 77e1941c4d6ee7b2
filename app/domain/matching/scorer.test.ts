import fc from "fast-check";
import { expect, test } from "vitest";
import { type AchievementCriteria, MATURITY_ORDER, type NeedCriteria, scoreMatch, WEIGHTS } from "./scorer";

const modes = fc.subarray(["TRANSFER", "LICENSE", "EQUITY", "CO_DEVELOPMENT", "SERVICE", "OTHER"]);
const amount = fc.option(fc.double({ min: 0, max: 10_000, noNaN: true }), { nil: null });
const fields = fc.subarray(["新能源", "新材料", "现代农业", "电子信息"]);
const unit = fc.double({ min: 0, max: 1, noNaN: true });
const now = Date.UTC(2026, 0, 1);

const need: fc.Arbitrary<NeedCriteria> = fc.record({
  industryMajor: fc.option(fc.constantFrom("制造业", "农、林、牧、渔业"), { nil: null }),
  techFields: fields,
  cooperationModes: modes,
  amountMin: amount,
  amountMax: amount,
  negotiable: fc.boolean(),
  region: fc.option(fc.constantFrom("厦门市思明区", "福州市"), { nil: null }),
  wantedMaturity: fc.option(fc.constantFrom(...MATURITY_ORDER), { nil: null }),
});
const achievement: fc.Arbitrary<AchievementCriteria> = fc.record({
  industryMajor: fc.option(fc.constantFrom("制造业", "农、林、牧、渔业"), { nil: null }),
  techFields: fields,
  cooperationModes: modes,
  amountMin: amount,
  amountMax: amount,
  negotiable: fc.boolean(),
  region: fc.option(fc.constantFrom("厦门市湖里区", "泉州市"), { nil: null }),
  maturity: fc.option(fc.constantFrom(...MATURITY_ORDER), { nil: null }),
  publishedAt: fc.integer({ min: 0, max: now }),
});
const evidence = fc.record({ engine: unit, keywordCoverage: unit, vocabularyOverlap: unit });

test("the score lies in [0, 1] and is the sum of its parts", () => {
  fc.assert(
    fc.property(need, achievement, evidence, (n, a, e) => {
      const score = scoreMatch(n, a, e, now);
      expect(score.total).toBeGreaterThanOrEqual(0);
      expect(score.total).toBeLessThanOrEqual(1 + 1e-9);
      expect(Object.values(score.parts).reduce((sum, part) => sum + part, 0)).toBeCloseTo(score.total, 9);
      for (const [part, value] of Object.entries(score.parts)) expect(value).toBeLessThanOrEqual(WEIGHTS[part as keyof typeof WEIGHTS] + 1e-9);
    }),
  );
});

test("more text evidence never lowers the score", () => {
  fc.assert(
    fc.property(need, achievement, evidence, unit, (n, a, e, extra) => {
      const better = { ...e, vocabularyOverlap: Math.min(1, e.vocabularyOverlap + extra) };
      expect(scoreMatch(n, a, better, now).total).toBeGreaterThanOrEqual(scoreMatch(n, a, e, now).total - 1e-12);
    }),
  );
});

test("without any text evidence there is no match", () => {
  fc.assert(
    fc.property(need, achievement, (n, a) => {
      expect(scoreMatch(n, a, { engine: 0, keywordCoverage: 0, vocabularyOverlap: 0 }, now).total).toBe(0);
    }),
  );
});

test("a shared cooperation mode scores above a conflicting one, and the criteria say which", () => {
  fc.assert(
    fc.property(need, achievement, evidence.filter((e) => e.engine > 0), (n, a, e) => {
      const fit = scoreMatch({ ...n, cooperationModes: ["LICENSE"] }, { ...a, cooperationModes: ["LICENSE", "TRANSFER"] }, e, now);
      const conflict = scoreMatch({ ...n, cooperationModes: ["LICENSE"] }, { ...a, cooperationModes: ["EQUITY"] }, e, now);
      expect(fit.total).toBeGreaterThan(conflict.total);
      expect(fit.criteria.find((c) => c.criterion === "cooperation")?.verdict).toBe("fit");
      expect(conflict.criteria.find((c) => c.criterion === "cooperation")?.verdict).toBe("conflict");
    }),
  );
});

test("a price over budget is a conflict that lowers the score", () => {
  fc.assert(
    fc.property(need, achievement, evidence.filter((e) => e.engine > 0), (n, a, e) => {
      const within = scoreMatch({ ...n, amountMin: null, amountMax: 100 }, { ...a, amountMin: 50, amountMax: 80 }, e, now);
      const over = scoreMatch({ ...n, amountMin: null, amountMax: 100 }, { ...a, amountMin: 300, amountMax: 400 }, e, now);
      expect(within.total).toBeGreaterThan(over.total);
      expect(over.criteria.find((c) => c.criterion === "price")?.verdict).toBe("conflict");
    }),
  );
});
