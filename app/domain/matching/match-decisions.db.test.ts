import { afterEach, beforeEach, expect, test } from "vitest";
import { actorFor, createMember, createOrg } from "../../../tests/helpers/factories";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/database";
import { canDecideMatches, decideMatch, decisionsFor } from "./match-decisions.server";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.dispose();
});

async function setUp() {
  const { prisma } = database;
  const enterprise = await createOrg(prisma, "ENTERPRISE");
  const university = await createOrg(prisma, "UNIVERSITY");
  const agency = await createOrg(prisma, "BROKER_AGENCY");
  const owner = await createMember(prisma, enterprise.id, "ENTERPRISE");
  const broker = await createMember(prisma, agency.id, "BROKER");
  const stranger = await createMember(prisma, university.id, "TTO");
  const need = await prisma.need.create({
    data: { title: "锂电池热管理散热方案", description: "电动汽车锂电池组夏季过热。", ownerOrgId: enterprise.id, status: "PUBLISHED", publishedAt: new Date() },
    select: { id: true },
  });
  const achievement = await prisma.achievement.create({
    data: { title: "动力电池液冷热管理系统", summary: "液冷散热与均温控制。", ownerOrgId: university.id, status: "PUBLISHED", publishedAt: new Date() },
    select: { id: true },
  });
  return { prisma, enterprise, owner, broker, stranger, need, achievement };
}

test("the owner accepts a match: an introduction request is recorded, shown and audited", async () => {
  const { prisma, enterprise, owner, need, achievement } = await setUp();
  const actor = await actorFor(prisma, owner.id);
  expect(await canDecideMatches(prisma, actor, "need", need.id)).toBe(true);
  const view = await decideMatch(prisma, actor, "need", need.id, { decision: "ACCEPT", candidateId: achievement.id, score: "0.71" });
  expect(view).toMatchObject({ decision: "ACCEPT", introductionRequested: true, byBroker: false, reason: null });
  const row = await prisma.matchDecision.findFirstOrThrow({ where: { sourceId: need.id, candidateId: achievement.id } });
  expect(row).toMatchObject({ sourceKind: "need", candidateKind: "achievement", sourceOrgId: enterprise.id, decidedById: owner.id, score: 0.71 });
  expect(row.introductionRequestedAt).toBeInstanceOf(Date);
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: row.id, action: "match.accept" } });
  expect(audit).toMatchObject({ actorId: owner.id, orgId: enterprise.id, entityType: "MatchDecision" });
  expect((await decisionsFor(prisma, "need", need.id))[achievement.id]).toMatchObject({ decision: "ACCEPT", decidedByName: expect.any(String) });
});

test("a broker dismisses with a coded reason and a note; the change replaces the decision and is audited with its before state", async () => {
  const { prisma, owner, broker, need, achievement } = await setUp();
  await decideMatch(prisma, await actorFor(prisma, owner.id), "need", need.id, { decision: "ACCEPT", candidateId: achievement.id });
  const view = await decideMatch(prisma, await actorFor(prisma, broker.id), "need", need.id, { decision: "DISMISS", candidateId: achievement.id, reason: "IMMATURE", note: "仍在实验室阶段" });
  expect(view).toMatchObject({ decision: "DISMISS", reason: "IMMATURE", note: "仍在实验室阶段", introductionRequested: false, byBroker: true });
  expect(await prisma.matchDecision.count()).toBe(1);
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "match.dismiss" } });
  expect(audit.actorId).toBe(broker.id);
  expect(audit.before).toMatchObject({ decision: "ACCEPT" });
  expect(audit.after).toMatchObject({ decision: "DISMISS", reason: "IMMATURE" });
});

test("a member of another organization is refused, and a dismissal without a valid reason is rejected", async () => {
  const { prisma, owner, stranger, need, achievement } = await setUp();
  const outsider = await actorFor(prisma, stranger.id);
  expect(await canDecideMatches(prisma, outsider, "need", need.id)).toBe(false);
  await expect(decideMatch(prisma, outsider, "need", need.id, { decision: "ACCEPT", candidateId: achievement.id })).rejects.toMatchObject({ status: 403 });
  await expect(decideMatch(prisma, outsider, "need", need.id, { decision: "DISMISS", candidateId: achievement.id, reason: "BORING" })).rejects.toMatchObject({ status: 403 });
  const actor = await actorFor(prisma, owner.id);
  await expect(decideMatch(prisma, actor, "need", need.id, { decision: "DISMISS", candidateId: achievement.id })).rejects.toMatchObject({ status: 422 });
  await expect(decideMatch(prisma, actor, "need", need.id, { decision: "DISMISS", candidateId: achievement.id, reason: "BORING" })).rejects.toMatchObject({ status: 422 });
  await expect(decideMatch(prisma, actor, "need", need.id, { decision: "ACCEPT", candidateId: "missing" })).rejects.toMatchObject({ status: 404 });
  expect(await prisma.matchDecision.count()).toBe(0);
  expect(await prisma.auditEvent.count({ where: { entityType: "MatchDecision" } })).toBe(0);
});
