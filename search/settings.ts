import { getLexicon } from "./query/lexicon";
import { FACETS } from "./types";

/**
 * Index settings, in code, applied idempotently at start-up. The embedded adapter reads the same
 * fields and boosts; Meilisearch receives `meilisearchSettings()`.
 */
export const INDEX_NAME = "listings";

/** searchable fields, most important first (Meilisearch's attribute ranking follows this order) */
export const searchableFields = ["title", "keywords", "techField", "body", "industry"] as const;

/**
 * The embedded adapter indexes two fields: the title, boosted, and one combined text (keywords, technical field,
 * body, industry). Every indexed field keeps its own posting list per word, and the short fields (field, industry)
 * are made of the most frequent words of the corpus: five fields cost about twice the memory and query time of two
 * for no measurable gain in matching quality (docs/decisions/014-embedded-search-at-100k.md).
 */
export const embeddedFields = ["title", "text"] as const;
export const embeddedFieldBoosts: Record<(typeof embeddedFields)[number], number> = {
  title: 3,
  text: 1,
};

/**
 * Retrieval plan of the embedded adapter. A word found in at least `commonShare` of the listings (and in at least
 * `commonMinDocuments` of them) is a near stop word: it is left out of retrieval when the query has more distinctive
 * words, since scanning its postings is where the time goes while its weight (IDF) is close to nil. When every word
 * of a query is that frequent, the words are looked for in titles only (falling back to the whole text when titles
 * give less than a page). Long queries — a listing's keywords sent for matching, whose candidates the matcher
 * re-ranks on their full text — treat words from `longQueryCommonShare` of the listings as near stop words. The last word of
 * an instant-search query is read as a prefix only while it is rare (a frequent word is already complete; the index
 * holds the parts of compounds anyway), and never when it is a single Chinese character.
 */
export const embeddedRetrieval = {
  commonShare: 0.1,
  /** queries of more than `longQueryTerms` words (a listing's keywords, for matching) are stricter */
  longQueryTerms: 3,
  longQueryCommonShare: 0.03,
  commonMinDocuments: 300,
  prefixShare: 0.01,
  prefixMinDocuments: 100,
  /** synonyms and concepts kept per query word, strongest first */
  maxAlternatives: 6,
} as const;

/** Typo tolerance: Latin words only (Chinese words have no typos in the usual sense), as Meilisearch's defaults. */
export const typoMinLength = { oneTypo: 5, twoTypos: 9 } as const;

export const sortableAttributes = ["publishedAt", "priceMin"] as const;

/** Synonyms for Meilisearch: groups both ways, concepts one way (the embedded adapter expands queries itself). */
export function meilisearchSynonyms(): Record<string, string[]> {
  const lexicon = getLexicon();
  const synonyms: Record<string, string[]> = {};
  for (const [word, others] of lexicon.synonyms) synonyms[word] = [...others];
  for (const [word, concepts] of lexicon.concepts) synonyms[word] = [...new Set([...(synonyms[word] ?? []), ...concepts])];
  return synonyms;
}

export function meilisearchSettings() {
  return {
    searchableAttributes: [...searchableFields],
    filterableAttributes: [...FACETS, "listingId", "ownerOrgId"],
    sortableAttributes: [...sortableAttributes],
    displayedAttributes: ["*"],
    localizedAttributes: [{ attributePatterns: ["title", "body", "keywords", "techField", "industry"], locales: ["cmn" as const] }],
    stopWords: [...getLexicon().stopWords],
    synonyms: meilisearchSynonyms(),
    rankingRules: ["words", "typo", "proximity", "attribute", "sort", "exactness", "publishedAt:desc"],
    typoTolerance: { enabled: true, minWordSizeForTypos: typoMinLength },
    faceting: { maxValuesPerFacet: 100 },
    pagination: { maxTotalHits: 5000 },
  };
}
