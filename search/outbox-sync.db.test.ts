import { afterEach, beforeEach, expect, test } from "vitest";
import { achievementInputSchema } from "~/domain/listings/listing-input";
import { saveAchievement } from "~/domain/listings/listing-writes.server";
import { deleteListing } from "~/domain/listings/listings.server";
import { actorFor, createAchievement, createMember, createOrg } from "../tests/helpers/factories";
import { createTestDatabase, type TestDatabase } from "../tests/helpers/database";
import { createEmbeddedEngine } from "./embedded-engine";
import { createOutboxDrainer, type OutboxDrainer } from "./outbox-drainer.server";
import { analyzeSearchQuery } from "./query/analyze";
import { checkDrift, reindex } from "./reindex.server";
import { createSearchService } from "./service.server";
import { type SearchEngine, SearchUnavailableError } from "./types";

let database: TestDatabase;
let drainer: OutboxDrainer | undefined;

beforeEach(async () => {
  database = await createTestDatabase();
});

afterEach(async () => {
  await drainer?.stop();
  drainer = undefined;
  await database.dispose();
});

/** The real embedded engine behind a switch: with `down` set it fails as an unreachable engine would. */
function switchable(engine: SearchEngine): SearchEngine & { down: boolean } {
  const fail = () => {
    throw new SearchUnavailableError("engine is down (test switch)");
  };
  const wrapped = {
    down: false,
    name: engine.name,
    applySettings: () => (wrapped.down ? fail() : engine.applySettings()),
    upsert: (documents: Parameters<SearchEngine["upsert"]>[0]) => (wrapped.down ? fail() : engine.upsert(documents)),
    remove: (ids: string[]) => (wrapped.down ? fail() : engine.remove(ids)),
    search: (request: Parameters<SearchEngine["search"]>[0]) => (wrapped.down ? fail() : engine.search(request)),
    listIds: () => (wrapped.down ? fail() : engine.listIds()),
    count: () => (wrapped.down ? fail() : engine.count()),
    clear: () => (wrapped.down ? fail() : engine.clear()),
    health: () => (wrapped.down ? fail() : engine.health()),
  };
  return wrapped;
}

async function publishAchievement(ownerOrgId: string, title: string) {
  const { prisma } = database;
  return prisma.$transaction(async (tx) => {
    const row = await tx.achievement.create({ data: { title, summary: "一种钙钛矿太阳能电池的制备方法", ownerOrgId, status: "PUBLISHED", publishedAt: new Date() }, select: { id: true } });
    await tx.outbox.create({ data: { topic: "achievement.updated", aggregateId: row.id, payload: { id: row.id, status: "PUBLISHED" } } });
    return row;
  });
}

const titles = async (engine: SearchEngine, q: string) => (await engine.search({ query: analyzeSearchQuery(q), limit: 50 })).hits.map((hit) => hit.document.title);

test("publishing, editing and deleting a listing reach the embedded index within a second", async () => {
  const { prisma } = database;
  const org = await createOrg(prisma, "UNIVERSITY");
  const member = await createMember(prisma, org.id, "TTO", { orgAdmin: true });
  const actor = await actorFor(prisma, member.id);
  const engine = createEmbeddedEngine();
  drainer = createOutboxDrainer(prisma, engine, { pollMs: 100 });
  drainer.start();

  const published = await publishAchievement(org.id, "柔性钙钛矿组件封装");
  await expect.poll(() => titles(engine, "封装"), { timeout: 1_000, interval: 50 }).toContain("柔性钙钛矿组件封装");

  await saveAchievement(prisma, actor, published.id, achievementInputSchema.parse({ title: "柔性钙钛矿组件层压工艺", summary: "层压与封装" }));
  await expect.poll(() => titles(engine, "层压"), { timeout: 1_000, interval: 50 }).toContain("柔性钙钛矿组件层压工艺");
  expect(await titles(engine, "封装")).not.toContain("柔性钙钛矿组件封装");

  await deleteListing(prisma, actor, "achievement", published.id);
  await expect.poll(() => titles(engine, "层压"), { timeout: 1_000, interval: 50 }).not.toContain("柔性钙钛矿组件层压工艺");
  expect(await prisma.outbox.count({ where: { processedAt: null } })).toBe(0);
});

test("with the engine down, writes succeed, the outbox waits with backoff, and a later drain applies them", async () => {
  const { prisma } = database;
  const org = await createOrg(prisma, "UNIVERSITY");
  const engine = switchable(createEmbeddedEngine());
  engine.down = true;
  drainer = createOutboxDrainer(prisma, engine, { backoffMs: 60_000 });

  const published = await publishAchievement(org.id, "钠离子电池正极材料");
  expect(await drainer.drainOnce()).toBe(0);
  const waiting = await prisma.outbox.findFirstOrThrow({ where: { aggregateId: published.id }, select: { attempts: true, lastError: true, availableAt: true, processedAt: true } });
  expect(waiting.processedAt).toBeNull();
  expect(waiting.attempts).toBe(1);
  expect(waiting.lastError).toContain("engine is down");
  expect(waiting.availableAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
  // Not due yet: a drain does nothing even with the engine back.
  engine.down = false;
  expect(await drainer.drainOnce()).toBe(0);
  await prisma.outbox.updateMany({ data: { availableAt: new Date() } });
  expect(await drainer.drainOnce()).toBe(1);
  expect(await titles(engine, "钠离子电池")).toContain("钠离子电池正极材料");
});

test("search falls back to the database, with a notice, when the engine is unreachable", async () => {
  const { prisma } = database;
  const org = await createOrg(prisma, "UNIVERSITY");
  await createAchievement(prisma, org.id, { title: "海水淡化反渗透膜" });
  const engine = switchable(createEmbeddedEngine());
  const service = createSearchService(prisma, { engine });
  await service.ready;
  expect((await service.search({ q: "反渗透膜" })).source).toBe("engine");
  engine.down = true;
  const page = await service.search({ q: "反渗透膜" });
  expect(page.source).toBe("database");
  expect(page.notice).toBe("unavailable");
  expect(page.hits.map((hit) => hit.document.title)).toContain("海水淡化反渗透膜");
  await service.close();
});

test("reindex rebuilds from the database and the drift check finds differences", async () => {
  const { prisma } = database;
  const org = await createOrg(prisma, "UNIVERSITY");
  await createAchievement(prisma, org.id, { title: "秸秆还田机械" });
  await createAchievement(prisma, org.id, { title: "草稿中的成果", status: "DRAFT", publishedAt: null });
  const engine = createEmbeddedEngine();
  expect((await reindex(prisma, engine)).documents).toBe(1);
  expect(await checkDrift(prisma, engine)).toMatchObject({ database: 1, index: 1, missing: [], extra: [] });
  await createAchievement(prisma, org.id, { title: "新发布的成果" });
  const drift = await checkDrift(prisma, engine);
  expect(drift.missing).toHaveLength(1);
});
