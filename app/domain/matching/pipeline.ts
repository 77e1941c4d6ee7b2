import { analyzeListingText, MAX_QUERY_TERMS, TermStatistics } from "../../../search/query/analyze";
import { normalizeText } from "../../../search/query/normalize";
import { generalIdfTable, indexTokens, queryTokens } from "../../../search/query/tokenizer";
import type { AnalyzedQuery, ListingKind, SearchDocument, SearchEngine } from "../../../search/types";
import { FieldModel } from "./field-model";
import { type AchievementCriteria, type MatchScore, type NeedCriteria, scoreMatch } from "./scorer";

/**
 * The matching pipeline, the same for the product, the batch interface and the evaluation:
 * keyword extraction (TF-IDF over the corpus + the domain tables) → retrieval of candidates from the
 * search engine → re-ranking by the scorer, each result with its explanation.
 */
export const CANDIDATES = 150;
/** segmented listings kept for re-ranking: the whole corpus up to this size, the most recent beyond */
export const TEXT_CACHE_LIMIT = 250_000;
export const SECOND_QUERY_WEIGHT = 0.5;
export const EXPANSION_WEIGHT = 0.8;
export const FEEDBACK = { documents: 5, terms: 15, weight: 0.3 };
const BM25 = { k1: 1.2, b: 0.75 };

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

/** Numbers for words, shared by every segmented candidate of a matcher. */
class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];

  idOf(word: string): number | undefined {
    return this.ids.get(word);
  }

  add(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
    }
    return id;
  }

  word(id: number): string {
    return this.words[id] ?? "";
  }
}

/**
 * A candidate's words with their counts (search-mode segmentation: compounds and their parts), held as two
 * typed arrays sorted by word number: about 6 bytes a distinct word, so that every listing of a 100k corpus stays
 * segmented (a Map per listing took ~4 KB and had to be bounded, and re-segmenting evicted candidates dominated
 * the time of a match).
 */
class CandidateText {
  private readonly ids: Int32Array;
  private readonly counts: Uint16Array;
  readonly length: number;

  constructor(
    tokens: readonly string[],
    private readonly vocabulary: Vocabulary,
  ) {
    const counted = new Map<number, number>();
    for (const token of tokens) {
      const id = vocabulary.add(token);
      counted.set(id, (counted.get(id) ?? 0) + 1);
    }
    const ids = Int32Array.from(counted.keys()).sort();
    this.ids = ids;
    this.counts = Uint16Array.from(ids, (id) => Math.min(65_535, counted.get(id) ?? 0));
    this.length = tokens.length;
  }

  count(word: string): number {
    const id = this.vocabulary.idOf(word);
    return id === undefined ? 0 : this.countOf(id);
  }

  countOf(id: number): number {
    let low = 0;
    let high = this.ids.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = this.ids[middle] as number;
      if (at === id) return this.counts[middle] as number;
      if (at < id) low = middle + 1;
      else high = middle - 1;
    }
    return 0;
  }

  *words(): Generator<string> {
    for (const id of this.ids) yield this.vocabulary.word(id);
  }
}

type ScoringTerm = { id: number; weight: number };

/** The candidate's text as the re-ranker reads it: the title twice, the body, the keywords. */
const candidateTextOf = (document: SearchDocument) => `${document.title}\n${document.title}\n${document.body}\n${document.keywords.join(" ")}`;

/** The tokens of `candidateTextOf`, segmented part by part (the same tokens; the parts are cached by the tokenizer). */
function candidateTokensOf(document: SearchDocument): string[] {
  const title = indexTokens(document.title);
  return [...title, ...title, ...indexTokens(document.body), ...indexTokens(document.keywords.join(" "))];
}

export class Matcher {
  readonly statistics = new TermStatistics();
  readonly fields = new FieldModel();
  private readonly vocabulary = new Vocabulary();
  /** segmented candidates, so that re-ranking does not segment the same listing again (bounded) */
  private texts = new Map<string, CandidateText>();

  private candidateText(document: SearchDocument, tokens?: readonly string[]): CandidateText {
    let text = this.texts.get(document.id);
    if (text && !tokens) return text;
    text = new CandidateText(tokens ?? candidateTokensOf(document), this.vocabulary);
    if (this.texts.size >= TEXT_CACHE_LIMIT) {
      const oldest = this.texts.keys().next().value;
      if (oldest !== undefined) this.texts.delete(oldest);
    }
    this.texts.set(document.id, text);
    return text;
  }

  constructor(readonly engine: SearchEngine) {}

  /** Learns corpus statistics and field vocabularies from documents (call for everything indexed). */
  learn(documents: SearchDocument[]): void {
    // Loaded here, while the index is built, rather than by the first match a user asks for (~0.7 s).
    generalIdfTable();
    for (const document of documents) {
      const tokens = candidateTokensOf(document);
      this.statistics.add(candidateTextOf(document), tokens);
      this.candidateText(document, tokens);
      if (document.kind === "achievement" && document.techFieldMajor) this.fields.add(document.techFieldMajor, tokens);
    }
  }

  /** Drops cached segmentations of listings that changed (the drainer calls it after indexing them). */
  forget(documentIds: string[]): void {
    for (const id of documentIds) this.texts.delete(id);
  }

  /** The source as engine queries: its 10 strongest keywords, then (for long texts) the next 10. */
  analyze(source: MatchSource): AnalyzedQuery[] {
    // The title says what is wanted most directly: it counts twice.
    const text = `${source.title}\n${source.title}\n${source.body}`;
    const first = analyzeListingText(text, this.statistics);
    const second = analyzeListingText(text, this.statistics, MAX_QUERY_TERMS);
    return second.terms.length >= 3 ? [first, second] : [first];
  }

  /**
   * The source's words as BM25 query weights, computed once per match: (1 + log tf) × IDF for its own words,
   * weight × IDF for expansions; words no listing has are left out (they cannot score).
   */
  private scoringTerms(sourceCounts: Map<string, number>, expansions: Map<string, number>): ScoringTerm[] {
    const terms: ScoringTerm[] = [];
    for (const [token, queryCount] of sourceCounts) {
      const id = this.vocabulary.idOf(token);
      if (id !== undefined) terms.push({ id, weight: (1 + Math.log(queryCount)) * this.statistics.idf(token) });
    }
    for (const [token, weight] of expansions) {
      const id = this.vocabulary.idOf(token);
      if (id !== undefined) terms.push({ id, weight: weight * this.statistics.idf(token) });
    }
    return terms;
  }

  /** BM25 of the source's whole vocabulary against one candidate (the engine saw only the keywords). */
  private fullTextScore(terms: ScoringTerm[], candidate: CandidateText): number {
    // The title counts twice in the candidate's text, hence twice the average length.
    const lengthNorm = 1 - BM25.b + (BM25.b * candidate.length) / this.statistics.averageLength;
    let score = 0;
    for (const { id, weight } of terms) {
      const tf = candidate.countOf(id);
      if (tf) score += weight * ((tf * (BM25.k1 + 1)) / (tf + BM25.k1 * lengthNorm));
    }
    return score;
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
    const queries = this.analyze(source);
    const query = queries[0];
    if (!query || query.terms.length === 0) return [];
    // Retrieval: each query brings its candidates; engine relevance is normalised per query and summed.
    const candidates = new Map<string, { document: SearchDocument; engine: number }>();
    for (const [position, analyzed] of queries.entries()) {
      const response = await this.engine.search({ query: analyzed, filter: { kind: [target] }, limit: CANDIDATES });
      const best = response.hits[0]?.score || 1;
      const weight = position === 0 ? 1 : SECOND_QUERY_WEIGHT;
      for (const hit of response.hits) {
        const entry = candidates.get(hit.document.id) ?? { document: hit.document, engine: 0 };
        entry.engine += (weight * hit.score) / best;
        candidates.set(hit.document.id, entry);
      }
    }
    const sourceText = `${source.title}\n${source.body}`;
    const sourceCounts = new Map<string, number>();
    for (const token of queryTokens(`${source.title}\n${sourceText}`)) sourceCounts.set(token, (sourceCounts.get(token) ?? 0) + 1);
    // Synonyms and concepts of the source's words count too, less than the words themselves.
    const expansions = new Map<string, number>();
    for (const analyzed of queries) for (const term of analyzed.terms) for (const alternative of term.alternatives) if (!sourceCounts.has(alternative.term)) expansions.set(alternative.term, Math.max(expansions.get(alternative.term) ?? 0, alternative.weight * EXPANSION_WEIGHT));
    const inferredFields = source.document?.techFieldMajor ? [] : this.fields.predict([...sourceCounts.keys()]).map((entry) => entry.field);
    const sourceCriteria = this.criteriaOf(source.document, normalizeText(sourceText), inferredFields);
    const queryWeight = query.terms.reduce((sum, term) => sum + term.weight, 0) || 1;
    const now = options.now ?? Date.now();

    const sourceTerms = this.scoringTerms(sourceCounts, expansions);
    const scored = [...candidates.values()]
      .filter(({ document }) => !options.excludeOwnerOrgId || document.ownerOrgId !== options.excludeOwnerOrgId)
      .map(({ document, engine }) => {
        const text = this.candidateText(document);
        return { document, engine, text, fullText: this.fullTextScore(sourceTerms, text) };
      });
    // Pseudo-relevance feedback: the distinctive words of the best first-pass candidates bridge the
    // vocabulary gap between how enterprises describe a problem and how researchers describe a solution.
    if (FEEDBACK.documents > 0) {
      const firstPass = [...scored].sort((a, b) => b.fullText + b.engine - (a.fullText + a.engine)).slice(0, FEEDBACK.documents);
      const feedback = new Map<string, number>();
      for (const entry of firstPass) for (const token of entry.text.words()) if (!sourceCounts.has(token) && !expansions.has(token)) feedback.set(token, (feedback.get(token) ?? 0) + this.statistics.idf(token));
      const feedbackTerms = new Map([...feedback].sort((a, b) => b[1] - a[1]).slice(0, FEEDBACK.terms).map(([token]) => [token, FEEDBACK.weight]));
      const feedbackScoring = this.scoringTerms(new Map(), feedbackTerms);
      for (const entry of scored) entry.fullText += this.fullTextScore(feedbackScoring, entry.text);
    }
    const bestEngine = Math.max(1e-9, ...scored.map((entry) => entry.engine));
    const bestFullText = Math.max(1e-9, ...scored.map((entry) => entry.fullText));

    // Each query term with its synonyms and concepts, as word numbers (words no listing has cannot be found).
    const coverageWords = query.terms.map((term) => ({
      term,
      words: [term.term, ...term.alternatives.map((alternative) => alternative.term)].flatMap((word) => {
        const id = this.vocabulary.idOf(word);
        return id === undefined ? [] : [{ word, id }];
      }),
    }));
    const results: MatchResult[] = [];
    for (const { document: candidate, engine, text: candidateText, fullText } of scored) {
      const matchedTerms: string[] = [];
      let covered = 0;
      for (const { term, words } of coverageWords) {
        const found = words.find(({ id }) => candidateText.countOf(id) > 0)?.word;
        if (found === undefined) continue;
        matchedTerms.push(found);
        covered += found === term.term ? term.weight : term.weight * 0.7;
      }
      const evidence = { engine: engine / bestEngine, keywordCoverage: covered / queryWeight, vocabularyOverlap: fullText / bestFullText };
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
