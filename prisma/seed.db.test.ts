import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/domain/accounts/accounts.server";
import { type TestDatabase, createTestDatabase } from "../tests/helpers/database";
import { DEMO_PASSWORD, demoOrganizations, demoUsers, seedDatabase } from "./seed";

const dataDir = path.resolve(import.meta.dirname, "..", "..", "shared", "data");
const idsOf = (file: string) =>
  fs
    .readFileSync(path.join(dataDir, file), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => String(JSON.parse(line).id));

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.dispose();
});

test("the seed loads every shared/data record with its external id, published, owned by a demo organization", async () => {
  const db = database.prisma;
  const result = await seedDatabase(db, { dataDir });
  expect(result.skipped).toBeUndefined();
  const achievementIds = idsOf("achievements.jsonl");
  const needIds = idsOf("needs.jsonl");
  expect(achievementIds).toHaveLength(2822);
  expect(needIds).toHaveLength(1735);

  const storedAchievements = await db.achievement.findMany({ select: { externalId: true, status: true, ownerOrg: { select: { isDemo: true } } } });
  expect(new Set(storedAchievements.map((a) => a.externalId))).toEqual(new Set(achievementIds));
  expect(storedAchievements.every((a) => a.status === "PUBLISHED" && a.ownerOrg.isDemo)).toBe(true);
  const storedNeeds = await db.need.findMany({ select: { externalId: true, title: true } });
  expect(new Set(storedNeeds.map((n) => n.externalId))).toEqual(new Set(needIds));
  expect(storedNeeds.every((n) => n.title.length > 0)).toBe(true);

  const challengeIds = idsOf("challenges.jsonl");
  const storedChallenges = await db.challenge.findMany({ select: { externalId: true, status: true, title: true } });
  expect(new Set(storedChallenges.map((c) => c.externalId))).toEqual(new Set(challengeIds));
  expect(storedChallenges.every((c) => c.status === "PUBLISHED" && c.title.length > 0)).toBe(true);

  expect(await db.organization.count({ where: { isDemo: true } })).toBe(demoOrganizations.length);
  for (const org of demoOrganizations) expect(org.name).toMatch(/（演示）$/);
});

test("every demo account can log in with the documented password and holds an active membership", async () => {
  const db = database.prisma;
  for (const demo of demoUsers) {
    const result = await login(db, { email: demo.email, password: DEMO_PASSWORD, ip: "127.0.0.1" });
    expect(result.ok, demo.email).toBe(true);
    const memberships = await db.membership.findMany({ where: { user: { email: demo.email } }, select: { role: true, status: true } });
    expect(memberships).toEqual([{ role: demo.role, status: "ACTIVE" }]);
  }
  const roles = new Set(demoUsers.map((u) => u.role));
  expect([...roles].sort()).toEqual(["ADMIN", "BROKER", "BUREAU", "ENTERPRISE", "RESEARCHER", "TTO"]);
});

test("seeding twice changes nothing", async () => {
  const db = database.prisma;
  const snapshot = async () => ({
    counts: await Promise.all([db.organization.count(), db.user.count(), db.membership.count(), db.achievement.count(), db.need.count(), db.challenge.count(), db.deal.count(), db.dealEvent.count(), db.commission.count(), db.commissionRule.count()]),
    latest: await Promise.all([
      db.achievement.aggregate({ _max: { updatedAt: true } }),
      db.need.aggregate({ _max: { updatedAt: true } }),
      db.user.aggregate({ _max: { updatedAt: true } }),
      db.organization.aggregate({ _max: { updatedAt: true } }),
    ]),
  });
  const before = await snapshot();
  // the demo broker's deals: one per stage, commissions for the signed contracts
  const stages = await db.deal.findMany({ where: { reference: { startsWith: "SX-DEMO-" } }, select: { stage: true } });
  expect(stages.map((d) => d.stage).sort()).toEqual(["CLOSED_LOST", "CONTRACT_SIGNED", "INTEREST_CONFIRMED", "INTRODUCED", "MEETING", "NDA_SIGNED", "NEGOTIATION", "OUTCOME_CHECKED", "REGISTERED"]);
  expect(await db.commission.count()).toBe(3);
  const again = await seedDatabase(db, { dataDir });
  expect(again).toMatchObject({ users: 0, achievements: 0, needs: 0, deals: 0 });
  expect(await snapshot()).toEqual(before);
});

test("a missing data folder is reported, not thrown", async () => {
  const result = await seedDatabase(database.prisma, { dataDir: "/nonexistent/shared/data" });
  expect(result.skipped).toMatch(/SEED_DATA_DIR/);
});
