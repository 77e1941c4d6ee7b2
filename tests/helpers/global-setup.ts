import pg from "pg";
import { postgresAdminUrl } from "./database";

/** Fails fast, with a clear message, when the project needs PostgreSQL and it is not running. */
export default async function setup({ config }: { config: { name?: string } }) {
  if (process.env.TEST_DB !== "postgres" && config.name !== "postgres") return;
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
