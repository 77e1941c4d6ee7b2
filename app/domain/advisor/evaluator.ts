/**
 * The policy-incentive advisor's rule engine: pure, no I/O. Measures are data (PolicyMeasure rows); a subject
 * (a deal or an organization) brings facts read from its record plus facts the user supplies. The result lists
 * every measure that may apply, the amount its parameters give for those facts, and applies 就高从优不重复:
 * among applicable measures of one group only the highest is granted, the others are shown as not cumulated.
 */
import { z } from "zod";

export const measureKinds = ["PERCENT_CAPPED", "FIXED", "UP_TO", "SHARE", "REFERRAL"] as const;
export type MeasureKind = (typeof measureKinds)[number];

/** Facts a subject may carry. Booleans are conditions; numbers (万元) are bases of a computation. */
export const booleanFacts = [
  "supplierIsUniversityOrInstitute",
  "companyFoundedWithAchievement",
  "newNationalPlatform",
  "nationalPlatformRatedExcellent",
  "newRdInstitution",
  "beltAndRoadCentreLinked",
  "enclaveOperator",
  "fundInvestedProject",
  "nationalProgramAchievement",
] as const;
export const numberFacts = ["paidInCapitalWan", "requestedWan", "excessReturnWan"] as const;
export type BooleanFact = (typeof booleanFacts)[number];
export type NumberFact = (typeof numberFacts)[number];
export type Facts = Partial<Record<BooleanFact, boolean> & Record<NumberFact, number>>;

export const measureParametersSchema = z.object({
  /** which subject the measure is about */
  subject: z.enum(["deal", "organization"]),
  /** facts that must all be true */
  conditions: z.array(z.enum(booleanFacts)).default([]),
  /** the number the amount is computed from (PERCENT_CAPPED, SHARE, UP_TO with a request) */
  basisFact: z.enum(numberFacts).optional(),
  percent: z.number().min(0).max(100).optional(),
  capWan: z.number().min(0).optional(),
  amountWan: z.number().min(0).optional(),
  /** once, or every year */
  per: z.enum(["once", "year"]).default("once"),
});
export type MeasureParameters = z.infer<typeof measureParametersSchema>;

export type Measure = {
  code: string;
  version: number;
  title: string;
  titleEn: string;
  textExcerpt: string;
  kind: MeasureKind;
  group: string;
  parameters: MeasureParameters;
};

export type Subject = { kind: "deal" | "organization"; facts: Facts };

export type Applicability = "applies" | "needs-facts" | "not-applicable";

export type MeasureResult = {
  measure: Measure;
  applicability: Applicability;
  /** conditions or numbers still to be supplied (needs-facts) or found false (not-applicable) */
  missing: (BooleanFact | NumberFact)[];
  failed: BooleanFact[];
  /** the computed grant in 万元; null when the measure pays no fixed sum (REFERRAL) or a fact is missing */
  amountWan: number | null;
  /** true when the amount is a ceiling ("最高"), not an entitlement */
  ceiling: boolean;
  /** how the amount was computed, as numbers: basis × percent, cap, fixed sum */
  computation: { basisWan?: number; percent?: number; capWan?: number; amountWan?: number } | null;
  /** 就高从优不重复: granted (true), or shown but not cumulated because `supersededBy` of the same group pays more */
  granted: boolean;
  supersededBy: string | null;
};

const round2 = (value: number) => Math.round(value * 100) / 100;

function amountFor(measure: Measure, facts: Facts): Pick<MeasureResult, "amountWan" | "ceiling" | "computation"> & { missingBasis: boolean } {
  const p = measure.parameters;
  const basis = p.basisFact ? facts[p.basisFact] : undefined;
  switch (measure.kind) {
    case "PERCENT_CAPPED": {
      if (basis === undefined) return { amountWan: null, ceiling: true, computation: null, missingBasis: true };
      const raw = (basis * (p.percent ?? 0)) / 100;
      const amount = p.capWan === undefined ? raw : Math.min(raw, p.capWan);
      return { amountWan: round2(amount), ceiling: true, computation: { basisWan: basis, percent: p.percent, capWan: p.capWan }, missingBasis: false };
    }
    case "SHARE": {
      if (basis === undefined) return { amountWan: null, ceiling: false, computation: null, missingBasis: true };
      return { amountWan: round2((basis * (p.percent ?? 0)) / 100), ceiling: false, computation: { basisWan: basis, percent: p.percent }, missingBasis: false };
    }
    case "FIXED":
      return { amountWan: p.amountWan ?? null, ceiling: false, computation: { amountWan: p.amountWan }, missingBasis: false };
    case "UP_TO": {
      // A request within the ceiling is granted as asked (subject to review); without one the ceiling is shown.
      const cap = p.capWan ?? 0;
      const amount = basis === undefined ? cap : Math.min(basis, cap);
      return { amountWan: round2(amount), ceiling: true, computation: { basisWan: basis, capWan: cap }, missingBasis: false };
    }
    case "REFERRAL":
      return { amountWan: null, ceiling: false, computation: null, missingBasis: false };
  }
}

/** Every measure about this kind of subject, evaluated; 就高从优不重复 applied within each group. */
export function evaluateMeasures(measures: readonly Measure[], subject: Subject): MeasureResult[] {
  const results: MeasureResult[] = measures
    .filter((m) => m.parameters.subject === subject.kind)
    .map((measure) => {
      const missing: (BooleanFact | NumberFact)[] = [];
      const failed: BooleanFact[] = [];
      for (const condition of measure.parameters.conditions) {
        const value = subject.facts[condition];
        if (value === undefined) missing.push(condition);
        else if (!value) failed.push(condition);
      }
      const amount = amountFor(measure, subject.facts);
      if (amount.missingBasis && measure.parameters.basisFact) missing.push(measure.parameters.basisFact);
      const applicability: Applicability = failed.length > 0 ? "not-applicable" : missing.length > 0 ? "needs-facts" : "applies";
      return {
        measure,
        applicability,
        missing,
        failed,
        amountWan: applicability === "not-applicable" ? null : amount.amountWan,
        ceiling: amount.ceiling,
        computation: applicability === "not-applicable" ? null : amount.computation,
        granted: applicability === "applies",
        supersededBy: null,
      };
    });

  const byGroup = new Map<string, MeasureResult[]>();
  for (const result of results) {
    if (result.applicability !== "applies") continue;
    byGroup.set(result.measure.group, [...(byGroup.get(result.measure.group) ?? []), result]);
  }
  for (const group of byGroup.values()) {
    if (group.length < 2) continue;
    // The highest amount wins; a measure without a sum (REFERRAL) never displaces one with a sum; ties go to the earlier code.
    const best = [...group].sort((a, b) => (b.amountWan ?? -1) - (a.amountWan ?? -1) || a.measure.code.localeCompare(b.measure.code, "zh-CN"))[0];
    for (const result of group) {
      if (result === best || !best) continue;
      result.granted = false;
      result.supersededBy = best.measure.code;
    }
  }
  return results;
}

/** The total granted, per payment rhythm (one-off sums and yearly sums are never added together). */
export function grantedTotals(results: readonly MeasureResult[]): { onceWan: number; yearlyWan: number } {
  let onceWan = 0;
  let yearlyWan = 0;
  for (const r of results) {
    if (!r.granted || r.amountWan === null) continue;
    if (r.measure.parameters.per === "year") yearlyWan += r.amountWan;
    else onceWan += r.amountWan;
  }
  return { onceWan: round2(onceWan), yearlyWan: round2(yearlyWan) };
}
