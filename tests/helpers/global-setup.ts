import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureBuild } from "../../scripts/ensure-build.mjs";
import { postgresAdminUrl } from "./database";
import { buildSeededTemplate } from "./seeded-template";

/**
 * Builds the app once for the server tests, fails fast, with a clear message, when the project needs
 * PostgreSQL and it is not running, and seeds the demo data once into a database that the tests' servers
 * copy (removed at the end of the run).
 */
export default async function setup(project: TestProject) {
  ensureBuild({ quiet: true });
  // The project's own env (TEST_DB) reaches its test files, not this process.
  if (project.config.env.TEST_DB !== "postgres") {
    const template = await buildSeededTemplate("pglite");
    return () => template.dispose();
  }
  const client = new pg.Client({ connectionString: postgresAdminUrl(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${postgresAdminUrl()} (set TEST_POSTGRES_URL): ${String(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
  const template = await buildSeededTemplate("postgres");
  return () => template.dispose();
}
