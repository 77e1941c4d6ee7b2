import { Jieba } from "@node-rs/jieba";
import { dict, idf } from "@node-rs/jieba/dict";
import { getLexicon } from "./lexicon";
import { normalizeText } from "./normalize";

/**
 * One tokenizer for indexing and querying, for both adapters: normalise (NFKC, Traditional → Simplified,
 * lower case), segment with jieba without HMM (what Meilisearch's charabia does for Chinese) and with our domain
 * dictionary, drop punctuation and stop words. Documents are segmented in search mode (compounds and their
 * parts), queries in exact mode, so a query word matches a compound in a document and its parts.
 */
let jieba: Jieba | undefined;

function segmenter(): Jieba {
  if (jieba) return jieba;
  const instance = Jieba.withDict(dict);
  const lexicon = getLexicon();
  const extra = new Map<string, number>();
  for (const { word, freq } of lexicon.dictionary) extra.set(word, freq);
  const tableWords = [...lexicon.synonyms.keys(), ...lexicon.concepts.keys(), ...[...lexicon.concepts.values()].flat()];
  for (const word of tableWords) if (!extra.has(word) && !/\s/.test(word)) extra.set(word, 500);
  instance.loadDict(Buffer.from([...extra].map(([word, freq]) => `${word} ${freq}`).join("\n")));
  jieba = instance;
  return instance;
}

const meaningful = /[\p{Script=Han}\p{L}\p{N}]/u;

function keep(token: string, stopWords: Set<string>): boolean {
  return token.trim() !== "" && meaningful.test(token) && !stopWords.has(token);
}

function segmentForIndex(text: string): string[] {
  const { stopWords } = getLexicon();
  return segmenter()
    .cutForSearch(normalizeText(text), false)
    .map((token) => token.trim())
    .filter((token) => keep(token, stopWords));
}

/**
 * Recently segmented texts. Indexing segments each listing twice — the search index and the matcher's corpus
 * statistics read the same title and body one after the other — so the second reading is a lookup. Two
 * generations: when the current one is full it becomes the previous one, so a burst never loses what it just
 * segmented.
 */
export const TOKEN_CACHE_SIZE = 8_192;
let recent = new Map<string, readonly string[]>();
let previous = new Map<string, readonly string[]>();

/** Tokens of a document field (search mode: compounds and their parts). The array is shared: do not modify it. */
export function indexTokens(text: string): readonly string[] {
  if (text === "") return [];
  let tokens = recent.get(text);
  if (tokens) return tokens;
  tokens = previous.get(text) ?? segmentForIndex(text);
  if (recent.size >= TOKEN_CACHE_SIZE) {
    previous = recent;
    recent = new Map();
  }
  recent.set(text, tokens);
  return tokens;
}

/** Tokens of a query (exact mode), in order, with repeats. */
export function queryTokens(text: string): string[] {
  const { stopWords } = getLexicon();
  return segmenter()
    .cut(normalizeText(text), false)
    .map((token) => token.trim())
    .filter((token) => keep(token, stopWords));
}

let generalIdf: { weights: Map<string, number>; median: number } | undefined;

/** jieba's general-language IDF table: the fallback weight of words the corpus has not seen. */
export function generalIdfTable(): { weights: Map<string, number>; median: number } {
  if (generalIdf) return generalIdf;
  const weights = new Map<string, number>();
  for (const line of Buffer.from(idf).toString("utf8").split("\n")) {
    const space = line.lastIndexOf(" ");
    if (space > 0) weights.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  const sorted = [...weights.values()].sort((a, b) => a - b);
  generalIdf = { weights, median: sorted[Math.floor(sorted.length / 2)] ?? 10 };
  return generalIdf;
}
