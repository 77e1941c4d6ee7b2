import type { PrismaClient } from "~/generated/prisma/client";
import { allDocuments } from "./documents.server";
import type { SearchDocument, SearchEngine } from "./types";

/**
 * Rebuilds an engine's index from the database: clear, apply settings, upsert every published listing.
 * `onBatch` lets the matcher learn the same documents.
 */
export async function reindex(db: PrismaClient, engine: SearchEngine, onBatch?: (documents: SearchDocument[]) => void): Promise<{ documents: number; ms: number }> {
  const started = performance.now();
  await engine.clear();
  await engine.applySettings();
  let documents = 0;
  for await (const batch of allDocuments(db)) {
    await engine.upsert(batch);
    onBatch?.(batch);
    documents += batch.length;
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
