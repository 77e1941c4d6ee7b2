import readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import { z } from "zod";
import { createEmbeddedEngine } from "../../../search/embedded-engine";
import { reindex } from "../../../search/reindex.server";
import { closeDatabase, getDatabase } from "~/utils/db.server";
import { Matcher } from "./pipeline";

const lineSchema = z.object({ qid: z.string(), title: z.string().default(""), description: z.string().default("") });

/** Builds the product's matcher over the database's published listings (embedded engine). */
export async function buildMatcherFromDatabase(): Promise<Matcher> {
  const { prisma } = await getDatabase();
  const engine = createEmbeddedEngine();
  const matcher = new Matcher(engine);
  await reindex(prisma, engine, (batch) => matcher.learn(batch));
  return matcher;
}

export type BatchQuery = z.infer<typeof lineSchema>;
export type BatchResult = { qid: string; results: { externalId: string; score: number }[] };

export async function matchBatchQuery(matcher: Matcher, query: BatchQuery): Promise<BatchResult> {
  const results = await matcher.match({ kind: "need", title: query.title, body: query.description }, { limit: 20 });
  return {
    qid: query.qid,
    results: results.map((result) => ({ externalId: result.document.externalId ?? result.document.listingId, score: Number(result.score.toFixed(6)) })),
  };
}

/** Reads JSON Lines queries, writes one JSON line of results per query, in input order. */
export async function runMatchBatch(input: Readable, output: Writable): Promise<void> {
  const matcher = await buildMatcherFromDatabase();
  try {
    for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
      if (line.trim() === "") continue;
      const query = lineSchema.parse(JSON.parse(line));
      output.write(`${JSON.stringify(await matchBatchQuery(matcher, query))}\n`);
    }
  } finally {
    await closeDatabase();
  }
}
