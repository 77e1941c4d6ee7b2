import fs from "node:fs";
import path from "node:path";
import { io } from "socket.io-client";
import { importProgressSchema, IMPORT_PROGRESS_TOPIC } from "~/domain/listings/import/progress";
import { afterAll, expect, test } from "vitest";
import { createApiToken } from "~/domain/accounts/api-tokens.server";
import { openDatabase } from "~/utils/db.server";
import { testDbKind } from "../helpers/database";
import { actorFor, createAchievement, createMember, createOrg, TEST_PASSWORD } from "../helpers/factories";
import { freePort, startOwnPostgres, startOwnRedis, type OwnPostgres } from "../helpers/own-services";
import { tempDir, writeListXlsx } from "../helpers/lists";
import { startPreparedServer } from "../helpers/prepared-server";
import type { LiveClient } from "../helpers/rooms";
import { type AppServer, Client, startAppServer } from "../helpers/server";

/**
 * Faults on loopback, each bounded: PostgreSQL restarted under write traffic (a private cluster,
 * never the shared server), Redis killed under a running gateway.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const onPostgres = testDbKind() === "postgres";

test.runIf(onPostgres)("PostgreSQL restarted under write traffic: the app recovers, no acknowledged write is lost, the outbox drains (postgres project only: it runs its own cluster)", async () => {
  const cluster: OwnPostgres = await startOwnPostgres();
  cleanups.push(() => cluster.dispose());
  const previousAdmin = process.env.TEST_POSTGRES_URL;
  process.env.TEST_POSTGRES_URL = cluster.url;
  let token = "";
  let server: AppServer;
  try {
    server = await startPreparedServer(async (db) => {
      const org = await createOrg(db, "UNIVERSITY");
      const user = await createMember(db, org.id, "TTO", { orgAdmin: true });
      token = (await createApiToken(db, await actorFor(db, user.id), org.id, { name: "faults", scopes: ["listings:write", "listings:read"] })).secret;
    });
  } finally {
    if (previousAdmin === undefined) delete process.env.TEST_POSTGRES_URL;
    else process.env.TEST_POSTGRES_URL = previousAdmin;
  }
  cleanups.push(() => server.dispose());

  const acknowledged: string[] = [];
  const refused: number[] = [];
  let n = 0;
  const write = async () => {
    n += 1;
    const response = await fetch(`${server.url}/api/v1/achievements`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ title: `故障测试成果 ${n}`, summary: "重启期间写入" }),
    }).catch(() => null);
    if (response?.status === 201) acknowledged.push(((await response.json()) as { id: string }).id);
    else refused.push(response?.status ?? 0);
  };
  let running = true;
  const workers = [0, 1, 2].map(async () => {
    while (running) await write();
  });
  await new Promise((r) => setTimeout(r, 1_500));
  const beforeRestart = acknowledged.length;
  cluster.restart();
  await new Promise((r) => setTimeout(r, 3_000));
  running = false;
  await Promise.all(workers);
  expect(beforeRestart).toBeGreaterThan(0);

  // Recovered: the same process answers writes and pages again.
  const recovered: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const before = acknowledged.length;
    await write();
    recovered.push(acknowledged.length - before);
  }
  expect(recovered).toEqual([1, 1, 1, 1, 1]);
  expect((await fetch(`${server.url}/achievements`)).status).toBe(200);
  // Writes refused while the database was away were refused cleanly (problem+json 5xx), never hung.
  expect(refused.every((status) => status >= 500 && status < 600)).toBe(true);

  // Nothing acknowledged is lost; every change reached the outbox and the outbox drains.
  const database = await openDatabase({ kind: "postgres", url: server.databaseUrl ?? "" });
  try {
    const stored = await database.prisma.achievement.count({ where: { id: { in: acknowledged } } });
    expect(stored).toBe(acknowledged.length);
    const outboxed = await database.prisma.outbox.count({ where: { aggregateId: { in: acknowledged } } });
    expect(outboxed).toBe(acknowledged.length);
    const deadline = Date.now() + 60_000;
    let pending = -1;
    while (Date.now() < deadline) {
      pending = await database.prisma.outbox.count({ where: { processedAt: null } });
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(pending).toBe(0);
  } finally {
    await database.close();
  }
  expect(server.output()).not.toMatch(/start-up failed|uncaught/i);
}, 180_000);

test("Redis killed under a running gateway: the process keeps serving pages and live pings, with a warning", async () => {
  const redis = await startOwnRedis();
  cleanups.push(() => redis.kill());
  const server = await startPreparedServer(async (db) => {
    const org = await createOrg(db, "ENTERPRISE");
    await createMember(db, org.id, "ENTERPRISE").then((u) => (email = u.email));
  }, { REDIS_URL: redis.url });
  cleanups.push(() => server.dispose());
  expect(((await (await fetch(`${server.url}/healthz`)).json()) as { live: string }).live).toBe("redis");

  const client = new Client(server.url, { "Accept-Language": "zh-CN" });
  expect((await client.post("/login", { email, password: TEST_PASSWORD, redirectTo: "/" })).status).toBe(302);
  await redis.kill();
  await new Promise((r) => setTimeout(r, 1_000));

  expect((await client.get("/achievements")).status).toBe(200);
  expect((await client.get("/account")).status).toBe(200);
  const socket: LiveClient = io(`${server.url}/live`, { transports: ["websocket"], reconnection: false, extraHeaders: { Cookie: client.cookieHeader() } });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    });
    const reply = (await socket.timeout(10_000).emitWithAck("ping", {})) as { ok: boolean };
    expect(reply.ok).toBe(true);
  } finally {
    socket.close();
  }
  expect(server.output()).toMatch(/"level":"warn".*[Rr]edis/);
}, 120_000);

let email = "";

test("search engine down: search degrades to the database and says so, writes still succeed", async () => {
  // Meilisearch configured, but nothing listens on its port.
  const deadEngine = `http://127.0.0.1:${await freePort()}`;
  let token = "";
  const server = await startPreparedServer(async (db) => {
    const org = await createOrg(db, "UNIVERSITY");
    await createAchievement(db, org.id, { title: "钙钛矿叠层太阳能电池故障演练" });
    const user = await createMember(db, org.id, "TTO", { orgAdmin: true });
    token = (await createApiToken(db, await actorFor(db, user.id), org.id, { name: "faults", scopes: ["listings:write", "listings:read"] })).secret;
  }, { MEILI_URL: deadEngine, MEILI_MASTER_KEY: "test-key-test-key" });
  cleanups.push(() => server.dispose());

  const search = await fetch(`${server.url}/search?q=${encodeURIComponent("钙钛矿")}`, { headers: { "Accept-Language": "zh-CN" } });
  expect(search.status).toBe(200);
  const html = await search.text();
  expect(html).toContain('data-testid="search-notice"');
  expect(html).toContain("钙钛矿叠层太阳能电池故障演练");

  const created = await fetch(`${server.url}/api/v1/achievements`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ title: "引擎停机期间写入的成果", summary: "写入不依赖搜索引擎" }),
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await fetch(`${server.url}/api/v1/achievements/${id}`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  expect(server.output()).toMatch(/"level":"warn".*search engine/);
}, 120_000);

test("kill -9 during an import commit: after a restart the batch is either wholly there or not at all", async () => {
  const dir = tempDir("susong-killimport-");
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  let importer = "";
  const server = await startPreparedServer(async (db) => {
    const org = await createOrg(db, "UNIVERSITY");
    importer = (await createMember(db, org.id, "TTO")).email;
  }, { UPLOADS_DIR: path.join(dir, "uploads") });
  cleanups.push(() => server.dispose());
  const tto = new Client(server.url, { "Accept-Language": "zh-CN" });
  expect((await tto.post("/login", { email: importer, password: TEST_PASSWORD, redirectTo: "/" })).status).toBe(302);

  const total = 3_000;
  const file = await writeListXlsx(path.join(dir, "kill.xlsx"), ["成果编号", "成果名称"], Array.from({ length: total }, (_, i) => [`KILL-${i}`, `断电测试成果 ${i}`]));
  const form = new FormData();
  form.set("kind", "achievement");
  form.set("file", new Blob([new Uint8Array(fs.readFileSync(file))]), "kill.xlsx");
  const dry = await fetch(`${server.url}/import`, { method: "POST", body: form, headers: { Cookie: tto.cookieHeader(), Origin: server.url, "Accept-Language": "zh-CN" } });
  const batchId = (await dry.text()).match(/name="batchId" value="([a-z0-9]+)"/)?.[1] ?? "";
  expect(batchId).not.toBe("");

  // Kill the server as soon as the commit reports its first chunk, inside the transaction.
  const socket: LiveClient = io(`${server.url}/live`, { transports: ["websocket"], reconnection: false, extraHeaders: { Cookie: tto.cookieHeader() } });
  await new Promise<void>((resolve, reject) => {
    socket.once("welcome", () => resolve());
    socket.once("connect_error", reject);
  });
  const midway = new Promise<number>((resolve) => {
    socket.on("notify", (message) => {
      if (message.topic !== IMPORT_PROGRESS_TOPIC) return;
      const progress = importProgressSchema.parse(message.data);
      if (progress.batchId === batchId && progress.done > 0 && !progress.finished) resolve(progress.done);
    });
  });
  const commit = tto.post("/import", { batchId, kind: "achievement", intent: "commit" }).catch(() => null);
  const done = await midway;
  await server.stop("SIGKILL");
  socket.close();
  await commit;
  expect(done).toBeLessThan(total);

  // A new process on the same database: the batch is all or nothing, and the server serves.
  const again = await startAppServer({ seed: false, reuse: { pgliteDir: server.pgliteDir, databaseUrl: server.databaseUrl }, env: { UPLOADS_DIR: path.join(dir, "uploads") } });
  expect((await fetch(`${again.url}/achievements`)).status).toBe(200);
  await again.stop();
  const database = server.databaseUrl ? await openDatabase({ kind: "postgres", url: server.databaseUrl }) : await openDatabase({ kind: "pglite", dir: server.pgliteDir ?? "" });
  try {
    const stored = await database.prisma.achievement.count({ where: { externalId: { startsWith: "KILL-" } } });
    const batch = await database.prisma.importBatch.findUniqueOrThrow({ where: { id: batchId }, select: { status: true } });
    expect([0, total]).toContain(stored);
    expect(batch.status === "COMMITTED").toBe(stored === total);
  } finally {
    await database.close();
  }
}, 300_000);
