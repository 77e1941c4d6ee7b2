// `npm run eval:matching`: matching quality on ../shared/data/eval-dev through the product's pipeline
// (the same function match:batch uses) on the seeded database. Details on stderr; one JSON line on stdout:
// {"ndcg10","recall20","mrr10","hit10","hardMrr10","hardHit10"}.
import fs from "node:fs";
import path from "node:path";

process.env.LOG_LEVEL ??= "error";
const { buildMatcherFromDatabase, matchBatchQuery } = await import("../app/domain/matching/batch.server");
const { closeDatabase } = await import("../app/utils/db.server");

const dataDir = path.resolve(process.argv[2] ?? "../shared/data");
const evalDir = path.join(dataDir, "eval-dev");
const readJsonLines = <T>(file: string): T[] =>
  fs.readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as T);

type Judgment = { need: string; ach: string; rel: number };
type TargetedNeed = { qid: string; target: string; title: string; description: string };
type NeedRecord = { id: string; title?: string | null; description?: string };

const started = performance.now();
const matcher = await buildMatcherFromDatabase();
process.stderr.write(`index built in ${Math.round(performance.now() - started)} ms\n`);

const judgments = readJsonLines<Judgment>(path.join(evalDir, "judgments.jsonl"));
const needs = new Map(readJsonLines<NeedRecord>(path.join(dataDir, "needs.jsonl")).map((need) => [need.id, need]));
const byNeed = new Map<string, Map<string, number>>();
for (const judgment of judgments) {
  const grades = byNeed.get(judgment.need) ?? new Map<string, number>();
  grades.set(judgment.ach, judgment.rel);
  byNeed.set(judgment.need, grades);
}

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
const round = (value: number) => Number(value.toFixed(4));
const ranked = async (qid: string, title: string, description: string) => (await matchBatchQuery(matcher, { qid, title, description })).results.map((result) => result.externalId);

const ndcgs: number[] = [];
const recalls: number[] = [];
for (const [needId, grades] of byNeed) {
  const need = needs.get(needId);
  const ids = await ranked(needId, need?.title ?? "", need?.description ?? "");
  const dcg = ids.slice(0, 10).reduce((sum, id, i) => sum + (2 ** (grades.get(id) ?? 0) - 1) / Math.log2(i + 2), 0);
  const ideal = [...grades.values()].sort((a, b) => b - a).slice(0, 10).reduce((sum, rel, i) => sum + (2 ** rel - 1) / Math.log2(i + 2), 0);
  const relevant = [...grades].filter(([, rel]) => rel >= 1).map(([id]) => id);
  ndcgs.push(ideal === 0 ? 0 : dcg / ideal);
  recalls.push(relevant.length === 0 ? 0 : relevant.filter((id) => ids.slice(0, 20).includes(id)).length / relevant.length);
  process.stderr.write(`judged ${needId}: nDCG@10 ${(ideal === 0 ? 0 : dcg / ideal).toFixed(3)}\n`);
}

async function targeted(file: string) {
  const reciprocal: number[] = [];
  const hits: number[] = [];
  for (const query of readJsonLines<TargetedNeed>(file)) {
    const ids = (await ranked(query.qid, query.title, query.description)).slice(0, 10);
    const rank = ids.indexOf(query.target);
    reciprocal.push(rank < 0 ? 0 : 1 / (rank + 1));
    hits.push(rank < 0 ? 0 : 1);
    process.stderr.write(`${query.qid}: rank ${rank < 0 ? "-" : rank + 1}\n`);
  }
  return { mrr: mean(reciprocal), hit: mean(hits) };
}

const paraphrased = await targeted(path.join(evalDir, "paraphrased-needs.jsonl"));
const hard = fs.existsSync(path.join(evalDir, "hard-needs.jsonl")) ? await targeted(path.join(evalDir, "hard-needs.jsonl")) : { mrr: 0, hit: 0 };
await closeDatabase();
process.stdout.write(
  `${JSON.stringify({ ndcg10: round(mean(ndcgs)), recall20: round(mean(recalls)), mrr10: round(paraphrased.mrr), hit10: round(paraphrased.hit), hardMrr10: round(hard.mrr), hardHit10: round(hard.hit) })}\n`,
);
