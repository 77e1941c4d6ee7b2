import { Meilisearch, MeilisearchApiError } from "meilisearch";
import { toMeilisearchFilter } from "./filters";
import { queryWords, wordsFoundIn } from "./query/highlight";
import { INDEX_NAME, meilisearchSettings } from "./settings";
import { type FacetName, type SearchDocument, type SearchEngine, type SearchRequest, type SearchResponse, SearchUnavailableError } from "./types";

/**
 * The Meilisearch adapter (production). Query understanding happens before: the engine gets at most 10
 * terms; synonyms and concepts come from its `synonyms` setting, built from the same tables.
 */
export function createMeilisearchEngine(options: { url: string; apiKey?: string; indexName?: string; timeoutMs?: number }): SearchEngine {
  const client = new Meilisearch({ host: options.url, apiKey: options.apiKey, timeout: options.timeoutMs ?? 5_000 });
  const indexName = options.indexName ?? INDEX_NAME;
  const index = client.index<SearchDocument>(indexName);

  async function call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof MeilisearchApiError) throw error;
      throw new SearchUnavailableError(`Meilisearch ${what} failed: ${String(error)}`, { cause: error });
    }
  }

  async function search(request: SearchRequest): Promise<SearchResponse> {
    const q = request.query.terms.map((term) => term.term).join(" ");
    const response = await call("search", () =>
      index.search(q, {
        filter: toMeilisearchFilter(request.filter),
        facets: request.facets ? [...request.facets] : undefined,
        offset: request.offset ?? 0,
        limit: request.limit ?? 20,
        sort: request.sort === "newest" || q === "" ? ["publishedAt:desc"] : undefined,
        showRankingScore: true,
        matchingStrategy: "last",
      }),
    );
    const words = queryWords(request.query);
    return {
      hits: response.hits.map((hit) => {
        const { _rankingScore, _formatted, _matchesPosition, _rankingScoreDetails, ...document } = hit;
        void _formatted;
        void _matchesPosition;
        void _rankingScoreDetails;
        return { document, score: _rankingScore ?? 0, matchedTerms: wordsFoundIn(`${document.title}\n${document.body}`, words) };
      }),
      total: response.estimatedTotalHits ?? response.hits.length,
      facets: (response.facetDistribution ?? {}) as Partial<Record<FacetName, Record<string, number>>>,
    };
  }

  return {
    name: "meilisearch",
    async applySettings() {
      await call("create index", async () => {
        try {
          const task = await client.createIndex(indexName, { primaryKey: "id" }).waitTask();
          if (task.status === "failed" && task.error?.code !== "index_already_exists") throw new Error(task.error?.message ?? "create index failed");
        } catch (error) {
          if (!(error instanceof MeilisearchApiError && error.cause?.code === "index_already_exists")) throw error;
        }
      });
      await call("update settings", () => index.updateSettings(meilisearchSettings()).waitTask());
    },
    async upsert(documents) {
      if (documents.length > 0) await call("add documents", () => index.addDocuments(documents, { primaryKey: "id" }).waitTask());
    },
    async remove(ids) {
      if (ids.length > 0) await call("delete documents", () => index.deleteDocuments(ids).waitTask());
    },
    search,
    async listIds() {
      const ids: string[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await call("list documents", () => index.getDocuments({ fields: ["id"], offset, limit: 1000 }));
        ids.push(...page.results.map((document) => document.id));
        if (page.results.length < 1000) return ids;
      }
    },
    async count() {
      return (await call("stats", () => index.getStats())).numberOfDocuments;
    },
    async clear() {
      await call("delete all documents", () => index.deleteAllDocuments().waitTask());
    },
    async health() {
      await call("health", () => client.health());
    },
  };
}
