import { describe, expect, test } from "vitest";
import { createEmbeddedEngine, decodeTerm, encodeTerm, planRetrieval } from "./embedded-engine";
import { defineSearchContract, makeDocument } from "./contract";
import { analyzeSearchQuery } from "./query/analyze";
import { embeddedRetrieval } from "./settings";
import type { AnalyzedQuery } from "./types";

defineSearchContract("embedded adapter (MiniSearch + jieba) contract", async () => createEmbeddedEngine());

describe("index keys in a small alphabet", () => {
  test("round-trip Chinese, Latin, digits and characters outside the BMP", () => {
    for (const term of ["钙钛矿", "graphene", "5g", "锂离子电池", "𠀀字", "β-胡萝卜素"]) expect(decodeTerm(encodeTerm(term))).toBe(term);
  });

  test("Latin words are unchanged and prefixes stay prefixes", () => {
    expect(encodeTerm("battery")).toBe("battery");
    expect(encodeTerm("钙钛矿电池").startsWith(encodeTerm("钙钛矿"))).toBe(true);
    expect(encodeTerm("钙钛矿")).toMatch(/^[A-P]+$/);
    expect(encodeTerm("钙钛矿")).not.toBe(encodeTerm("钙钛"));
  });
});

const query = (...words: [string, string[]?][]): AnalyzedQuery => ({
  text: words.map(([word]) => word).join(" "),
  terms: words.map(([term, alternatives = []]) => ({ term, weight: 1, alternatives: alternatives.map((alternative) => ({ term: alternative, weight: 0.8 })) })),
});

describe("retrieval plan", () => {
  const corpus = 100_000;
  const df = (frequencies: Record<string, number>) => (term: string) => frequencies[term] ?? 0;

  test("a near stop word is left out while the query has a distinctive word", () => {
    const plan = planRetrieval(query(["技术"], ["钙钛矿"]), df({ 技术: 40_000, 钙钛矿: 120 }), corpus, false);
    expect([...plan.weights.keys()]).toEqual(["钙钛矿"]);
    expect(plan.dropped).toEqual(["技术"]);
    expect(plan.titlesOnly).toBe(false);
  });

  test("when every word is that frequent, all are kept and looked for in titles first", () => {
    const plan = planRetrieval(query(["材料"], ["制备"]), df({ 材料: 37_000, 制备: 22_000 }), corpus, false);
    expect([...plan.weights.keys()].sort()).toEqual(["制备", "材料"].sort());
    expect(plan.titlesOnly).toBe(true);
  });

  test("frequent synonyms are left out, rare ones kept", () => {
    const plan = planRetrieval(query(["锂电池", ["电池", "锂离子电池"]]), df({ 锂电池: 300, 电池: 30_000, 锂离子电池: 900 }), corpus, false);
    expect([...plan.weights.keys()]).toEqual(["锂电池", "锂离子电池"]);
  });

  test("the last word is a prefix only while it is rare and not a single Chinese character", () => {
    expect([...planRetrieval(query(["钙钛"]), df({}), corpus, true).prefixable]).toEqual(["钙钛"]);
    expect([...planRetrieval(query(["电池"]), df({ 电池: 30_000 }), corpus, true).prefixable]).toEqual([]);
    expect([...planRetrieval(query(["钛"]), df({}), corpus, true).prefixable]).toEqual([]);
    expect([...planRetrieval(query(["钙钛"]), df({}), corpus, false).prefixable]).toEqual([]);
  });

  test("long queries (matching keywords) treat moderately frequent words as near stop words", () => {
    const moderate = embeddedRetrieval.longQueryCommonShare * corpus + 1;
    const frequencies = { 散热: moderate, 液冷: 50, 热管理: 80, 电池组: 400, 均温: 20 };
    const long = planRetrieval(query(["散热"], ["液冷"], ["热管理"], ["电池组"], ["均温"]), df(frequencies), corpus, false);
    expect(long.dropped).toEqual(["散热"]);
    const short = planRetrieval(query(["散热"], ["液冷"]), df(frequencies), corpus, false);
    expect(short.dropped).toEqual([]);
  });

  test("small corpora are not planned: every word is searched", () => {
    const plan = planRetrieval(query(["技术"], ["钙钛矿"]), df({ 技术: 150, 钙钛矿: 2 }), 200, false);
    expect([...plan.weights.keys()]).toEqual(["技术", "钙钛矿"]);
  });
});

describe("embedded adapter on a corpus large enough to plan retrieval", () => {
  const size = embeddedRetrieval.commonMinDocuments * 2;
  const corpus = Array.from({ length: size }, (_, i) =>
    makeDocument({
      listingId: `c${i}`,
      title: i % 50 === 0 ? `新型材料制备工艺${i}` : `设备改良${i}`,
      body: `本项目涉及材料制备${i % 40 === 0 ? "，采用钙钛矿涂层" : ""}。`,
      publishedAt: Date.UTC(2024, 0, 1) + i,
    }),
  );

  test("document frequencies follow upserts and removals", async () => {
    const engine = createEmbeddedEngine();
    await engine.upsert(corpus);
    const before = engine.documentFrequency("钙钛矿");
    expect(before).toBe(corpus.filter((document) => document.body.includes("钙钛矿")).length);
    await engine.remove(["achievement-c0"]);
    expect(engine.documentFrequency("钙钛矿")).toBe(before - 1);
    await engine.upsert([makeDocument({ listingId: "c40", title: "设备改良", body: "无关内容。" })]);
    expect(engine.documentFrequency("钙钛矿")).toBe(before - 2);
    expect(await engine.count()).toBe(size - 1);
  });

  test("a frequent word with a rare one: the rare one decides, matched terms are readable", async () => {
    const engine = createEmbeddedEngine();
    await engine.upsert(corpus);
    const response = await engine.search({ query: analyzeSearchQuery("材料 钙钛矿"), limit: 50 });
    expect(response.total).toBe(corpus.filter((document) => document.body.includes("钙钛矿")).length);
    expect(response.hits[0]?.matchedTerms).toContain("钙钛矿");
  });

  test("only frequent words: title matches first, the whole text when titles give less than a page", async () => {
    const engine = createEmbeddedEngine();
    await engine.upsert(corpus);
    const titled = corpus.filter((document) => document.title.includes("材料")).length;
    const firstPage = await engine.search({ query: analyzeSearchQuery("材料"), limit: 5 });
    expect(firstPage.total).toBe(titled);
    expect(firstPage.hits.every((hit) => hit.document.title.includes("材料"))).toBe(true);
    const beyond = await engine.search({ query: analyzeSearchQuery("材料"), limit: 20, offset: titled });
    expect(beyond.total).toBe(size);
  });
});
