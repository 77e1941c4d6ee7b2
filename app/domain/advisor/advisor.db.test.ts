import { afterAll, beforeAll, expect, test } from "vitest";
import { actorFor, createMember, createOrg } from "../../../tests/helpers/factories";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { DomainError } from "../errors";
import { adviseSubject, measuresInForce, reviseMeasure, seedPolicyMeasures } from "./advisor.server";
import { defaultPolicyMeasures } from "./policy-measures";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.dispose();
});

async function dealBetween(supplierKind: "UNIVERSITY" | "ENTERPRISE") {
  const db = database.prisma;
  const supplier = await createOrg(db, supplierKind);
  const demand = await createOrg(db, "ENTERPRISE");
  const deal = await db.deal.create({
    data: { reference: `SX-A-${supplier.id.slice(-6)}`, title: "钙钛矿技术作价入股", supplierOrgId: supplier.id, demandOrgId: demand.id, origin: "manual", contractAmountWan: 300 },
    select: { id: true, reference: true },
  });
  return { supplier, demand, deal };
}

test("seeding the measures is idempotent and every default measure is in force", async () => {
  const db = database.prisma;
  expect(await seedPolicyMeasures(db)).toBe(defaultPolicyMeasures.length);
  expect(await seedPolicyMeasures(db)).toBe(0);
  expect(await db.policyMeasure.count()).toBe(defaultPolicyMeasures.length);
  expect((await measuresInForce(db)).map((m) => m.code).sort()).toEqual(defaultPolicyMeasures.map((m) => m.code).sort());
});

test("a deal from a university: the record says where the achievement comes from, the user adds the paid-in capital", async () => {
  const db = database.prisma;
  await seedPolicyMeasures(db);
  const { supplier, deal } = await dealBetween("UNIVERSITY");
  const tto = await actorFor(db, (await createMember(db, supplier.id, "TTO")).id);

  const before = await adviseSubject(db, tto, { kind: "deal", id: deal.reference, facts: {} });
  expect(before.recordFacts).toEqual({ supplierIsUniversityOrInstitute: true });
  const founding = before.results.find((r) => r.measure.code === "三");
  expect(founding?.applicability).toBe("needs-facts");
  expect(founding?.missing.sort()).toEqual(["companyFoundedWithAchievement", "paidInCapitalWan"].sort());

  // 按实缴注册资本金的10%给予最高100万元奖励: 实缴 800 万元 → 80 万元
  const after = await adviseSubject(db, tto, { kind: "deal", id: deal.id, facts: { companyFoundedWithAchievement: true, paidInCapitalWan: 800, supplierIsUniversityOrInstitute: false } });
  const granted = after.results.find((r) => r.measure.code === "三");
  expect(granted).toMatchObject({ applicability: "applies", amountWan: 80, granted: true });
  // the record wins over the user's claim
  expect(after.facts.supplierIsUniversityOrInstitute).toBe(true);
  expect(after.totals.onceWan).toBe(80);
});

test("a deal from an enterprise does not qualify for the researchers' founding reward", async () => {
  const db = database.prisma;
  await seedPolicyMeasures(db);
  const { supplier, deal } = await dealBetween("ENTERPRISE");
  const member = await actorFor(db, (await createMember(db, supplier.id, "ENTERPRISE")).id);
  const advice = await adviseSubject(db, member, { kind: "deal", id: deal.id, facts: { companyFoundedWithAchievement: true, paidInCapitalWan: 800 } });
  expect(advice.results.find((r) => r.measure.code === "三")?.applicability).toBe("not-applicable");
});

test("only the parties, the bureau and administrators may look at a deal or an organization", async () => {
  const db = database.prisma;
  await seedPolicyMeasures(db);
  const { supplier, deal } = await dealBetween("UNIVERSITY");
  const outsider = await actorFor(db, (await createMember(db, (await createOrg(db, "ENTERPRISE")).id, "ENTERPRISE")).id);
  const bureau = await actorFor(db, (await createMember(db, (await createOrg(db, "GOVERNMENT")).id, "BUREAU")).id);
  await expect(adviseSubject(db, outsider, { kind: "deal", id: deal.id, facts: {} })).rejects.toBeInstanceOf(DomainError);
  await expect(adviseSubject(db, outsider, { kind: "organization", id: supplier.id, facts: {} })).rejects.toBeInstanceOf(DomainError);
  const org = await adviseSubject(db, bureau, { kind: "organization", id: supplier.id, facts: { newNationalPlatform: true, newRdInstitution: true, requestedWan: 1500 } });
  expect(org.results.filter((r) => r.granted).map((r) => r.measure.code)).toEqual(["二(1)"]);
  expect(org.results.find((r) => r.measure.code === "四")?.supersededBy).toBe("二(1)");
});

test("an administrator's revision is a new version in force; the old one is kept; bad parameters write nothing", async () => {
  const db = database.prisma;
  await seedPolicyMeasures(db);
  const platform = await createOrg(db, "GOVERNMENT");
  const admin = await actorFor(db, (await createMember(db, platform.id, "ADMIN")).id);
  const bureau = await actorFor(db, (await createMember(db, platform.id, "BUREAU")).id);
  const three = defaultPolicyMeasures.find((m) => m.code === "三");
  if (!three) throw new Error("measure 三 missing");
  const revision = {
    code: "三",
    title: three.title,
    titleEn: three.titleEn,
    textExcerpt: three.textExcerpt,
    kind: three.kind,
    group: three.group,
    parameters: JSON.stringify({ ...three.parameters, capWan: 150 }),
    validFrom: "2026-01-01",
  };
  await expect(reviseMeasure(db, bureau, revision)).rejects.toMatchObject({ status: 403 });
  const auditBefore = await db.auditEvent.count({ where: { entityType: "PolicyMeasure" } });
  await expect(reviseMeasure(db, admin, { ...revision, parameters: '{"subject":"deal","percent":"ten"}' })).rejects.toMatchObject({ messageKey: "advisor.invalidParameters" });
  await expect(reviseMeasure(db, admin, { ...revision, parameters: "{not json" })).rejects.toMatchObject({ field: "parameters" });
  expect(await db.policyMeasure.count({ where: { code: "三" } })).toBe(1);

  const created = await reviseMeasure(db, admin, revision);
  expect(created.version).toBe(2);
  const versions = await db.policyMeasure.findMany({ where: { code: "三" }, orderBy: { version: "asc" }, select: { version: true, active: true } });
  expect(versions).toEqual([
    { version: 1, active: false },
    { version: 2, active: true },
  ]);
  expect((await measuresInForce(db)).find((m) => m.code === "三")?.parameters.capWan).toBe(150);
  expect(await db.auditEvent.count({ where: { entityType: "PolicyMeasure" } })).toBe(auditBefore + 1);
});
