import { describe, expect, test } from "vitest";
import { type Facts, evaluateMeasures, grantedTotals, type MeasureResult } from "./evaluator";
import { defaultPolicyMeasures } from "./policy-measures";

const resultOf = (results: MeasureResult[], code: string) => {
  const found = results.find((r) => r.measure.code === code);
  if (!found) throw new Error(`no result for measure ${code}`);
  return found;
};

type Case = { quote: string; code: string; subject: "deal" | "organization"; facts: Facts; amountWan: number | null; applicability: MeasureResult["applicability"] };

// Each case quotes the policy line it checks (shared/context/policy-measures-zh.txt).
const cases: Case[] = [
  {
    quote: "按实缴注册资本金的10%给予最高100万元奖励 — 实缴 500 万元 → 50 万元",
    code: "三",
    subject: "deal",
    facts: { supplierIsUniversityOrInstitute: true, companyFoundedWithAchievement: true, paidInCapitalWan: 500 },
    amountWan: 50,
    applicability: "applies",
  },
  {
    quote: "按实缴注册资本金的10%给予最高100万元奖励 — 实缴 2000 万元 → 封顶 100 万元",
    code: "三",
    subject: "deal",
    facts: { supplierIsUniversityOrInstitute: true, companyFoundedWithAchievement: true, paidInCapitalWan: 2000 },
    amountWan: 100,
    applicability: "applies",
  },
  {
    quote: "鼓励高校院所科技人员带科技成果…创办 — 成果不来自高校院所 → 不适用",
    code: "三",
    subject: "deal",
    facts: { supplierIsUniversityOrInstitute: false, companyFoundedWithAchievement: true, paidInCapitalWan: 500 },
    amountWan: null,
    applicability: "not-applicable",
  },
  {
    quote: "按实缴注册资本金的10% — 实缴资本未提供 → 需补充",
    code: "三",
    subject: "deal",
    facts: { supplierIsUniversityOrInstitute: true, companyFoundedWithAchievement: true },
    amountWan: null,
    applicability: "needs-facts",
  },
  {
    quote: "对新获批建设的全国重点实验室…等国家级平台，给予一次性3000万元资助",
    code: "二(1)",
    subject: "organization",
    facts: { newNationalPlatform: true },
    amountWan: 3000,
    applicability: "applies",
  },
  {
    quote: "对考核评估优秀的给予每年500万元运营经费资助",
    code: "二(2)",
    subject: "organization",
    facts: { nationalPlatformRatedExcellent: true },
    amountWan: 500,
    applicability: "applies",
  },
  {
    quote: "给予最高不超过2000万元启动经费支持 — 申请 1200 万元 → 1200 万元",
    code: "四",
    subject: "organization",
    facts: { newRdInstitution: true, requestedWan: 1200 },
    amountWan: 1200,
    applicability: "applies",
  },
  {
    quote: "给予最高不超过2000万元启动经费支持 — 申请 2500 万元 → 2000 万元",
    code: "四",
    subject: "organization",
    facts: { newRdInstitution: true, requestedWan: 2500 },
    amountWan: 2000,
    applicability: "applies",
  },
  {
    quote: "对直接关联的本地机构按绩效给予每年每家最高500万元补助",
    code: "九",
    subject: "organization",
    facts: { beltAndRoadCentreLinked: true },
    amountWan: 500,
    applicability: "applies",
  },
  {
    quote: "对飞地运营合作机构给予每年最高500万元支持 — 申请 300 万元",
    code: "十",
    subject: "organization",
    facts: { enclaveOperator: true, requestedWan: 300 },
    amountWan: 300,
    applicability: "applies",
  },
  {
    quote: "政府股权投资基金可将超额收益的80%进行让利 — 超额收益 250 万元 → 200 万元",
    code: "十四",
    subject: "deal",
    facts: { fundInvestedProject: true, excessReturnWan: 250 },
    amountWan: 200,
    applicability: "applies",
  },
  {
    quote: "按市科技计划重大项目予以支持 — 无固定金额",
    code: "七",
    subject: "deal",
    facts: { nationalProgramAchievement: true },
    amountWan: null,
    applicability: "applies",
  },
];

describe("policy measures, as written in the text", () => {
  test.each(cases)("$code: $quote", ({ code, subject, facts, amountWan, applicability }) => {
    const measure = defaultPolicyMeasures.find((m) => m.code === code);
    expect(measure, `measure ${code} is encoded`).toBeDefined();
    const result = resultOf(evaluateMeasures(defaultPolicyMeasures, { kind: subject, facts }), code);
    expect(result.applicability).toBe(applicability);
    expect(result.amountWan).toBe(amountWan);
  });

  test("every encoded excerpt is quoted verbatim from the policy text", async () => {
    const fs = await import("node:fs");
    const text = fs.readFileSync(new URL("../../../../shared/context/policy-measures-zh.txt", import.meta.url), "utf8");
    for (const measure of defaultPolicyMeasures) expect(text, measure.code).toContain(measure.textExcerpt);
  });
});

describe("就高从优不重复: overlapping measures are not cumulated", () => {
  test("a new national platform that is also a new R&D institution gets the 3000 万元 grant once, not 3000 + 2000", () => {
    const results = evaluateMeasures(defaultPolicyMeasures, { kind: "organization", facts: { newNationalPlatform: true, newRdInstitution: true, requestedWan: 2000 } });
    expect(resultOf(results, "二(1)").granted).toBe(true);
    const rd = resultOf(results, "四");
    expect(rd.granted).toBe(false);
    expect(rd.supersededBy).toBe("二(1)");
    expect(grantedTotals(results).onceWan).toBe(3000);
  });

  test("an enclave operator linked to a Belt and Road centre gets the higher yearly grant only", () => {
    const results = evaluateMeasures(defaultPolicyMeasures, { kind: "organization", facts: { enclaveOperator: true, beltAndRoadCentreLinked: true, requestedWan: 400 } });
    const granted = results.filter((r) => r.granted);
    expect(granted.map((r) => r.measure.code)).toEqual(["九"]);
    expect(resultOf(results, "十").supersededBy).toBe("九");
    expect(grantedTotals(results).yearlyWan).toBe(400);
  });

  test("measures of different groups are cumulated: founding reward and fund concession on one deal", () => {
    const results = evaluateMeasures(defaultPolicyMeasures, {
      kind: "deal",
      facts: { supplierIsUniversityOrInstitute: true, companyFoundedWithAchievement: true, paidInCapitalWan: 300, fundInvestedProject: true, excessReturnWan: 100 },
    });
    expect(results.filter((r) => r.granted).map((r) => r.measure.code).sort()).toEqual(["三", "十四"].sort());
    expect(grantedTotals(results).onceWan).toBe(30 + 80);
  });

  test("organization measures are not offered for a deal", () => {
    const results = evaluateMeasures(defaultPolicyMeasures, { kind: "deal", facts: { newNationalPlatform: true } });
    expect(results.some((r) => r.measure.code === "二(1)")).toBe(false);
  });
});
