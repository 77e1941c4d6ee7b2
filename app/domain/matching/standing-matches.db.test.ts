import { afterEach, beforeEach, expect, test } from "vitest";
import { actorFor, createMember, createOrg } from "../../../tests/helpers/factories";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/database";
import { createSearchService } from "../../../search/service.server";
import { notifyStandingMatches, saveStandingMatch, type MatchNotification } from "./standing-matches.server";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.dispose();
});

test("a newly published achievement that matches a saved need notifies its owner and the broker, once", async () => {
  const { prisma } = database;
  const enterprise = await createOrg(prisma, "ENTERPRISE");
  const university = await createOrg(prisma, "UNIVERSITY");
  const agency = await createOrg(prisma, "BROKER_AGENCY");
  const owner = await createMember(prisma, enterprise.id, "ENTERPRISE", { orgAdmin: true });
  const broker = await createMember(prisma, agency.id, "BROKER");
  const stranger = await createMember(prisma, university.id, "RESEARCHER");
  const need = await prisma.need.create({
    data: { title: "锂电池热管理散热方案", description: "电动汽车锂电池组夏季过热，需要液冷散热与均温控制技术。", ownerOrgId: enterprise.id, status: "PUBLISHED", publishedAt: new Date() },
    select: { id: true },
  });
  await prisma.achievement.create({ data: { title: "茶叶加工设备", summary: "乌龙茶萎凋与揉捻自动化。", ownerOrgId: university.id, status: "PUBLISHED", publishedAt: new Date() } });
  await saveStandingMatch(prisma, await actorFor(prisma, owner.id), "need", need.id);
  await saveStandingMatch(prisma, await actorFor(prisma, broker.id), "need", need.id);
  await expect(saveStandingMatch(prisma, await actorFor(prisma, stranger.id), "need", need.id)).rejects.toMatchObject({ status: 403 });

  const service = createSearchService(prisma);
  await service.ready;
  await service.drainer.stop();
  const sent: MatchNotification[] = [];
  const matching = await prisma.achievement.create({
    data: { title: "动力电池液冷热管理系统", summary: "用于新能源汽车动力电池组的液冷散热与均温控制，降低电池过热风险。", ownerOrgId: university.id, status: "PUBLISHED", publishedAt: new Date() },
    select: { id: true },
  });
  const unrelated = await prisma.achievement.create({ data: { title: "水稻抗倒伏栽培", summary: "水稻高产栽培技术。", ownerOrgId: university.id, status: "PUBLISHED", publishedAt: new Date() }, select: { id: true } });
  const { loadDocuments } = await import("../../../search/documents.server");
  const documents = await loadDocuments(prisma, "achievement", [matching.id, unrelated.id]);
  await service.engine.upsert(documents);

  const made = await notifyStandingMatches(prisma, service.matcher, documents, (notification) => sent.push(notification));
  expect(made.map((n) => n.userId).sort()).toEqual([owner.id, broker.id].sort());
  expect(made.every((n) => n.data.candidateId === matching.id && n.link === `/achievements/${matching.id}`)).toBe(true);
  expect(sent).toHaveLength(2);
  expect(await prisma.notification.count({ where: { userId: owner.id } })).toBe(1);
  // Indexed again after an edit: no second notification.
  expect(await notifyStandingMatches(prisma, service.matcher, documents, () => {})).toEqual([]);
  await service.close();
});
