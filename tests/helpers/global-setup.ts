import pg from "pg";
import { ensureBuild } from "../../scripts/ensure-build.mjs";
import { postgresAdminUrl } from "./database";

/**
 * Builds the app once for the server tests, and fails fast, with a clear message, when the
 * project needs PostgreSQL and it is not running.
 */
export default async function setup() {
  ensureBuild({ quiet: true });
  if (process.env.TEST_DB !== "postgres") return;
  const client = new pg.Client({ connectionString: postgresAdminUrl(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${postgresAdminUrl()} (set TEST_POSTGRES_URL): ${String(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
}
