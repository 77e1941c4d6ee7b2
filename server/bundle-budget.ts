import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

/** The part of Remix's client manifest (window.__remixManifest) that says which chunks a route loads. */
export type ClientManifest = {
  entry: { module: string; imports?: string[] };
  routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[] }>;
  url?: string;
};

/** The first-load JavaScript budget of the browse page, gzip-compressed. */
export const BROWSE_BUDGET_BYTES = 200 * 1024;

/** The route and its ancestors, root first. */
export function routeChain(manifest: ClientManifest, routeId: string): string[] {
  const chain: string[] = [];
  for (let id: string | undefined = routeId; id; id = manifest.routes[id]?.parentId) {
    if (!manifest.routes[id]) throw new Error(`route ${id} is not in the client manifest`);
    if (chain.includes(id)) throw new Error(`route ${id} is its own ancestor`);
    chain.unshift(id);
  }
  return chain;
}

/**
 * The script chunks a first visit to the route loads: the manifest script, the client entry and its
 * imports, then each route module of the chain with its imports (what Remix emits as modulepreload
 * links and module scripts), each once.
 */
export function firstLoadChunks(manifest: ClientManifest, routeId: string): string[] {
  const chunks = [...(manifest.url ? [manifest.url] : []), manifest.entry.module, ...(manifest.entry.imports ?? [])];
  for (const id of routeChain(manifest, routeId)) {
    const route = manifest.routes[id];
    if (route) chunks.push(route.module, ...(route.imports ?? []));
  }
  return [...new Set(chunks)];
}

export type ChunkSize = { chunk: string; bytes: number; gzipBytes: number };
export type BudgetReport = { routeId: string; chunks: ChunkSize[]; bytes: number; gzipBytes: number; budgetBytes: number; withinBudget: boolean };

export function gzipSize(content: Buffer): number {
  return zlib.gzipSync(content, { level: 9 }).length;
}

/** Sums the chunk sizes and judges them against the budget (the budget is inclusive). */
export function judge(routeId: string, chunks: ChunkSize[], budgetBytes: number): BudgetReport {
  const gzipBytes = chunks.reduce((sum, c) => sum + c.gzipBytes, 0);
  return { routeId, chunks, bytes: chunks.reduce((sum, c) => sum + c.bytes, 0), gzipBytes, budgetBytes, withinBudget: gzipBytes <= budgetBytes };
}

/** Reads the client manifest that a production build wrote into `<clientDir>/assets/manifest-*.js`. */
export function readClientManifest(clientDir: string): ClientManifest {
  const assets = path.join(clientDir, "assets");
  const files = fs.readdirSync(assets).filter((f) => /^manifest-[\w-]+\.js$/.test(f));
  if (files.length !== 1) throw new Error(`expected one client manifest in ${assets}, found ${files.length}`);
  const text = fs.readFileSync(path.join(assets, files[0] ?? ""), "utf8");
  const json = text.match(/^window\.__remixManifest=(\{[\s\S]*\});?\s*$/)?.[1];
  if (!json) throw new Error(`${files[0]} is not a Remix client manifest`);
  return { ...(JSON.parse(json) as ClientManifest), url: `/assets/${files[0]}` };
}

/** Measures a route's first-load JavaScript in a built client folder. */
export function measureRoute(clientDir: string, routeId: string, budgetBytes = BROWSE_BUDGET_BYTES): BudgetReport {
  const manifest = readClientManifest(clientDir);
  const chunks = firstLoadChunks(manifest, routeId).map((chunk) => {
    const content = fs.readFileSync(path.join(clientDir, chunk.replace(/^\//, "")));
    return { chunk, bytes: content.length, gzipBytes: gzipSize(content) };
  });
  return judge(routeId, chunks, budgetBytes);
}
