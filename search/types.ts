/**
 * The search port: what the app asks of a search engine. Two adapters implement it (embedded MiniSearch,
 * Meilisearch) and pass one contract test suite (search/contract.ts).
 */
export type ListingKind = "achievement" | "need";

/** One listing as the index sees it (both kinds in one index, told apart by `kind`). */
export type SearchDocument = {
  /** `${kind}-${listing id}` — unique across kinds */
  id: string;
  kind: ListingKind;
  listingId: string;
  externalId: string | null;
  title: string;
  /** abstract / description */
  body: string;
  keywords: string[];
  techField: string | null;
  techFieldMajor: string | null;
  industry: string | null;
  /** the industry's top level (国民经济行业门类), e.g. 制造业 */
  industryMajor: string | null;
  maturity: string | null;
  cooperationModes: string[];
  priceMin: number | null;
  priceMax: number | null;
  negotiable: boolean;
  region: string | null;
  ownerOrgId: string;
  ownerOrgName: string;
  /** epoch milliseconds, 0 when unknown */
  publishedAt: number;
};

export const FACETS = ["kind", "techFieldMajor", "industryMajor", "maturity", "cooperationModes", "region"] as const;
export type FacetName = (typeof FACETS)[number];

/** The filter syntax tree: AND over fields, OR within a field's values. */
export type SearchFilter = Partial<Record<FacetName, string[]>>;

export type SearchSort = "relevance" | "newest";

/** A query after query understanding: what both adapters receive. */
export type AnalyzedTerm = {
  term: string;
  /** relative importance (1 for a typed word; TF-IDF for extracted keywords) */
  weight: number;
  /** synonyms and concepts that also count, with their own weights */
  alternatives: { term: string; weight: number }[];
};

export type AnalyzedQuery = {
  text: string;
  /** at most 10 (Meilisearch reads only the first 10 words of a query) */
  terms: AnalyzedTerm[];
};

export type SearchRequest = {
  query: AnalyzedQuery;
  filter?: SearchFilter;
  sort?: SearchSort;
  /** 0-based offset and page size */
  offset?: number;
  limit?: number;
  /** count values of these facets over all matches */
  facets?: readonly FacetName[];
  /** instant search: the last word may be the start of a longer one */
  prefix?: boolean;
};

export type SearchHit = {
  document: SearchDocument;
  /** engine relevance, comparable only within one response */
  score: number;
  /** query terms (or their alternatives) found in the document */
  matchedTerms: string[];
};

export type SearchResponse = {
  hits: SearchHit[];
  total: number;
  facets: Partial<Record<FacetName, Record<string, number>>>;
};

export type EngineName = "embedded" | "meilisearch";

export type SearchEngine = {
  readonly name: EngineName;
  /** applies index settings; idempotent, called at start-up */
  applySettings(): Promise<void>;
  upsert(documents: SearchDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  search(request: SearchRequest): Promise<SearchResponse>;
  /** every indexed document id with its publication-relevant fingerprint, for drift checks */
  listIds(): Promise<string[]>;
  count(): Promise<number>;
  clear(): Promise<void>;
  /** throws when the engine cannot be reached */
  health(): Promise<void>;
};

export class SearchUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SearchUnavailableError";
  }
}
