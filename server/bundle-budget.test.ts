import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { type ClientManifest, firstLoadChunks, judge, measureRoute, routeChain } from "./bundle-budget";

const manifest: ClientManifest = {
  url: "/assets/manifest-abc.js",
  entry: { module: "/assets/entry.client.js", imports: ["/assets/react.js", "/assets/components.js"] },
  routes: {
    root: { id: "root", module: "/assets/root.js", imports: ["/assets/react.js", "/assets/i18n.js"] },
    "routes/achievements._index": { id: "routes/achievements._index", parentId: "root", module: "/assets/browse.js", imports: ["/assets/components.js", "/assets/listing.js"] },
    "routes/needs._index": { id: "routes/needs._index", parentId: "root", module: "/assets/needs.js", imports: ["/assets/huge.js"] },
  },
};

let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

test("the chain runs from the root to the route; an unknown route is an error", () => {
  expect(routeChain(manifest, "routes/achievements._index")).toEqual(["root", "routes/achievements._index"]);
  expect(() => routeChain(manifest, "routes/nope")).toThrow("routes/nope is not in the client manifest");
});

test("first-load chunks: the manifest, the entry, the chain's modules and imports, each once, nothing of other routes", () => {
  expect(firstLoadChunks(manifest, "routes/achievements._index")).toEqual([
    "/assets/manifest-abc.js",
    "/assets/entry.client.js",
    "/assets/react.js",
    "/assets/components.js",
    "/assets/root.js",
    "/assets/i18n.js",
    "/assets/browse.js",
    "/assets/listing.js",
  ]);
});

test("the budget is inclusive and counts gzip bytes, not raw bytes", () => {
  const chunks = [
    { chunk: "a", bytes: 500_000, gzipBytes: 100_000 },
    { chunk: "b", bytes: 400_000, gzipBytes: 104_800 },
  ];
  expect(judge("r", chunks, 204_800)).toMatchObject({ gzipBytes: 204_800, bytes: 900_000, withinBudget: true });
  expect(judge("r", chunks, 204_799).withinBudget).toBe(false);
});

test("measures the gzip size of each chunk of a built client folder", () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "budget-"));
  fs.mkdirSync(path.join(dir, "assets"));
  const { url, ...rest } = manifest;
  fs.writeFileSync(path.join(dir, url?.slice(1) ?? ""), `window.__remixManifest=${JSON.stringify(rest)};`);
  const files = ["entry.client.js", "react.js", "components.js", "root.js", "i18n.js", "browse.js", "listing.js", "needs.js", "huge.js"];
  // Repetitive text compresses well; random bytes do not: the report must follow the gzip size.
  for (const file of files) fs.writeFileSync(path.join(dir, "assets", file), file === "listing.js" ? crypto.randomBytes(30_000) : "export const x = 1;\n".repeat(1_000));
  const report = measureRoute(dir, "routes/achievements._index", 50_000);
  expect(report.chunks.map((c) => c.chunk)).not.toContain("/assets/huge.js");
  const listing = report.chunks.find((c) => c.chunk === "/assets/listing.js");
  const root = report.chunks.find((c) => c.chunk === "/assets/root.js");
  expect(root?.bytes).toBe(20_000);
  expect(root?.gzipBytes).toBeLessThan(1_000);
  expect(listing?.bytes).toBe(30_000);
  expect(listing?.gzipBytes).toBeGreaterThan(root?.gzipBytes ?? 0);
  expect(listing?.gzipBytes).toBeGreaterThan(30_000);
  expect(report.withinBudget).toBe(report.gzipBytes <= 50_000);
  expect(report.chunks).toHaveLength(8);
});
