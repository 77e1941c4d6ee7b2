import type { PrismaClient } from "~/generated/prisma/client";
import { allDocuments } from "./documents.server";
import type { SearchDocument, SearchEngine } from "./types";

/** Documents the embedded engine indexes between two turns of the event loop. */
const EMBEDDED_SLICE = 20;

/**
 * Rebuilds an engine's index from the database: clear, apply settings, upsert every published listing.
 * `onBatch` lets the matcher learn the same documents.
 *
 * The embedded engine indexes in the server's own process, so it works in small slices and lets the
 * event loop run between them: requests and live rooms keep answering while a start-up build runs
 * (one slice is a few milliseconds of tokenizing, where a whole batch held the loop for seconds).
 */
export async function reindex(db: PrismaClient, engine: SearchEngine, onBatch?: (documents: SearchDocument[]) => void): Promise<{ documents: number; ms: number }> {
  const started = performance.now();
  await engine.clear();
  await engine.applySettings();
  let documents = 0;
  for await (const batch of allDocuments(db)) {
    const slice = engine.name === "embedded" ? EMBEDDED_SLICE : batch.length;
    for (let start = 0; start < batch.length; start += slice) {
      const part = batch.slice(start, start + slice);
      await engine.upsert(part);
      onBatch?.(part);
      documents += part.length;
      if (engine.name === "embedded") await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return { documents, ms: Math.round(performance.now() - started) };
}

export type DriftReport = { database: number; index: number; missing: string[]; extra: string[] };

/** Compares the published listings in the database with the documents in the index. */
export async function checkDrift(db: PrismaClient, engine: SearchEngine): Promise<DriftReport> {
  const expected = new Set<string>();
  for await (const batch of allDocuments(db)) for (const document of batch) expected.add(document.id);
  const indexed = new Set(await engine.listIds());
  return {
    database: expected.size,
    index: indexed.size,
    missing: [...expected].filter((id) => !indexed.has(id)),
    extra: [...indexed].filter((id) => !expected.has(id)),
  };
}
