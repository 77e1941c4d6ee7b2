import type { AnalyzedQuery } from "../types";
import { normalizeText } from "./normalize";

/** Every word a query can match: its terms and their synonyms and concepts. */
export function queryWords(query: AnalyzedQuery): string[] {
  return [...new Set(query.terms.flatMap((term) => [term.term, ...term.alternatives.map((alternative) => alternative.term)]))];
}

/** The query words found in a text (after the same normalisation as the index). */
export function wordsFoundIn(text: string, words: string[]): string[] {
  const normalized = normalizeText(text);
  return words.filter((word) => word !== "" && normalized.includes(word));
}

export type Segment = { text: string; match: boolean };

/**
 * Splits a text into plain and matching segments, around the first match, at most `length` characters:
 * the highlighted snippet of a result card. Matching runs on the normalised text, whose characters
 * line up with the original's (NFKC and Traditional → Simplified keep lengths for CJK text).
 */
export function highlight(text: string, words: string[], length = 120): Segment[] {
  const normalized = normalizeText(text);
  const aligned = normalized.length === text.length;
  const haystack = aligned ? normalized : text.toLowerCase();
  const marks = new Array<boolean>(text.length).fill(false);
  for (const word of [...words].sort((a, b) => b.length - a.length)) {
    if (!word) continue;
    for (let at = haystack.indexOf(word); at >= 0; at = haystack.indexOf(word, at + word.length)) marks.fill(true, at, at + word.length);
  }
  const first = marks.indexOf(true);
  const start = first < 0 || text.length <= length ? 0 : Math.max(0, Math.min(first - 20, text.length - length));
  const end = Math.min(text.length, start + length);
  const segments: Segment[] = [];
  for (let i = start; i < end; i++) {
    const match = marks[i] ?? false;
    const last = segments.at(-1);
    if (last && last.match === match) last.text += text[i];
    else segments.push({ text: text[i] ?? "", match });
  }
  if (start > 0) segments.unshift({ text: "…", match: false });
  if (end < text.length) segments.push({ text: "…", match: false });
  return segments;
}
