import type { PrismaClient } from "~/generated/prisma/client";
import { logger } from "~/utils/logger.server";
import { documentId, loadDocuments } from "./documents.server";
import type { ListingKind, SearchDocument, SearchEngine } from "./types";

/**
 * Drains the transactional outbox into the search engine: polls for due rows, re-reads the listings from the
 * database (the outbox says *which* listing changed; the database says *what* it is now), upserts the
 * published ones and removes the others — idempotent, so a row applied twice does no harm — then marks
 * the rows processed. When the engine fails, the rows wait with exponential backoff.
 */
export type DrainerOptions = {
  pollMs?: number;
  batchSize?: number;
  /** first retry delay; doubles per attempt up to maxBackoffMs */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** told about listings that are now in the index (for standing matches and the matcher's statistics) */
  onIndexed?: (documents: SearchDocument[], topics: Map<string, string>) => Promise<void> | void;
};

export type OutboxDrainer = {
  /** processes due rows now; resolves with how many were applied */
  drainOnce(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
};

const LISTING_TOPIC = /^(achievement|need)\./;

export function backoffDelay(attempts: number, backoffMs: number, maxBackoffMs: number): number {
  return Math.min(maxBackoffMs, backoffMs * 2 ** Math.max(0, attempts - 1));
}

export function createOutboxDrainer(db: PrismaClient, engine: SearchEngine, options: DrainerOptions = {}): OutboxDrainer {
  const pollMs = options.pollMs ?? 200;
  const batchSize = options.batchSize ?? 200;
  const backoffMs = options.backoffMs ?? 1_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;

  async function drain(): Promise<number> {
    const rows = await db.outbox.findMany({
      where: { processedAt: null, availableAt: { lte: new Date() }, OR: [{ topic: { startsWith: "achievement." } }, { topic: { startsWith: "need." } }] },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, topic: true, aggregateId: true, attempts: true },
    });
    // Topics that are not about listings are left for their own consumers.
    const listingRows = rows.filter((row) => LISTING_TOPIC.test(row.topic));
    if (listingRows.length === 0) return 0;
    const ids: Record<ListingKind, Set<string>> = { achievement: new Set(), need: new Set() };
    const topics = new Map<string, string>();
    for (const row of listingRows) {
      const kind = row.topic.startsWith("achievement.") ? "achievement" : "need";
      ids[kind].add(row.aggregateId);
      topics.set(documentId(kind, row.aggregateId), row.topic);
    }
    try {
      const documents: SearchDocument[] = [];
      const gone: string[] = [];
      for (const kind of ["achievement", "need"] as const) {
        const found = await loadDocuments(db, kind, [...ids[kind]]);
        documents.push(...found);
        const present = new Set(found.map((document) => document.listingId));
        for (const id of ids[kind]) if (!present.has(id)) gone.push(documentId(kind, id));
      }
      await engine.upsert(documents);
      await engine.remove(gone);
      await db.outbox.updateMany({ where: { id: { in: listingRows.map((row) => row.id) } }, data: { processedAt: new Date(), lastError: null } });
      if (options.onIndexed && documents.length > 0) {
        try {
          await options.onIndexed(documents, topics);
        } catch (error) {
          logger.warn("after-index hook failed", { error: String(error) });
        }
      }
      return listingRows.length;
    } catch (error) {
      logger.warn("search index update failed; will retry", { error: String(error), rows: listingRows.length });
      for (const row of listingRows) {
        const attempts = row.attempts + 1;
        await db.outbox.update({
          where: { id: row.id },
          data: { attempts, lastError: String(error).slice(0, 500), availableAt: new Date(Date.now() + backoffDelay(attempts, backoffMs, maxBackoffMs)) },
        });
      }
      return 0;
    }
  }

  function drainOnce(): Promise<number> {
    running ??= drain().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      drainOnce()
        .catch((error: unknown) => logger.warn("outbox drain failed", { error: String(error) }))
        .finally(schedule);
    }, pollMs);
  }

  return {
    drainOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
