// Shared by `npm run search:reindex` and `npm run search:check`.
// With MEILI_URL: talks to Meilisearch and the database directly. Without it the index is the embedded one,
// which lives inside the running server: the script asks that server (loopback endpoint) to do the work.
import { getEnv } from "../app/utils/env.server";

export async function runMaintenance(action: "reindex" | "check"): Promise<number> {
  const env = getEnv();
  if (env.MEILI_URL) {
    const { getDatabase, closeDatabase } = await import("../app/utils/db.server");
    const { createMeilisearchEngine } = await import("../search/meilisearch-engine");
    const { checkDrift, reindex } = await import("../search/reindex.server");
    const { prisma } = await getDatabase();
    const engine = createMeilisearchEngine({ url: env.MEILI_URL, apiKey: env.MEILI_MASTER_KEY });
    try {
      const result = action === "reindex" ? await reindex(prisma, engine) : await checkDrift(prisma, engine);
      return report(action, { engine: "meilisearch", ...result });
    } finally {
      await closeDatabase();
    }
  }
  const url = `http://127.0.0.1:${env.PORT}/internal/search/${action}`;
  try {
    const response = await fetch(url, { method: action === "reindex" ? "POST" : "GET" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return report(action, (await response.json()) as Record<string, unknown>);
  } catch (error) {
    process.stderr.write(
      `No server answered at ${url} (${String(error)}).\nThe embedded index lives in the server's memory and is rebuilt from the database at every start; ` +
        `start the server (npm start) and run this again, or set PORT to the server's port.\n`,
    );
    return 2;
  }
}

function report(action: string, result: Record<string, unknown>): number {
  const drift = Array.isArray(result.missing) && Array.isArray(result.extra) ? result.missing.length + result.extra.length : 0;
  const summary = { ...result, missing: Array.isArray(result.missing) ? result.missing.slice(0, 20) : undefined, extra: Array.isArray(result.extra) ? result.extra.slice(0, 20) : undefined };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (action === "check") process.stderr.write(drift === 0 ? "index and database agree\n" : `drift: ${drift} documents differ\n`);
  return action === "check" && drift > 0 ? 1 : 0;
}
