import MiniSearch, { type SearchOptions, type SearchResult } from "minisearch";
import { countFacets, matchesFilter } from "./filters";
import { indexTokens } from "./query/tokenizer";
import { embeddedFieldBoosts, embeddedFields, embeddedRetrieval, typoMinLength } from "./settings";
import { FACETS, type AnalyzedQuery, type SearchDocument, type SearchEngine, type SearchRequest, type SearchResponse, type SearchHit } from "./types";

const SEPARATOR = "\u0001";

/** What MiniSearch indexes: tokens already segmented by our tokenizer, encoded, joined by SEPARATOR. */
type IndexedFields = { n: number; title: string; text: string };

/**
 * Index keys in a small alphabet. MiniSearch keeps its terms in a radix tree whose nodes are scanned linearly,
 * and Chinese words put thousands of distinct first characters under the root: adding a token scanned them all,
 * which took three quarters of the index build. Each UTF-16 unit above ASCII is written as four letters A–P
 * (its hexadecimal digits; tokens are lower case, so these never occur in them), so no node has more than a few
 * dozen children. The encoding works character by character: prefixes stay prefixes, and Latin words — the only
 * ones read with typo tolerance — are unchanged.
 */
const DIGITS = "ABCDEFGHIJKLMNOP";
const A = 65;

export function encodeTerm(term: string): string {
  let encoded = "";
  for (let i = 0; i < term.length; i++) {
    const unit = term.charCodeAt(i);
    if (unit < 0x80) encoded += term[i];
    else encoded += `${DIGITS[unit >> 12]}${DIGITS[(unit >> 8) & 15]}${DIGITS[(unit >> 4) & 15]}${DIGITS[unit & 15]}`;
  }
  return encoded;
}

export function decodeTerm(encoded: string): string {
  let term = "";
  for (let i = 0; i < encoded.length; i++) {
    const digit = encoded.charCodeAt(i) - A;
    if (digit < 0 || digit > 15) {
      term += encoded[i];
      continue;
    }
    let unit = 0;
    for (let j = 0; j < 4; j++) unit = unit * 16 + (encoded.charCodeAt(i + j) - A);
    term += String.fromCharCode(unit);
    i += 3;
  }
  return term;
}

const encodeAll = (tokens: readonly string[]) => tokens.map(encodeTerm).join(SEPARATOR);

/** A listing's tokens per indexed field (segmentations are cached by the tokenizer). */
function tokensOf(document: SearchDocument): { title: readonly string[]; text: string[] } {
  return {
    title: indexTokens(document.title),
    text: [...indexTokens(document.keywords.join(" ")), ...indexTokens(document.techField ?? ""), ...indexTokens(document.body), ...indexTokens(document.industry ?? "")],
  };
}

const splitTokens = (joined: string) => (joined === "" ? [] : joined.split(SEPARATOR));
const isSingleHan = (term: string) => term.length === 1 && /\p{Script=Han}/u.test(term);
const isLatin = (term: string) => /^[a-z]+$/.test(term);

export type RetrievalPlan = {
  /** words sent to MiniSearch with their weights */
  weights: Map<string, number>;
  /** words read as a prefix (at most the last typed word) */
  prefixable: Set<string>;
  /** words left out of retrieval as near stop words */
  dropped: string[];
  /** every typed word is a near stop word: look in titles first */
  titlesOnly: boolean;
};

/**
 * Which words of an analysed query the embedded index is asked for. Each typed word brings its synonyms and
 * concepts (at most `maxAlternatives`). Near stop words — words in at least `commonShare` of the listings — are
 * left out while the query has a more distinctive word; when every typed word is that frequent they are kept (the
 * query "技术" still lists what says 技术). Alternatives that frequent are always left out.
 */
export function planRetrieval(query: AnalyzedQuery, documentFrequency: (term: string) => number, documentCount: number, prefix: boolean): RetrievalPlan {
  const { commonShare, longQueryTerms, longQueryCommonShare, commonMinDocuments, prefixShare, prefixMinDocuments, maxAlternatives } = embeddedRetrieval;
  const share = query.terms.length > longQueryTerms ? longQueryCommonShare : commonShare;
  const commonAt = Math.max(commonMinDocuments, share * documentCount);
  const prefixBelow = Math.max(prefixMinDocuments, prefixShare * documentCount);
  const isCommon = (term: string) => documentFrequency(term) >= commonAt;
  const anyDistinctive = query.terms.some((term) => !isCommon(term.term));
  const weights = new Map<string, number>();
  const prefixable = new Set<string>();
  const dropped: string[] = [];
  const add = (term: string, weight: number) => weights.set(term, Math.max(weights.get(term) ?? 0, weight));
  for (const [position, term] of query.terms.entries()) {
    if (anyDistinctive && isCommon(term.term)) {
      dropped.push(term.term);
      continue;
    }
    add(term.term, term.weight);
    const alternatives = [...term.alternatives].sort((a, b) => b.weight - a.weight).slice(0, maxAlternatives);
    for (const alternative of alternatives) {
      if (isCommon(alternative.term)) dropped.push(alternative.term);
      else add(alternative.term, alternative.weight);
    }
    if (prefix && position === query.terms.length - 1 && !isSingleHan(term.term) && documentFrequency(term.term) < prefixBelow) prefixable.add(term.term);
  }
  return { weights, prefixable, dropped: [...new Set(dropped)].filter((term) => !weights.has(term)), titlesOnly: !anyDistinctive };
}

/**
 * The embedded adapter: MiniSearch (BM25+) in process memory with our jieba tokenizer. The default engine;
 * the index is rebuilt from the database at start-up and kept current by the outbox drainer.
 * Two fields (title, combined text), documents segmented once (shared with the matcher through the tokenizer's
 * cache), the adapter's own document frequencies to plan retrieval (`planRetrieval`).
 */
export function createEmbeddedEngine(): SearchEngine & { documents: Map<string, SearchDocument>; documentFrequency(term: string): number } {
  const documents = new Map<string, SearchDocument>();
  /**
   * MiniSearch identifies listings by a number of ours, so that a result leads to its listing (and its kind) by
   * an array index rather than a string lookup — tens of thousands of times for a frequent word's matches.
   */
  const numbers = new Map<string, number>();
  let byNumber: (SearchDocument | undefined)[] = [];
  /** word → number of listings whose title or text holds it */
  let frequencies = new Map<string, number>();
  const create = () =>
    new MiniSearch<IndexedFields>({
      fields: [...embeddedFields],
      idField: "n",
      tokenize: splitTokens,
      processTerm: (term) => term,
      searchOptions: { tokenize: splitTokens, processTerm: (term) => term },
    });
  let index = create();

  const documentFrequency = (term: string) => frequencies.get(term) ?? 0;
  const documentOf = (result: SearchResult) => byNumber[result.id as number];

  function countTerms(tokens: { title: readonly string[]; text: string[] }, delta: 1 | -1): void {
    const unique = new Set(tokens.title);
    for (const token of tokens.text) unique.add(token);
    for (const token of unique) {
      const next = (frequencies.get(token) ?? 0) + delta;
      if (next > 0) frequencies.set(token, next);
      else frequencies.delete(token);
    }
  }

  function search(request: SearchRequest): SearchResponse {
    const { weights, prefixable, titlesOnly } = planRetrieval(request.query, documentFrequency, documents.size, request.prefix === true);
    const filter = request.filter;
    const active = FACETS.filter((facet) => (filter?.[facet]?.length ?? 0) > 0);
    const kinds = new Set(filter?.kind ?? []);
    // The kind alone (every match query) is checked directly; otherwise the whole filter tree.
    const keep =
      active.length === 0
        ? undefined
        : active.length === 1 && active[0] === "kind"
          ? (n: number) => {
              const document = byNumber[n];
              return document !== undefined && kinds.has(document.kind);
            }
          : (n: number) => {
              const document = byNumber[n];
              return document !== undefined && matchesFilter(document, filter);
            };
    const encoded = new Map([...weights].map(([term, weight]) => [encodeTerm(term), weight]));
    const prefixEncoded = new Set([...prefixable].map(encodeTerm));
    const offset = request.offset ?? 0;
    const limit = request.limit ?? 20;
    let results: SearchResult[];
    if (weights.size === 0) {
      results = index.search(MiniSearch.wildcard, keep ? { filter: (result) => keep(result.id as number) } : {});
    } else {
      const options = {
        combineWith: "OR",
        boost: embeddedFieldBoosts,
        boostTerm: (term) => encoded.get(term) ?? 1,
        // Filtering here skips a listing before MiniSearch builds its result.
        boostDocument: keep ? (n) => (keep(n as number) ? 1 : 0) : undefined,
        prefix: (term) => prefixEncoded.has(term),
        fuzzy: (term) => (isLatin(term) && term.length >= typoMinLength.oneTypo ? 1 : false),
        maxFuzzy: 1,
        weights: { fuzzy: 0.5, prefix: 0.6 },
      } satisfies SearchOptions;
      const words = [...encoded.keys()].join(SEPARATOR);
      results = titlesOnly ? index.search(words, { ...options, fields: ["title"] }) : [];
      if (results.length < offset + limit) results = index.search(words, options);
    }
    if (request.sort === "newest" || weights.size === 0) {
      const published = (result: SearchResult) => documentOf(result)?.publishedAt ?? 0;
      const id = (result: SearchResult) => documentOf(result)?.id ?? "";
      results.sort((a, b) => published(b) - published(a) || id(a).localeCompare(id(b)));
    }
    const facets = request.facets?.length ? countFacets(matchedDocuments(results), request.facets) : {};
    const hits: SearchHit[] = [];
    for (const result of results.slice(offset, offset + limit)) {
      const document = documentOf(result);
      if (document) hits.push({ document, score: result.score, matchedTerms: [...new Set(result.terms.map(decodeTerm))] });
    }
    return { hits, total: results.length, facets };
  }

  function matchedDocuments(results: SearchResult[]): SearchDocument[] {
    const matched: SearchDocument[] = [];
    for (const result of results) {
      const document = documentOf(result);
      if (document) matched.push(document);
    }
    return matched;
  }

  function discard(id: string): void {
    const n = numbers.get(id);
    const document = documents.get(id);
    if (n === undefined || !document) return;
    index.discard(n);
    countTerms(tokensOf(document), -1);
    documents.delete(id);
    numbers.delete(id);
    byNumber[n] = undefined;
  }

  return {
    name: "embedded",
    documents,
    documentFrequency,
    async applySettings() {
      // Settings are the constructor options above; nothing to apply to a live index.
    },
    async upsert(documentsToIndex) {
      const batch = [...new Map(documentsToIndex.map((document) => [document.id, document])).values()];
      const indexed: IndexedFields[] = [];
      for (const document of batch) {
        discard(document.id);
        // A new number each time: MiniSearch forgets a discarded number lazily.
        const n = byNumber.length;
        byNumber.push(document);
        numbers.set(document.id, n);
        documents.set(document.id, document);
        const tokens = tokensOf(document);
        countTerms(tokens, 1);
        indexed.push({ n, title: encodeAll(tokens.title), text: encodeAll(tokens.text) });
      }
      index.addAll(indexed);
    },
    async remove(ids) {
      for (const id of ids) discard(id);
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
      numbers.clear();
      byNumber = [];
      frequencies = new Map();
      index = create();
    },
    async health() {},
  };
}
