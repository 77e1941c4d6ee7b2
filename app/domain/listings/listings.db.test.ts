import { afterAll, beforeAll, expect, test } from "vitest";
import { DomainError } from "~/domain/errors";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { actorFor, createAchievement, createMember, createNeed, createOrg } from "../../../tests/helpers/factories";
import { achievementInputSchema, needInputSchema } from "./listing-input";
import { saveAchievement, saveNeed } from "./listing-writes.server";
import { deleteListing, getAchievement, listPublishedAchievements, PAGE_SIZE } from "./listings.server";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.dispose();
});

test("a member cannot edit or delete another organization's achievement, and nothing changes", async () => {
  const db = database.prisma;
  const mine = await createOrg(db);
  const theirs = await createOrg(db);
  const researcher = await actorFor(db, (await createMember(db, mine.id, "RESEARCHER")).id);
  const foreign = await createAchievement(db, theirs.id);

  const edit = saveAchievement(db, researcher, foreign.id, achievementInputSchema.parse({ title: "被篡改的标题" }));
  await expect(edit).rejects.toBeInstanceOf(DomainError);
  await expect(edit).rejects.toMatchObject({ status: 403 });
  await expect(deleteListing(db, researcher, "achievement", foreign.id)).rejects.toMatchObject({ status: 403 });

  const after = await db.achievement.findUniqueOrThrow({ where: { id: foreign.id }, select: { title: true, summary: true } });
  expect(after).toEqual({ title: foreign.title, summary: foreign.summary });
  expect(await db.auditEvent.count({ where: { entityId: foreign.id } })).toBe(0);
  expect(await db.outbox.count({ where: { aggregateId: foreign.id } })).toBe(0);
});

test("an enterprise cannot edit or delete another enterprise's need", async () => {
  const db = database.prisma;
  const mine = await createOrg(db, "ENTERPRISE");
  const theirs = await createOrg(db, "ENTERPRISE");
  const enterprise = await actorFor(db, (await createMember(db, mine.id, "ENTERPRISE")).id);
  const foreign = await createNeed(db, theirs.id);
  await expect(saveNeed(db, enterprise, foreign.id, needInputSchema.parse({ title: "改掉", description: "x" }))).rejects.toMatchObject({ status: 403 });
  await expect(deleteListing(db, enterprise, "need", foreign.id)).rejects.toMatchObject({ status: 403 });
  expect(await db.need.count({ where: { id: foreign.id, title: foreign.title } })).toBe(1);
});

test("the owner edits and deletes its own listing; each change is audited and sent to the outbox", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const tto = await actorFor(db, (await createMember(db, org.id, "TTO")).id);
  const own = await createAchievement(db, org.id);

  const updated = await saveAchievement(db, tto, own.id, achievementInputSchema.parse({ title: "新标题", summary: "新简介", description: "详细说明" }));
  expect(updated.status).toBe("PUBLISHED");
  expect(await db.achievement.findUniqueOrThrow({ where: { id: own.id }, select: { title: true } })).toEqual({ title: "新标题" });
  const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: own.id, action: "achievement.updated" } });
  expect(audit.actorId).toBe(tto.id);
  expect(audit.before).toMatchObject({ title: own.title });
  expect(audit.after).toMatchObject({ title: "新标题" });

  await deleteListing(db, tto, "achievement", own.id);
  expect(await db.achievement.count({ where: { id: own.id } })).toBe(0);
  expect(await db.outbox.count({ where: { aggregateId: own.id } })).toBe(2);
  expect(await db.auditEvent.count({ where: { entityId: own.id, action: "achievement.deleted" } })).toBe(1);
});

test("an administrator may edit any organization's listing", async () => {
  const db = database.prisma;
  const platform = await createOrg(db, "GOVERNMENT");
  const other = await createOrg(db);
  const admin = await actorFor(db, (await createMember(db, platform.id, "ADMIN")).id);
  const listing = await createAchievement(db, other.id);
  await saveAchievement(db, admin, listing.id, achievementInputSchema.parse({ title: "管理员修正" }));
  expect((await db.achievement.findUniqueOrThrow({ where: { id: listing.id } })).title).toBe("管理员修正");
});

test("browse lists published records only, newest first, a page at a time", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const base = Date.parse("2031-01-01T00:00:00Z");
  const created = [];
  for (let i = 0; i < PAGE_SIZE + 3; i += 1) created.push(await createAchievement(db, org.id, { publishedAt: new Date(base + i * 60_000) }));
  const draft = await createAchievement(db, org.id, { status: "DRAFT", publishedAt: new Date(base + 10 ** 9) });

  const first = await listPublishedAchievements(db, 1);
  expect(first.items).toHaveLength(PAGE_SIZE);
  expect(first.items[0]?.id).toBe(created.at(-1)?.id);
  const dates = first.items.map((item) => item.publishedAt?.getTime() ?? 0);
  expect(dates).toEqual([...dates].sort((a, b) => b - a));
  expect(first.items.some((item) => item.id === draft.id)).toBe(false);
  const second = await listPublishedAchievements(db, 2);
  expect(second.page).toBe(2);
  expect(second.items[0]?.id).toBe(created.at(-(PAGE_SIZE + 1))?.id);
  expect(first.total).toBe(second.total);
});

test("a draft is hidden from visitors and other organizations but visible to its owner", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const other = await createOrg(db, "ENTERPRISE");
  const draft = await createAchievement(db, org.id, { status: "DRAFT" });
  const owner = await actorFor(db, (await createMember(db, org.id, "RESEARCHER")).id);
  const stranger = await actorFor(db, (await createMember(db, other.id, "ENTERPRISE")).id);
  expect(await getAchievement(db, draft.id, null)).toBeNull();
  expect(await getAchievement(db, draft.id, stranger)).toBeNull();
  expect((await getAchievement(db, draft.id, owner))?.id).toBe(draft.id);
});
