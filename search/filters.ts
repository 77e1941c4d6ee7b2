import type { FacetName, SearchDocument, SearchFilter } from "./types";
import { FACETS } from "./types";

/** The values a document has for a facet (several for cooperation modes). */
export function facetValues(document: SearchDocument, facet: FacetName): string[] {
  const value = document[facet];
  if (Array.isArray(value)) return value;
  return value === null || value === undefined || value === "" ? [] : [String(value)];
}

/** Evaluates the filter tree on one document (the embedded adapter and the database fallback use it). */
export function matchesFilter(document: SearchDocument, filter: SearchFilter | undefined): boolean {
  if (!filter) return true;
  for (const facet of FACETS) {
    const wanted = filter[facet];
    if (!wanted || wanted.length === 0) continue;
    const values = facetValues(document, facet);
    if (!wanted.some((value) => values.includes(value))) return false;
  }
  return true;
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The same tree in Meilisearch's filter syntax. */
export function toMeilisearchFilter(filter: SearchFilter | undefined): string[] {
  if (!filter) return [];
  const clauses: string[] = [];
  for (const facet of FACETS) {
    const wanted = filter[facet];
    if (!wanted || wanted.length === 0) continue;
    clauses.push(`${facet} IN [${wanted.map(quote).join(", ")}]`);
  }
  return clauses;
}

export function countFacets(documents: Iterable<SearchDocument>, facets: readonly FacetName[]): Partial<Record<FacetName, Record<string, number>>> {
  const counts: Partial<Record<FacetName, Record<string, number>>> = {};
  for (const facet of facets) counts[facet] = {};
  // Runs over every match of a query (tens of thousands at 100k listings): no allocation per document.
  const buckets = facets.map(() => new Map<string, number>());
  for (const document of documents) {
    for (let i = 0; i < facets.length; i++) {
      const value = document[facets[i] as FacetName];
      const bucket = buckets[i] as Map<string, number>;
      if (Array.isArray(value)) {
        for (const item of value) bucket.set(item, (bucket.get(item) ?? 0) + 1);
      } else if (value !== null && value !== undefined && value !== "") {
        const key = String(value);
        bucket.set(key, (bucket.get(key) ?? 0) + 1);
      }
    }
  }
  facets.forEach((facet, i) => {
    const bucket = counts[facet] as Record<string, number>;
    for (const [value, count] of buckets[i] as Map<string, number>) bucket[value] = count;
  });
  return counts;
}
