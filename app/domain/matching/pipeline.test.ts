import { expect, test } from "vitest";
import { contractDocuments, makeDocument } from "../../../search/contract";
import { createEmbeddedEngine } from "../../../search/embedded-engine";
import { Matcher } from "./pipeline";

async function matcherWith(documents = contractDocuments) {
  const engine = createEmbeddedEngine();
  await engine.upsert(documents);
  const matcher = new Matcher(engine);
  matcher.learn(documents);
  return matcher;
}

test("a need finds the achievement that solves it, and the match explains itself", async () => {
  const matcher = await matcherWith();
  const need = makeDocument({ listingId: "n9", kind: "need", title: "新能源汽车电池散热", body: "我司电动汽车的锂电池组夏天过热，需要液冷热管理方案，希望技术许可。", cooperationModes: ["LICENSE"] });
  const [best, ...rest] = await matcher.match({ kind: "need", title: need.title, body: need.body, document: need });
  expect(best?.document.listingId).toBe("a2");
  expect(rest.every((result) => result.score <= (best?.score ?? 0))).toBe(true);
  const explanation = best?.explanation;
  expect(explanation?.queryTerms.length).toBeLessThanOrEqual(10);
  expect(explanation?.matchedTerms).toEqual(expect.arrayContaining(["散热"]));
  // 锂电池 in the need, 动力电池 in the achievement: the synonym table bridges them.
  expect(explanation?.matchedTerms.some((term) => term === "动力电池" || term === "锂电池")).toBe(true);
  expect(explanation?.score.criteria).toContainEqual({ criterion: "cooperation", verdict: "fit", detail: "LICENSE" });
  const parts = Object.values(explanation?.score.parts ?? {}).reduce((sum, part) => sum + part, 0);
  expect(parts).toBeCloseTo(best?.score ?? -1, 9);
});

test("an achievement finds the needs that want it", async () => {
  const matcher = await matcherWith();
  const achievement = contractDocuments.find((document) => document.listingId === "a2");
  if (!achievement) throw new Error("fixture missing");
  const results = await matcher.match({ kind: "achievement", title: "退役动力电池回收", body: "锂离子电池梯次利用与正极材料回收。", document: { ...achievement, title: "退役动力电池回收" } });
  expect(results.map((result) => result.document.listingId)).toEqual(["n1"]);
});

test("everyday words reach technical terms through the concept table", async () => {
  const matcher = await matcherWith();
  const results = await matcher.match({ kind: "need", title: "衣服洗几次就掉色", body: "我们的棉布衣服洗后褪色严重，顾客投诉。" });
  expect(results[0]?.document.listingId).toBe("a4");
  expect(results[0]?.explanation.matchedTerms).toContain("色牢度");
});
