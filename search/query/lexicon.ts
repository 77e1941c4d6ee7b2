import fs from "node:fs";
import path from "node:path";

/**
 * The query-understanding data (search/data/*.txt): domain dictionary, synonym groups, everyday → technical
 * concept map and stop words. Text files so that non-programmers can extend them; loaded once.
 */
export type Lexicon = {
  dictionary: { word: string; freq: number }[];
  /** word → the other words of its synonym groups */
  synonyms: Map<string, string[]>;
  /** the groups as written, for Meilisearch's `synonyms` setting */
  synonymGroups: string[][];
  /** everyday word → technical concepts (one way) */
  concepts: Map<string, string[]>;
  stopWords: Set<string>;
};

function dataDir(): string {
  const candidates = [
    path.resolve(import.meta.dirname ?? ".", "../data"),
    path.resolve(process.cwd(), "search/data"),
  ];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "synonyms.txt")));
  if (!found) throw new Error(`search data files not found in ${candidates.join(" or ")}`);
  return found;
}

function lines(file: string): string[] {
  return fs
    .readFileSync(path.join(dataDir(), file), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

function words(list: string): string[] {
  return list
    .split(/[,，]/)
    .map((word) => word.trim().normalize("NFKC").toLowerCase())
    .filter(Boolean);
}

let cached: Lexicon | undefined;

export function getLexicon(): Lexicon {
  if (cached) return cached;
  const dictionary = lines("dictionary.txt").map((line) => {
    const [word = "", freq] = line.split(/\s+/);
    return { word: word.toLowerCase(), freq: Number(freq ?? 1000) || 1000 };
  });
  const synonymGroups = lines("synonyms.txt").map(words).filter((group) => group.length > 1);
  const synonyms = new Map<string, string[]>();
  for (const group of synonymGroups) {
    for (const word of group) {
      const others = group.filter((other) => other !== word);
      synonyms.set(word, [...new Set([...(synonyms.get(word) ?? []), ...others])]);
    }
  }
  const concepts = new Map<string, string[]>();
  for (const line of lines("concepts.txt")) {
    const [left = "", right = ""] = line.split("=>");
    const targets = words(right);
    for (const word of words(left)) concepts.set(word, [...new Set([...(concepts.get(word) ?? []), ...targets])]);
  }
  const stopWords = new Set(lines("stopwords.txt").map((word) => word.toLowerCase()));
  cached = { dictionary, synonyms, synonymGroups, concepts, stopWords };
  return cached;
}
