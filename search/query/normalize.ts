import * as OpenCC from "opencc-js";

/**
 * Text normalisation shared by indexing and querying, and by both adapters:
 * Unicode NFKC (full-width letters and digits become half-width), Traditional → Simplified Chinese
 * (Taiwan phrases included: 軟體 → 软件), lower case.
 */
const toSimplified = OpenCC.Converter({ from: "twp", to: "cn" });

export function normalizeText(text: string): string {
  return toSimplified(text.normalize("NFKC")).toLowerCase();
}
