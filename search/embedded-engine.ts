import MiniSearch, { type SearchResult } from "minisearch";
import { countFacets, matchesFilter } from "./filters";
import { indexTokens } from "./query/tokenizer";
import { embeddedFieldBoosts, searchableFields, typoMinLength } from "./settings";
import type { SearchDocument, SearchEngine, SearchRequest, SearchResponse, SearchHit } from "./types";

const SEPARATOR = "\u0001";

type IndexedFields = { id: string; title: string; body: string; keywords: string; techField: string; industry: string };

function toIndexed(document: SearchDocument): IndexedFields {
  return {
    id: document.id,
    title: document.title,
    body: document.body,
    keywords: document.keywords.join(" "),
    techField: document.techField ?? "",
    industry: document.industry ?? "",
  };
}

/**
 * The embedded adapter: MiniSearch (BM25+) in process memory with our jieba tokenizer. The default engine;
 * the index is rebuilt from the database at start-up and kept current by the outbox drainer.
 */
export function createEmbeddedEngine(): SearchEngine & { documents: Map<string, SearchDocument> } {
  const documents = new Map<string, SearchDocument>();
  const create = () =>
    new MiniSearch<IndexedFields>({
      fields: [...searchableFields],
      idField: "id",
      tokenize: (text) => indexTokens(text),
      processTerm: (term) => term,
      searchOptions: { tokenize: (text) => text.split(SEPARATOR).filter(Boolean), processTerm: (term) => term },
    });
  let index = create();

  function search(request: SearchRequest): SearchResponse {
    const { query } = request;
    const weights = new Map<string, number>();
    const prefixable = new Set<string>();
    for (const [position, term] of query.terms.entries()) {
      weights.set(term.term, Math.max(weights.get(term.term) ?? 0, term.weight));
      for (const alternative of term.alternatives) weights.set(alternative.term, Math.max(weights.get(alternative.term) ?? 0, alternative.weight));
      if (request.prefix && position === query.terms.length - 1) prefixable.add(term.term);
    }
    const filter = request.filter;
    const keep = (id: string) => {
      const document = documents.get(id);
      return document !== undefined && matchesFilter(document, filter);
    };
    let results: SearchResult[];
    if (weights.size === 0) {
      results = index.search(MiniSearch.wildcard, { filter: (result) => keep(String(result.id)) });
    } else {
      results = index.search([...weights.keys()].join(SEPARATOR), {
        combineWith: "OR",
        boost: embeddedFieldBoosts,
        boostTerm: (term) => weights.get(term) ?? 1,
        prefix: (term) => prefixable.has(term),
        fuzzy: (term) => (/^[a-z]+$/.test(term) && term.length >= typoMinLength.oneTypo ? 1 : false),
        weights: { fuzzy: 0.5, prefix: 0.6 },
        filter: (result) => keep(String(result.id)),
      });
    }
    if (request.sort === "newest" || weights.size === 0) {
      results.sort((a, b) => (documents.get(String(b.id))?.publishedAt ?? 0) - (documents.get(String(a.id))?.publishedAt ?? 0) || String(a.id).localeCompare(String(b.id)));
    }
    const facets = request.facets?.length ? countFacets(results.map((result) => documents.get(String(result.id))).filter((d) => d !== undefined), request.facets) : {};
    const offset = request.offset ?? 0;
    const limit = request.limit ?? 20;
    const hits: SearchHit[] = [];
    for (const result of results.slice(offset, offset + limit)) {
      const document = documents.get(String(result.id));
      if (document) hits.push({ document, score: result.score, matchedTerms: [...new Set(result.terms)] });
    }
    return { hits, total: results.length, facets };
  }

  return {
    name: "embedded",
    documents,
    async applySettings() {
      // Settings are the constructor options above; nothing to apply to a live index.
    },
    async upsert(documentsToIndex) {
      const batch = [...new Map(documentsToIndex.map((document) => [document.id, document])).values()];
      for (const document of batch) {
        if (documents.has(document.id)) index.discard(document.id);
        documents.set(document.id, document);
      }
      index.addAll(batch.map(toIndexed));
    },
    async remove(ids) {
      for (const id of ids) {
        if (!documents.has(id)) continue;
        index.discard(id);
        documents.delete(id);
      }
    },
    async search(request) {
      return search(request);
    },
    async listIds() {
      return [...documents.keys()];
    },
    async count() {
      return documents.size;
    },
    async clear() {
      documents.clear();
      index = create();
    },
    async health() {},
  };
}
