import { getLexicon } from "./query/lexicon";
import { FACETS } from "./types";

/**
 * Index settings, in code, applied idempotently at start-up. The embedded adapter reads the same
 * fields and boosts; Meilisearch receives `meilisearchSettings()`.
 */
export const INDEX_NAME = "listings";

/** searchable fields, most important first (Meilisearch's attribute ranking follows this order) */
export const searchableFields = ["title", "keywords", "techField", "body", "industry"] as const;

export const embeddedFieldBoosts: Record<(typeof searchableFields)[number], number> = {
  title: 3,
  keywords: 2,
  techField: 1.2,
  body: 1,
  industry: 0.5,
};

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
