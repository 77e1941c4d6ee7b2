import { afterEach, beforeEach, expect, test } from "vitest";
import { actorFor, createMember, createOrg } from "../../../tests/helpers/factories";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/database";
import { ageBand } from "./queue";
import { reviewQueue } from "./workspace.server";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const DAY = 24 * 3600_000;

test("the review queue merges listings, challenges and applications, oldest first, with their waiting time", async () => {
  const { prisma } = database;
  const now = new Date();
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const university = await createOrg(prisma, "UNIVERSITY");
  const enterprise = await createOrg(prisma, "ENTERPRISE");
  const agency = await createOrg(prisma, "BROKER_AGENCY");
  const broker = await actorFor(prisma, (await createMember(prisma, agency.id, "BROKER")).id);
  const owner = await actorFor(prisma, (await createMember(prisma, enterprise.id, "ENTERPRISE")).id);
  await prisma.achievement.create({ data: { title: "待审成果", ownerOrgId: university.id, status: "SUBMITTED", submittedAt: ago(10) } });
  await prisma.need.create({ data: { title: "审核中需求", ownerOrgId: enterprise.id, status: "UNDER_REVIEW", submittedAt: ago(2) } });
  await prisma.need.create({ data: { title: "已发布需求", ownerOrgId: enterprise.id, status: "PUBLISHED", submittedAt: ago(30) } });
  const challenge = await prisma.challenge.create({ data: { direction: "新材料", title: "论证中榜单", issuerOrgId: enterprise.id, status: "IN_REVIEW", submittedAt: ago(5) } });
  await prisma.challengeApplication.create({ data: { challengeId: challenge.id, leadOrgId: university.id, createdById: broker.id, status: "SUBMITTED", submittedAt: ago(1) } });
  await prisma.challengeApplication.create({ data: { challengeId: challenge.id, leadOrgId: university.id, createdById: broker.id, status: "DRAFT" } });

  const queue = await reviewQueue(prisma, broker, 1, now);
  expect(queue.total).toBe(4);
  expect(queue.items.map((item) => [item.kind, item.title, item.ageDays, ageBand(item.ageDays)])).toEqual([
    ["achievement", "待审成果", 10, "overdue"],
    ["challenge", "论证中榜单", 5, "waiting"],
    ["need", "审核中需求", 2, "fresh"],
    ["application", "论证中榜单", 1, "fresh"],
  ]);
  expect(queue.items[3]?.link).toBe(`/challenges/${challenge.id}`);
  expect((await reviewQueue(prisma, broker, 2, now)).items).toEqual([]);
  await expect(reviewQueue(prisma, owner, 1, now)).rejects.toMatchObject({ status: 403 });
});
