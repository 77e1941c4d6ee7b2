/**
 * Field vocabularies learned from the listings themselves: which words are typical of each technology field
 * (技术领域大类), as a multinomial naive Bayes model. A need seldom states its field; its words do.
 * Pure: fed tokens, no I/O.
 */
export class FieldModel {
  private wordCounts = new Map<string, Map<string, number>>();
  private fieldTotals = new Map<string, number>();
  private fieldDocuments = new Map<string, number>();
  private vocabulary = new Set<string>();
  private documents = 0;

  add(field: string, tokens: string[]): void {
    this.documents += 1;
    this.fieldDocuments.set(field, (this.fieldDocuments.get(field) ?? 0) + 1);
    let counts = this.wordCounts.get(field);
    if (!counts) this.wordCounts.set(field, (counts = new Map()));
    for (const token of new Set(tokens)) {
      counts.set(token, (counts.get(token) ?? 0) + 1);
      this.fieldTotals.set(field, (this.fieldTotals.get(field) ?? 0) + 1);
      this.vocabulary.add(token);
    }
  }

  /** Fields ordered by posterior probability; only those above `minShare` of the best. */
  predict(tokens: string[], minProbability = 0.25, max = 2): { field: string; probability: number }[] {
    if (this.documents === 0) return [];
    const unique = [...new Set(tokens)].filter((token) => this.vocabulary.has(token));
    if (unique.length === 0) return [];
    const size = this.vocabulary.size;
    const logs = [...this.wordCounts].map(([field, counts]) => {
      const total = this.fieldTotals.get(field) ?? 0;
      let log = Math.log((this.fieldDocuments.get(field) ?? 0) / this.documents);
      for (const token of unique) log += Math.log(((counts.get(token) ?? 0) + 0.1) / (total + 0.1 * size));
      return { field, log };
    });
    const best = Math.max(...logs.map((entry) => entry.log));
    const weights = logs.map((entry) => ({ field: entry.field, weight: Math.exp(entry.log - best) }));
    const sum = weights.reduce((total, entry) => total + entry.weight, 0);
    return weights
      .map((entry) => ({ field: entry.field, probability: entry.weight / sum }))
      .filter((entry) => entry.probability >= minProbability)
      .sort((a, b) => b.probability - a.probability)
      .slice(0, max);
  }
}
