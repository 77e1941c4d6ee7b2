import type { AnalyzedQuery, AnalyzedTerm } from "../types";
import { getLexicon } from "./lexicon";
import { normalizeText } from "./normalize";
import { generalIdfTable, indexTokens, queryTokens } from "./tokenizer";

/** Meilisearch reads only the first 10 words of a query; both adapters get at most this many. */
export const MAX_QUERY_TERMS = 10;
export const SYNONYM_WEIGHT = 0.8;
export const CONCEPT_WEIGHT = 0.6;

/** Document frequencies of a corpus, to weight extracted keywords by how distinctive they are. */
export class TermStatistics {
  documents = 0;
  private tokens = 0;
  private characters = 0;
  private frequencies = new Map<string, number>();

  add(text: string, tokens = indexTokens(text)): void {
    this.documents += 1;
    this.characters += text.length;
    this.tokens += tokens.length;
    for (const token of new Set(tokens)) this.frequencies.set(token, (this.frequencies.get(token) ?? 0) + 1);
  }

  /** average document length in characters */
  get averageCharacters(): number {
    return this.documents === 0 ? 1 : this.characters / this.documents;
  }

  /** average document length in tokens */
  get averageLength(): number {
    return this.documents === 0 ? 1 : this.tokens / this.documents;
  }

  /** Smoothed IDF from the corpus; words it has never seen fall back to jieba's general table. */
  idf(term: string): number {
    const df = this.frequencies.get(term);
    if (df === undefined || this.documents === 0) {
      const general = generalIdfTable();
      return (general.weights.get(term) ?? general.median) * 0.7;
    }
    return Math.log(1 + (this.documents - df + 0.5) / (df + 0.5));
  }
}

function alternativesOf(term: string): AnalyzedTerm["alternatives"] {
  const { synonyms, concepts } = getLexicon();
  const alternatives = new Map<string, number>();
  for (const synonym of synonyms.get(term) ?? []) alternatives.set(synonym, SYNONYM_WEIGHT);
  for (const concept of concepts.get(term) ?? []) if (!alternatives.has(concept)) alternatives.set(concept, CONCEPT_WEIGHT);
  alternatives.delete(term);
  return [...alternatives].map(([word, weight]) => ({ term: word, weight }));
}

/** Words of the synonym and concept tables found anywhere in the text, whatever the segmentation did. */
function tableWordsIn(normalized: string): string[] {
  const { synonyms, concepts } = getLexicon();
  const found: string[] = [];
  for (const word of [...concepts.keys(), ...synonyms.keys()]) if (normalized.includes(word)) found.push(word);
  // Keep the longest: 锂离子电池 rather than also 锂电 inside it.
  return found.filter((word) => !found.some((other) => other !== word && other.includes(word)));
}

/** A short query typed by a user: its words in order, at most 10, each with its synonyms and concepts. */
export function analyzeSearchQuery(text: string): AnalyzedQuery {
  const terms: AnalyzedTerm[] = [];
  const seen = new Set<string>();
  for (const token of queryTokens(text)) {
    if (seen.has(token)) continue;
    seen.add(token);
    terms.push({ term: token, weight: 1, alternatives: alternativesOf(token) });
    if (terms.length === MAX_QUERY_TERMS) break;
  }
  return { text, terms };
}

export type Keyword = { term: string; weight: number };

/** TF-IDF keywords of a longer text (a need or an achievement), best first. */
export function extractKeywords(text: string, statistics: TermStatistics | undefined, limit: number): Keyword[] {
  const counts = new Map<string, number>();
  for (const token of queryTokens(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
  const idf = (term: string) => (statistics ? statistics.idf(term) : (generalIdfTable().weights.get(term) ?? generalIdfTable().median));
  return [...counts]
    .map(([term, count]) => ({ term, weight: (1 + Math.log(count)) * idf(term) }))
    .sort((a, b) => b.weight - a.weight || a.term.localeCompare(b.term))
    .slice(0, limit);
}

/**
 * A listing's text as a query for matching: the strongest TF-IDF keywords plus the domain words the tables
 * recognise, at most 10 terms, weights scaled to 0..1.
 */
export function analyzeListingText(text: string, statistics?: TermStatistics, skip = 0): AnalyzedQuery {
  const normalized = normalizeText(text);
  const tableWords = skip > 0 ? [] : tableWordsIn(normalized).slice(0, 4);
  const keywords = extractKeywords(text, statistics, MAX_QUERY_TERMS * 2 + skip).slice(skip);
  const top = keywords[0]?.weight ?? 1;
  const terms: AnalyzedTerm[] = [];
  const seen = new Set<string>();
  const push = (term: string, weight: number) => {
    if (seen.has(term) || terms.length >= MAX_QUERY_TERMS) return;
    seen.add(term);
    terms.push({ term, weight, alternatives: alternativesOf(term) });
  };
  for (const keyword of keywords.slice(0, MAX_QUERY_TERMS - tableWords.length)) push(keyword.term, keyword.weight / top);
  for (const word of tableWords) push(word, 0.7);
  for (const keyword of keywords) push(keyword.term, keyword.weight / top);
  return { text, terms };
}
