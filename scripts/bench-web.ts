/**
 * `npm run bench:web`: the browse, search and detail pages under load on loopback.
 * Generates BENCH_LISTINGS published achievements (default 10,000, texts cycled from
 * shared/data/achievements.jsonl) into a fresh database (BENCH_DB=pglite, the default, or postgres),
 * starts the production server, waits for the search index, then drives each page with autocannon
 * (BENCH_CONNECTIONS connections for BENCH_SECONDS seconds after a short warm-up) and prints
 * p50/p95/p99 latency and requests per second per page. Also reports the browse page's first-load
 * JavaScript as the page itself references it. Ends with one JSON line.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { BROWSE_BUDGET_BYTES, gzipSize, measureRoute } from "../server/bundle-budget";
import { createOrg } from "../tests/helpers/factories";
import { startPreparedServer } from "../tests/helpers/prepared-server";
import { ensureBuild, root } from "./ensure-build.mjs";

type AutocannonResult = { requests: { average: number; total: number }; non2xx: number; errors: number; timeouts: number };
type AutocannonInstance = { on(event: "response", listener: (client: unknown, status: number, bytes: number, ms: number) => void): void };
type Autocannon = (options: { url: string; connections: number; duration: number; timeout: number; headers?: Record<string, string> }, done: (error: Error | null, result: AutocannonResult) => void) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
// A request slower than this counts as an error (autocannon's own default is 10 s).
const TIMEOUT_SECONDS = Number(process.env.BENCH_TIMEOUT ?? 30);
const DB = process.env.BENCH_DB === "postgres" ? "postgres" : "pglite";
process.env.TEST_DB = DB;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

type Source = { title?: string; abstract?: string; tech_field?: string; industry_class?: string };

function sources(): Source[] {
  const file = path.resolve(root, "..", "shared", "data", "achievements.jsonl");
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Source)
    .filter((s) => s.title);
}

async function drive(url: string, seconds: number) {
  const latencies: number[] = [];
  const started = performance.now();
  const result = await new Promise<AutocannonResult>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: seconds, timeout: TIMEOUT_SECONDS, headers: { "Accept-Language": "zh-CN" } }, (error, out) => (error ? reject(error) : resolve(out)));
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  });
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: result.requests.total,
    reqPerSec: round(latencies.length / elapsed),
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function main() {
  ensureBuild({ quiet: true });
  const texts = sources();
  let detailId = "";
  const t0 = performance.now();
  const server = await startPreparedServer(async (db) => {
    const orgs = await Promise.all(Array.from({ length: 20 }, (_, i) => createOrg(db, "UNIVERSITY", { name: `基准测试大学${i + 1}` })));
    const now = Date.now();
    for (let start = 0; start < LISTINGS; start += 500) {
      const rows = Array.from({ length: Math.min(500, LISTINGS - start) }, (_, k) => {
        const i = start + k;
        const s = texts[i % texts.length] ?? {};
        const field = s.tech_field?.split(/[-—]/)[0]?.trim() || null;
        return {
          externalId: `bench-${i}`,
          title: `${s.title ?? "成果"}（${i + 1}）`,
          summary: (s.abstract ?? "").slice(0, 300),
          description: s.abstract ?? "",
          techField: s.tech_field ?? null,
          techFieldMajor: field,
          industryClass: s.industry_class ?? null,
          status: "PUBLISHED" as const,
          publishedAt: new Date(now - i * 60_000),
          cooperationModes: ["TRANSFER" as const],
          ownerOrgId: orgs[i % orgs.length]?.id ?? "",
        };
      });
      await db.achievement.createMany({ data: rows });
    }
    detailId = (await db.achievement.findFirstOrThrow({ where: { externalId: `bench-${Math.floor(LISTINGS / 2)}` }, select: { id: true } })).id;
  }, {}, { startTimeoutMs: 15 * 60_000 });
  try {
    console.log(`${LISTINGS.toLocaleString("en")} listings on ${DB}; server at ${server.url} after ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const deadline = Date.now() + 10 * 60_000;
    for (;;) {
      // A reused keep-alive connection the server just closed can reset: ask again.
      const health = (await fetch(`${server.url}/healthz`)
        .then((r) => r.json())
        .catch(() => null)) as { search: { ready: boolean } } | null;
      if (health?.search.ready) break;
      if (Date.now() > deadline) throw new Error("the search index was not ready within 10 minutes");
      await new Promise((r) => setTimeout(r, 1_000));
    }
    console.log(`search index ready after ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const pages = { browse: "/achievements?page=37", search: `/search?q=${encodeURIComponent("电池")}`, detail: `/achievements/${detailId}` };
    const results: Record<string, Awaited<ReturnType<typeof drive>>> = {};
    for (const [name, pathname] of Object.entries(pages)) {
      const check = await fetch(server.url + pathname);
      if (check.status !== 200) throw new Error(`${name} (${pathname}) answered ${check.status}`);
      await drive(server.url + pathname, 2);
      results[name] = await drive(server.url + pathname, SECONDS);
      const r = results[name];
      console.log(`${name.padEnd(7)} ${pathname.slice(0, 40).padEnd(40)} p50 ${r.p50} ms  p95 ${r.p95} ms  p99 ${r.p99} ms  ${r.reqPerSec} req/s  (${r.requests} requests, non-2xx ${r.non2xx}, errors ${r.errors})`);
    }

    // The browse page's first-load JavaScript as the HTML references it, against the manifest computation.
    const html = await (await fetch(server.url + pages.browse)).text();
    const referenced = [...new Set([...html.matchAll(/<(?:link rel="modulepreload" href|script[^>]*src)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? ""))];
    const inPage = referenced.reduce((sum, chunk) => sum + gzipSize(fs.readFileSync(path.join(root, "build", "client", chunk.slice(1)))), 0);
    const budget = measureRoute(path.join(root, "build", "client"), "routes/achievements._index", BROWSE_BUDGET_BYTES);
    console.log(`browse first-load JavaScript: ${(budget.gzipBytes / 1024).toFixed(1)} KB gzip from the manifest (${budget.chunks.length} chunks), ${(inPage / 1024).toFixed(1)} KB gzip referenced by the page (${referenced.length} chunks); budget ${BROWSE_BUDGET_BYTES / 1024} KB`);
    console.log("Figures from a shared, loaded 2-core machine: compare runs, not absolute numbers.");
    console.log(JSON.stringify({ bench: "web", db: DB, listings: LISTINGS, connections: CONNECTIONS, seconds: SECONDS, pages: results, browseFirstLoadJsGzipBytes: budget.gzipBytes, browseReferencedJsGzipBytes: inPage, budgetBytes: BROWSE_BUDGET_BYTES, withinBudget: budget.withinBudget }));
  } finally {
    await server.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
