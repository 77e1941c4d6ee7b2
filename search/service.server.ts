import type { PrismaClient } from "~/generated/prisma/client";
import { logger } from "~/utils/logger.server";
import { Matcher } from "~/domain/matching/pipeline";
import { achievementDocument, needDocument } from "./documents.server";
import { createEmbeddedEngine } from "./embedded-engine";
import { createMeilisearchEngine } from "./meilisearch-engine";
import { createOutboxDrainer, type DrainerOptions, type OutboxDrainer } from "./outbox-drainer.server";
import { analyzeSearchQuery } from "./query/analyze";
import { highlight, queryWords, type Segment } from "./query/highlight";
import { reindex } from "./reindex.server";
import { FACETS, type FacetName, type ListingKind, type SearchDocument, type SearchEngine, type SearchFilter, type SearchSort } from "./types";

/**
 * The search service the app uses: the configured engine, the matcher over it, the outbox drainer, and the
 * database fallback. While the embedded index is being built, or when the engine cannot be reached, search
 * answers from the database and says so (`source: "database"`).
 */
export type SearchParams = { q: string; kind?: ListingKind; filter?: SearchFilter; sort?: SearchSort; page?: number; pageSize?: number; prefix?: boolean };

export type SearchHitView = { document: SearchDocument; title: Segment[]; snippet: Segment[]; matchedTerms: string[] };

export type SearchPage = {
  hits: SearchHitView[];
  total: number;
  page: number;
  pages: number;
  facets: Partial<Record<FacetName, Record<string, number>>>;
  /** the words the query was understood as (after normalisation, stop words, synonyms) */
  terms: string[];
  source: "engine" | "database";
  /** why the database answered, when it did */
  notice?: "indexing" | "unavailable";
};

export type SearchService = {
  engine: SearchEngine;
  matcher: Matcher;
  drainer: OutboxDrainer;
  /** resolves when the index is built (embedded) or checked (Meilisearch) */
  ready: Promise<void>;
  isReady(): boolean;
  search(params: SearchParams): Promise<SearchPage>;
  close(): Promise<void>;
};

export type SearchServiceOptions = {
  meili?: { url: string; apiKey?: string; indexName?: string };
  drainer?: DrainerOptions;
  /** engine to use instead of the configured one (tests) */
  engine?: SearchEngine;
};

export function createSearchService(db: PrismaClient, options: SearchServiceOptions = {}): SearchService {
  const engine = options.engine ?? (options.meili ? createMeilisearchEngine(options.meili) : createEmbeddedEngine());
  const matcher = new Matcher(engine);
  let ready = false;
  const drainer = createOutboxDrainer(db, engine, {
    ...options.drainer,
    onIndexed: async (documents, topics) => {
      matcher.forget(documents.map((document) => document.id));
      await options.drainer?.onIndexed?.(documents, topics);
    },
  });

  const readyPromise = (async () => {
    const started = performance.now();
    if (engine.name === "embedded") {
      const { documents } = await reindex(db, engine, (batch) => matcher.learn(batch));
      logger.info("embedded search index built", { documents, ms: Math.round(performance.now() - started) });
    } else {
      try {
        await engine.applySettings();
      } catch (error) {
        logger.warn("search engine unreachable at start-up; searching the database until it answers", { error: String(error) });
      }
      // The matcher's corpus statistics come from the database, whichever engine serves the queries.
      const { allDocuments } = await import("./documents.server");
      for await (const batch of allDocuments(db)) matcher.learn(batch);
    }
    ready = true;
    drainer.start();
  })();

  async function search(params: SearchParams): Promise<SearchPage> {
    const query = analyzeSearchQuery(params.q);
    const pageSize = params.pageSize ?? 20;
    const page = Math.max(1, params.page ?? 1);
    const filter: SearchFilter = { ...params.filter, ...(params.kind ? { kind: [params.kind] } : {}) };
    const words = queryWords(query);
    const view = (document: SearchDocument, matchedTerms: string[]): SearchHitView => ({
      document,
      title: highlight(document.title, words, 200),
      snippet: highlight(document.body, words, 160),
      matchedTerms,
    });
    if (ready) {
      try {
        const response = await engine.search({ query, filter, sort: params.sort, offset: (page - 1) * pageSize, limit: pageSize, facets: FACETS, prefix: params.prefix });
        return {
          hits: response.hits.map((hit) => view(hit.document, hit.matchedTerms)),
          total: response.total,
          page,
          pages: Math.max(1, Math.ceil(response.total / pageSize)),
          facets: response.facets,
          terms: query.terms.map((term) => term.term),
          source: "engine",
        };
      } catch (error) {
        logger.warn("search engine failed; answering from the database", { error: String(error) });
      }
    }
    const fallback = await searchDatabase(db, query.terms.map((term) => term.term), filter, page, pageSize);
    return { ...fallback, hits: fallback.hits.map((document) => view(document, [])), page, terms: query.terms.map((term) => term.term), facets: {}, source: "database", notice: ready ? "unavailable" : "indexing" };
  }

  return {
    engine,
    matcher,
    drainer,
    ready: readyPromise,
    isReady: () => ready,
    search,
    async close() {
      await readyPromise.catch(() => undefined);
      await drainer.stop();
    },
  };
}

/** The degraded path: substring search in the database (any term in title or text), newest first. */
export async function searchDatabase(db: PrismaClient, terms: string[], filter: SearchFilter, page: number, pageSize: number): Promise<{ hits: SearchDocument[]; total: number; pages: number }> {
  const kinds = filter.kind?.length ? filter.kind : ["achievement", "need"];
  const text = (fields: string[]) => (terms.length === 0 ? {} : { OR: terms.flatMap((term) => fields.map((field) => ({ [field]: { contains: term, mode: "insensitive" as const } }))) });
  const hits: SearchDocument[] = [];
  let total = 0;
  const skip = (page - 1) * pageSize;
  if (kinds.includes("achievement")) {
    const where = { status: "PUBLISHED" as const, ...text(["title", "summary", "description"]) };
    total += await db.achievement.count({ where });
    const rows = await db.achievement.findMany({
      where,
      orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
      skip,
      take: pageSize,
      select: { id: true, externalId: true, title: true, summary: true, description: true, keywords: true, techField: true, techFieldMajor: true, industryClass: true, maturity: true, cooperationModes: true, priceMin: true, priceMax: true, negotiable: true, region: true, ownerOrgId: true, publishedAt: true, applicationScope: true, ownerOrg: { select: { name: true } } },
    });
    hits.push(...rows.map(achievementDocument));
  }
  if (kinds.includes("need")) {
    const where = { status: "PUBLISHED" as const, ...text(["title", "description"]) };
    const needTotal = await db.need.count({ where });
    const needSkip = Math.max(0, skip - total);
    const room = pageSize - hits.length;
    total += needTotal;
    if (room > 0) {
      const rows = await db.need.findMany({
        where,
        orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
        skip: needSkip,
        take: room,
        select: { id: true, externalId: true, title: true, description: true, techField: true, industryClass: true, cooperationModes: true, budgetMin: true, budgetMax: true, negotiable: true, region: true, ownerOrgId: true, publishedAt: true, ownerOrg: { select: { name: true } } },
      });
      hits.push(...rows.map(needDocument));
    }
  }
  return { hits, total, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

type SearchGlobal = { __susongSearch?: SearchService };
const holder = globalThis as SearchGlobal;

/** The process's one search service (started by server/app.ts; shared with the Remix bundle via globalThis). */
export function startSearchService(db: PrismaClient, options: SearchServiceOptions = {}): SearchService {
  holder.__susongSearch ??= createSearchService(db, options);
  return holder.__susongSearch;
}

export function getSearchService(): SearchService {
  const service = holder.__susongSearch;
  if (!service) throw new Error("search service not started");
  return service;
}

export async function stopSearchService(): Promise<void> {
  const service = holder.__susongSearch;
  holder.__susongSearch = undefined;
  await service?.close();
}
