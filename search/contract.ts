import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { analyzeSearchQuery } from "./query/analyze";
import type { SearchDocument, SearchEngine } from "./types";

/**
 * The contract every search adapter passes: robust properties (membership, top-k containment, rough
 * ordering), never exact scores.
 */
export function makeDocument(overrides: Partial<SearchDocument> & { listingId: string; title: string }): SearchDocument {
  const kind = overrides.kind ?? "achievement";
  return {
    id: `${kind}-${overrides.listingId}`,
    kind,
    externalId: null,
    body: "",
    keywords: [],
    techField: null,
    techFieldMajor: null,
    industry: null,
    industryMajor: null,
    maturity: null,
    cooperationModes: [],
    priceMin: null,
    priceMax: null,
    negotiable: true,
    region: null,
    ownerOrgId: "org-1",
    ownerOrgName: "测试机构",
    publishedAt: Date.UTC(2024, 0, 1),
    ...overrides,
  };
}

export const contractDocuments: SearchDocument[] = [
  makeDocument({ listingId: "a1", title: "高效钙钛矿电池制备工艺", body: "一种稳定的钙钛矿太阳能电池的制备方法，光电转换效率高。", techFieldMajor: "新能源", maturity: "SMALL_PILOT", publishedAt: Date.UTC(2024, 5, 1) }),
  makeDocument({ listingId: "a2", title: "动力电池热管理系统", body: "用于新能源汽车动力电池组的液冷散热与均温控制。", techFieldMajor: "新能源", maturity: "MASS_PRODUCTION", cooperationModes: ["LICENSE"], publishedAt: Date.UTC(2023, 1, 1) }),
  makeDocument({ listingId: "a3", title: "茶叶精深加工技术", body: "茶多酚提取与速溶茶粉生产工艺，适合茶企升级。", techFieldMajor: "现代农业", maturity: "INDUSTRIALIZED", publishedAt: Date.UTC(2022, 1, 1) }),
  makeDocument({ listingId: "a4", title: "纺织品色牢度提升助剂", body: "改善印染织物的耐洗色牢度，减少褪色。", techFieldMajor: "新材料", maturity: "LAB", publishedAt: Date.UTC(2021, 1, 1) }),
  makeDocument({ listingId: "a5", title: "工业机器人视觉定位", body: "基于机器视觉的工件识别与抓取，用于钙钛矿组件产线的自动上下料。", techFieldMajor: "装备制造", maturity: "PILOT", publishedAt: Date.UTC(2024, 2, 1) }),
  makeDocument({ listingId: "n1", kind: "need", title: "寻求锂离子电池回收技术", body: "退役动力电池梯次利用与材料回收。", techFieldMajor: "新能源", publishedAt: Date.UTC(2024, 7, 1) }),
];

const ids = (response: { hits: { document: SearchDocument }[] }) => response.hits.map((hit) => hit.document.listingId);

export function defineSearchContract(name: string, create: () => Promise<SearchEngine>): void {
  describe(name, () => {
    let engine: SearchEngine;
    beforeAll(async () => {
      engine = await create();
      await engine.applySettings();
      await engine.applySettings(); // idempotent
      await engine.clear();
      await engine.upsert(contractDocuments);
    });
    afterAll(async () => {
      await engine?.clear();
    });

    test("finds a document by a Chinese word of its title, title matches first", async () => {
      const response = await engine.search({ query: analyzeSearchQuery("钙钛矿"), limit: 10 });
      expect(ids(response)).toContain("a1");
      expect(ids(response)).toContain("a5");
      expect(ids(response).indexOf("a1")).toBeLessThan(ids(response).indexOf("a5"));
    });

    test("Traditional Chinese finds Simplified text", async () => {
      const response = await engine.search({ query: analyzeSearchQuery("鈣鈦礦電池"), limit: 10 });
      expect(ids(response)[0]).toBe("a1");
    });

    test("synonyms from the shared table: 锂电池 finds 动力电池", async () => {
      const response = await engine.search({ query: analyzeSearchQuery("锂电池"), filter: { kind: ["achievement"] }, limit: 10 });
      expect(ids(response)).toContain("a2");
    });

    test("filters by kind and facet values, and counts facets", async () => {
      const needs = await engine.search({ query: analyzeSearchQuery("电池"), filter: { kind: ["need"] }, limit: 10, facets: ["kind"] });
      expect(ids(needs)).toEqual(["n1"]);
      const mature = await engine.search({ query: analyzeSearchQuery(""), filter: { kind: ["achievement"], maturity: ["MASS_PRODUCTION", "INDUSTRIALIZED"] }, limit: 10, facets: ["techFieldMajor"] });
      expect(ids(mature).sort()).toEqual(["a2", "a3"]);
      expect(mature.facets.techFieldMajor).toEqual({ 新能源: 1, 现代农业: 1 });
    });

    test("an empty query lists everything, newest first, with pagination", async () => {
      const first = await engine.search({ query: analyzeSearchQuery(""), limit: 2, offset: 0 });
      const second = await engine.search({ query: analyzeSearchQuery(""), limit: 2, offset: 2 });
      expect(first.total).toBe(contractDocuments.length);
      expect(ids(first)).toEqual(["n1", "a1"]);
      expect(ids(second)).toEqual(["a5", "a2"]);
    });

    test("upsert replaces, remove deletes, ids are listed", async () => {
      await engine.upsert([makeDocument({ listingId: "a3", title: "乌龙茶萎凋设备", body: "自动化萎凋。", techFieldMajor: "装备制造" })]);
      expect(await engine.count()).toBe(contractDocuments.length);
      expect(ids(await engine.search({ query: analyzeSearchQuery("茶多酚"), limit: 10 }))).not.toContain("a3");
      expect(ids(await engine.search({ query: analyzeSearchQuery("萎凋"), limit: 10 }))).toContain("a3");
      await engine.remove(["achievement-a4"]);
      expect(ids(await engine.search({ query: analyzeSearchQuery("色牢度"), limit: 10 }))).not.toContain("a4");
      expect((await engine.listIds()).sort()).toEqual(contractDocuments.map((d) => d.id).filter((id) => id !== "achievement-a4").sort());
    });

    test("reports matched terms", async () => {
      const response = await engine.search({ query: analyzeSearchQuery("茶叶 萎凋"), limit: 10 });
      expect(response.hits[0]?.matchedTerms.length).toBeGreaterThan(0);
    });
  });
}
