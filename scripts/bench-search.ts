// `npm run bench:search`: synthetic corpora of 10k and 100k listings built from the patterns of shared/data
// (titles and sentences of real records recombined, real field values), indexed in the embedded engine.
// Prints build time, heap, search p50/p95 (short queries) and match p50/p95 (need → achievements), and ends
// with one JSON line {"n10k":{…},"n100k":{…}}. Figures, not assertions: the machine is shared.
import fs from "node:fs";
import path from "node:path";
import { Matcher } from "../app/domain/matching/pipeline";
import { createEmbeddedEngine } from "../search/embedded-engine";
import { analyzeSearchQuery } from "../search/query/analyze";
import { FACETS, type SearchDocument } from "../search/types";

type Record_ = { id: string; title?: string | null; abstract?: string; description?: string; tech_field?: string; industry_class?: string; maturity?: string };
const dataDir = path.resolve(process.env.SEED_DATA_DIR ?? "../shared/data");
const read = (file: string): Record_[] => fs.readFileSync(path.join(dataDir, file), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record_);
const achievements = read("achievements.jsonl");
const needs = read("needs.jsonl");
const sentences = [...achievements, ...needs].flatMap((record) => (record.abstract ?? record.description ?? "").split(/(?<=[。；！？])/).filter((s) => s.length > 8));
const maturities = ["LAB", "SMALL_PILOT", "PILOT", "MASS_PRODUCTION", "INDUSTRIALIZED"];
const modes = ["TRANSFER", "LICENSE", "CO_DEVELOPMENT", "SERVICE", "OTHER"];

// A seeded generator: the same corpus every run.
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;

function synthetic(n: number): SearchDocument[] {
  const documents: SearchDocument[] = [];
  for (let i = 0; i < n; i++) {
    const isNeed = random() < 0.35;
    const template = pick(isNeed ? needs : achievements);
    const body = [template.abstract ?? template.description ?? "", pick(sentences), pick(sentences)].join("");
    documents.push({
      id: `${isNeed ? "need" : "achievement"}-s${i}`,
      kind: isNeed ? "need" : "achievement",
      listingId: `s${i}`,
      externalId: null,
      title: `${template.title ?? ""}${i % 3 === 0 ? "" : `（${i % 97}）`}`,
      body,
      keywords: [],
      techField: template.tech_field ?? null,
      techFieldMajor: template.tech_field?.split("-")[0] ?? null,
      industry: template.industry_class ?? null,
      industryMajor: template.industry_class?.split("——")[0] ?? null,
      maturity: isNeed ? null : pick(maturities),
      cooperationModes: [pick(modes)],
      priceMin: null,
      priceMax: null,
      negotiable: true,
      region: pick(["厦门市思明区", "厦门市湖里区", "福州市", "泉州市", null]),
      ownerOrgId: `org${i % 50}`,
      ownerOrgName: `机构${i % 50}`,
      publishedAt: Date.UTC(2020, 0, 1) + i * 60_000,
    });
  }
  return documents;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const gc = () => (globalThis as { gc?: () => void }).gc?.();

// Short queries as users type them: one or two words from real titles.
const titleWords = achievements.flatMap((record) => analyzeSearchQuery(record.title ?? "").terms.map((term) => term.term)).filter((word) => word.length >= 2);
const shortQueries = Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? pick(titleWords) : `${pick(titleWords)} ${pick(titleWords)}`));
const needQueries = Array.from({ length: 60 }, () => pick(needs));

async function run(n: number) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const documents = synthetic(n);
  const started = performance.now();
  const buildCpu = process.cpuUsage();
  const engine = createEmbeddedEngine();
  const matcher = new Matcher(engine);
  for (let i = 0; i < documents.length; i += 2_000) {
    const batch = documents.slice(i, i + 2_000);
    await engine.upsert(batch);
    matcher.learn(batch);
  }
  const buildS = (performance.now() - started) / 1000;
  const buildCpuS = cpuMs(buildCpu) / 1000;
  gc();
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  // Wall time is what a user waits; the CPU time of this process is printed too, on stderr, because on a shared
  // machine the wall time mostly measures the other processes.
  const search: number[] = [];
  const searchCpu: number[] = [];
  for (const q of shortQueries) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    await engine.search({ query: analyzeSearchQuery(q), limit: 20, facets: FACETS, prefix: true });
    search.push(performance.now() - t);
    searchCpu.push(cpuMs(cpu));
  }
  const match: number[] = [];
  const matchCpu: number[] = [];
  for (const need of needQueries) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    await matcher.match({ kind: "need", title: need.title ?? "", body: need.description ?? "" }, { limit: 20 });
    match.push(performance.now() - t);
    matchCpu.push(cpuMs(cpu));
  }
  const figures = {
    buildS: round(buildS),
    heapMB: Math.round(heapMB),
    searchP50Ms: round(percentile(search, 50)),
    searchP95Ms: round(percentile(search, 95)),
    matchP50Ms: round(percentile(match, 50)),
    matchP95Ms: round(percentile(match, 95)),
  };
  process.stderr.write(`${n} listings: ${JSON.stringify(figures)}\n`);
  const cpuFigures = { buildCpuS: round(buildCpuS), searchCpuP50Ms: round(percentile(searchCpu, 50)), searchCpuP95Ms: round(percentile(searchCpu, 95)), matchCpuP50Ms: round(percentile(matchCpu, 50)), matchCpuP95Ms: round(percentile(matchCpu, 95)) };
  process.stderr.write(`${n} listings, CPU time of this process: ${JSON.stringify(cpuFigures)}\n`);
  await engine.clear();
  return figures;
}

const sizes = (process.argv[2] ?? "10000,100000").split(",").map(Number);
const results: Record<string, unknown> = {};
for (const n of sizes) results[`n${n / 1000}k`] = await run(n);
process.stdout.write(`${JSON.stringify(results)}\n`);
