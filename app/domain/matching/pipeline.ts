import { analyzeListingText, TermStatistics } from "../../../search/query/analyze";
import { normalizeText } from "../../../search/query/normalize";
import { indexTokens, queryTokens } from "../../../search/query/tokenizer";
import type { AnalyzedQuery, ListingKind, SearchDocument, SearchEngine } from "../../../search/types";
import { FieldModel } from "./field-model";
import { type AchievementCriteria, type MatchScore, type NeedCriteria, scoreMatch } from "./scorer";

/**
 * The matching pipeline, the same for the product, the batch interface and the evaluation:
 * keyword extraction (TF-IDF over the corpus + the domain tables) → retrieval of candidates from the
 * search engine → re-ranking by the scorer, each result with its explanation.
 */
export const CANDIDATES = 150;

export type MatchSource = {
  kind: ListingKind;
  title: string;
  body: string;
  /** structured fields, when the source is a stored listing */
  document?: SearchDocument;
};

export type MatchExplanation = {
  /** query terms (or their synonyms/concepts) found in both texts */
  matchedTerms: string[];
  /** the query the pipeline sent to the engine */
  queryTerms: string[];
  score: MatchScore;
  inferredFields: string[];
};

export type MatchResult = { document: SearchDocument; score: number; explanation: MatchExplanation };

const maturityWanted: [RegExp, string][] = [
  [/产业化|规模化生产/, "INDUSTRIALIZED"],
  [/量产|批量|成熟技术|成熟的技术/, "MASS_PRODUCTION"],
  [/中试/, "PILOT"],
];

export class Matcher {
  readonly statistics = new TermStatistics();
  readonly fields = new FieldModel();

  constructor(readonly engine: SearchEngine) {}

  /** Learns corpus statistics and field vocabularies from documents (call for everything indexed). */
  learn(documents: SearchDocument[]): void {
    for (const document of documents) {
      const text = `${document.title}\n${document.body}`;
      this.statistics.add(text);
      if (document.kind === "achievement" && document.techFieldMajor) this.fields.add(document.techFieldMajor, queryTokens(text));
    }
  }

  analyze(source: MatchSource): AnalyzedQuery {
    // The title says what is wanted most directly: it counts twice.
    return analyzeListingText(`${source.title}\n${source.title}\n${source.body}`, this.statistics);
  }

  private criteriaOf(document: SearchDocument | undefined, text: string, inferredFields: string[]): NeedCriteria & AchievementCriteria {
    const wanted = maturityWanted.find(([pattern]) => pattern.test(text))?.[1] ?? null;
    return {
      industryMajor: document?.industryMajor ?? null,
      techFields: document?.techFieldMajor ? [document.techFieldMajor] : inferredFields,
      cooperationModes: document?.cooperationModes ?? [],
      amountMin: document?.priceMin ?? null,
      amountMax: document?.priceMax ?? null,
      negotiable: document?.negotiable ?? true,
      region: document?.region ?? null,
      wantedMaturity: document?.kind === "need" || !document ? wanted : null,
      maturity: document?.maturity ?? null,
      publishedAt: document?.publishedAt ?? 0,
    };
  }

  async match(source: MatchSource, options: { limit?: number; now?: number; excludeOwnerOrgId?: string } = {}): Promise<MatchResult[]> {
    const target: ListingKind = source.kind === "need" ? "achievement" : "need";
    const query = this.analyze(source);
    if (query.terms.length === 0) return [];
    const response = await this.engine.search({ query, filter: { kind: [target] }, limit: CANDIDATES });
    const best = response.hits[0]?.score ?? 1;
    const sourceText = `${source.title}\n${source.body}`;
    const sourceTokens = new Set(queryTokens(sourceText));
    const inferredFields = source.document?.techFieldMajor ? [] : this.fields.predict([...sourceTokens]).map((entry) => entry.field);
    const sourceCriteria = this.criteriaOf(source.document, normalizeText(sourceText), inferredFields);
    const sourceWeight = [...sourceTokens].reduce((sum, token) => sum + this.statistics.idf(token), 0) || 1;
    const queryWeight = query.terms.reduce((sum, term) => sum + term.weight, 0) || 1;
    const now = options.now ?? Date.now();

    const results: MatchResult[] = [];
    for (const hit of response.hits) {
      const candidate = hit.document;
      if (options.excludeOwnerOrgId && candidate.ownerOrgId === options.excludeOwnerOrgId) continue;
      const candidateTokens = new Set(indexTokens(`${candidate.title}\n${candidate.body}\n${candidate.keywords.join(" ")}`));
      const matchedTerms: string[] = [];
      let covered = 0;
      for (const term of query.terms) {
        const found = [term.term, ...term.alternatives.map((alternative) => alternative.term)].find((word) => candidateTokens.has(word));
        if (found === undefined) continue;
        matchedTerms.push(found);
        covered += found === term.term ? term.weight : term.weight * 0.7;
      }
      let overlap = 0;
      for (const token of sourceTokens) if (candidateTokens.has(token)) overlap += this.statistics.idf(token);
      const evidence = { engine: hit.score / best, keywordCoverage: covered / queryWeight, vocabularyOverlap: overlap / sourceWeight };
      const candidateCriteria = this.criteriaOf(candidate, "", []);
      const need = source.kind === "need" ? sourceCriteria : candidateCriteria;
      const achievement = source.kind === "need" ? candidateCriteria : sourceCriteria;
      const score = scoreMatch(need, achievement, evidence, now);
      results.push({
        document: candidate,
        score: score.total,
        explanation: { matchedTerms, queryTerms: query.terms.map((term) => term.term), score, inferredFields },
      });
    }
    results.sort((a, b) => b.score - a.score || a.document.id.localeCompare(b.document.id));
    return results.slice(0, options.limit ?? 20);
  }
}
