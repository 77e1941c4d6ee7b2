import crypto from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "~/utils/db.server";
import { applyMigrations } from "../../prisma/migrator";

export type TestDb = "pglite" | "postgres";

export function testDbKind(): TestDb {
  return process.env.TEST_DB === "postgres" ? "postgres" : "pglite";
}

/** The PostgreSQL server the tests create their databases on. */
export function postgresAdminUrl(): string {
  return process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * Creates a PostgreSQL database, empty or as a copy of `template`, and returns its URL and a function that
 * drops it. Copies of one template made at the same moment can collide ("source database is being accessed
 * by other users"): they are retried.
 */
export async function createPostgresDatabase(prefix = "susong_test", template?: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await admin.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
        break;
      } catch (error) {
        if (!template || attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(postgresAdminUrl(), name),
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export type TestDatabase = Database & { dispose(): Promise<void> };

/** A fresh, migrated database of the kind this test project runs against (TEST_DB). */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDbKind() === "postgres") {
    const created = await createPostgresDatabase();
    await applyMigrations({ kind: "postgres", url: created.url });
    const database = await openDatabase({ kind: "postgres", url: created.url });
    return {
      ...database,
      dispose: async () => {
        await database.close();
        await created.drop();
      },
    };
  }
  const database = await openDatabase({ kind: "pglite" });
  if (!database.pglite) throw new Error("PGlite database without its engine");
  await applyMigrations({ kind: "pglite", db: database.pglite });
  return { ...database, dispose: () => database.close() };
}
