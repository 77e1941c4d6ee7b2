import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  applyMigrations,
  createMigration,
  defaultMigrationsDir,
  defaultSchemaPath,
  diagnoseWithSchemaEngine,
  isValidMigrationName,
  migrationChecksum,
  MigrationError,
  type MigrationTarget,
  readMigrations,
} from "./migrator";

// Real databases only: an in-memory PGlite, and a fresh database on the PostgreSQL server
// (TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres) that is dropped at the
// end. Each PostgreSQL scenario runs in its own schema of that database (`?schema=` in the URL).

const ADMIN_URL = process.env["TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
const MIGRATIONS_DIR = defaultMigrationsDir();
const SCHEMA_PATH = defaultSchemaPath();
const TIMEOUT = 120_000;

const schemaModels = [...fs.readFileSync(SCHEMA_PATH, "utf8").matchAll(/^model\s+(\w+)\s*\{/gm)].map((match) => match[1]);
const migrationNames = readMigrations(MIGRATIONS_DIR).map((migration) => migration.name);

type Db = {
  target: MigrationTarget;
  query<T extends object>(sql: string, params?: unknown[]): Promise<T[]>;
};

type Backend = {
  name: "pglite" | "postgres";
  /** an empty database (PGlite instance, or a new schema in the test database) */
  fresh(): Promise<Db>;
  /** createMigration's databaseUrl: null = in-memory PGlite shadow */
  databaseUrl(): string | null;
};

const closers: (() => Promise<void>)[] = [];
let testDatabaseName = "";
let testDatabaseUrl = "";
let pgliteTemplate: PGlite | undefined;

function withDatabase(url: string, database: string, schema?: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (schema) parsed.searchParams.set("schema", schema);
  return parsed.toString();
}

async function adminQuery(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  testDatabaseName = `susong_mig_${randomBytes(5).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${testDatabaseName}"`);
  testDatabaseUrl = withDatabase(ADMIN_URL, testDatabaseName);
  pgliteTemplate = await PGlite.create();
}, TIMEOUT);

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await pgliteTemplate?.close();
  if (testDatabaseName) await adminQuery(`DROP DATABASE IF EXISTS "${testDatabaseName}" WITH (FORCE)`);
}, TIMEOUT);

const backends: Backend[] = [
  {
    name: "pglite",
    fresh: async () => {
      if (!pgliteTemplate) throw new Error("no PGlite template");
      const db = await pgliteTemplate.clone();
      if (!(db instanceof PGlite)) throw new Error("clone() did not return a PGlite");
      closers.push(() => db.close());
      return {
        target: { kind: "pglite", db },
        query: async <T extends object>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows,
      };
    },
    databaseUrl: () => null,
  },
  {
    name: "postgres",
    fresh: async () => {
      const schema = `s_${randomBytes(4).toString("hex")}`;
      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      closers.push(() => client.end());
      await client.query(`SET search_path TO "${schema}"`);
      return {
        target: { kind: "postgres", url: withDatabase(ADMIN_URL, testDatabaseName, schema) },
        query: async <T extends object>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
      };
    },
    databaseUrl: () => testDatabaseUrl,
  },
];

/** A temporary copy of prisma/schema.prisma and prisma/migrations. */
function tempProject(): { dir: string; schemaPath: string; migrationsDir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "susong-mig-"));
  closers.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const schemaPath = path.join(dir, "schema.prisma");
  const migrationsDir = path.join(dir, "migrations");
  fs.copyFileSync(SCHEMA_PATH, schemaPath);
  fs.cpSync(MIGRATIONS_DIR, migrationsDir, { recursive: true });
  return { dir, schemaPath, migrationsDir };
}

function addMigration(migrationsDir: string, name: string, sql: string): void {
  fs.mkdirSync(path.join(migrationsDir, name));
  fs.writeFileSync(path.join(migrationsDir, name, "migration.sql"), sql);
}

async function tableNames(db: Db): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  return rows.map((row) => row.table_name).sort();
}

async function columnNames(db: Db, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [table],
  );
  return rows.map((row) => row.column_name);
}

type Row = {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
  applied_steps_count: number;
};

async function migrationRows(db: Db): Promise<Row[]> {
  return db.query<Row>(`SELECT * FROM "_prisma_migrations" ORDER BY started_at`);
}

test("the repository has migrations and a PostgreSQL lock file", () => {
  expect(migrationNames.length).toBeGreaterThan(0);
  expect(migrationNames.every((name) => /^\d{14}_[a-z0-9_]+$/.test(name))).toBe(true);
  expect(fs.readFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), "utf8")).toMatch(/^provider = "postgresql"$/m);
  expect(schemaModels.length).toBeGreaterThan(0);
});

test("migration names are validated", async () => {
  expect(isValidMigrationName("add_listing_views2")).toBe(true);
  for (const bad of ["", "Add", "add-views", "add views", "../x", "ä"]) expect(isValidMigrationName(bad)).toBe(false);
  await expect(createMigration("Bad-Name")).rejects.toThrow(/Invalid migration name/);
});

describe.each(backends)("on $name", (backend) => {
  test(
    "applying on an empty database creates every table of the schema and records the migrations like Prisma",
    async () => {
      const db = await backend.fresh();
      const before = await diagnoseWithSchemaEngine(db.target);
      expect(before.history).toEqual({ diagnostic: "databaseIsBehind", unappliedMigrationNames: migrationNames });

      const started = performance.now();
      const { applied } = await applyMigrations(db.target);
      const applyMs = performance.now() - started;
      expect(applied).toEqual(migrationNames);
      expect(await tableNames(db)).toEqual([...schemaModels, "_prisma_migrations"].sort());

      const rows = await migrationRows(db);
      expect(rows.map((row) => row.migration_name)).toEqual(migrationNames);
      for (const row of rows) {
        const sql = fs.readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"), "utf8");
        expect(row.checksum).toBe(migrationChecksum(sql));
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
        expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.rolled_back_at).toBeNull();
        expect(row.logs).toBeNull();
        expect(row.applied_steps_count).toBe(1);
        expect(row.finished_at?.getTime() ?? 0).toBeGreaterThanOrEqual(row.started_at.getTime());
      }

      // Prisma's own engine reads this history as complete and intact.
      const after = await diagnoseWithSchemaEngine(db.target);
      expect(after).toMatchObject({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });

      const again = performance.now();
      expect(await applyMigrations(db.target)).toEqual({ applied: [] });
      const noopMs = performance.now() - again;
      expect(await migrationRows(db)).toHaveLength(migrationNames.length);
      console.info(`[${backend.name}] full apply ${Math.round(applyMs)} ms, nothing pending ${Math.round(noopMs)} ms`);
      if (backend.name === "pglite") expect(noopMs).toBeLessThan(300);
    },
    TIMEOUT,
  );

  test(
    "a migration edited after it was applied is refused with a clear error",
    async () => {
      const db = await backend.fresh();
      const project = tempProject();
      await applyMigrations(db.target, { migrationsDir: project.migrationsDir });
      const edited = migrationNames[0]!;
      fs.appendFileSync(path.join(project.migrationsDir, edited, "migration.sql"), "\n-- edited afterwards\n");
      addMigration(project.migrationsDir, "29990101000000_later", `CREATE TABLE "Later" ("id" INTEGER);`);

      const error = await applyMigrations(db.target, { migrationsDir: project.migrationsDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect(String(error)).toMatch(/modified after they were applied.*checksum mismatch/s);
      expect(String(error)).toContain(path.join(edited, "migration.sql"));
      expect(await tableNames(db)).not.toContain("Later");
      // Prisma's engine flags the same migration.
      const diagnosis = await diagnoseWithSchemaEngine(db.target, { migrationsDir: project.migrationsDir });
      expect(diagnosis.editedMigrationNames).toEqual([edited]);

      // CRLF line endings (git autocrlf) are not an edit, for Prisma either.
      const file = path.join(project.migrationsDir, edited, "migration.sql");
      fs.writeFileSync(file, fs.readFileSync(path.join(MIGRATIONS_DIR, edited, "migration.sql"), "utf8").replace(/\n/g, "\r\n"));
      expect(await applyMigrations(db.target, { migrationsDir: project.migrationsDir })).toEqual({ applied: ["29990101000000_later"] });
    },
    TIMEOUT,
  );

  test(
    "a failing migration is rolled back whole and nothing is recorded; a failed row left by Prisma blocks further runs",
    async () => {
      const db = await backend.fresh();
      const project = tempProject();
      addMigration(
        project.migrationsDir,
        "29990101000000_broken",
        `CREATE TABLE "ShouldNotExist" ("id" INTEGER);\nSELECT 1 / 0;\n`,
      );
      const error = await applyMigrations(db.target, { migrationsDir: project.migrationsDir }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect(String(error)).toMatch(/29990101000000_broken failed and was rolled back[\s\S]*division by zero/);
      // the migrations before it were applied and recorded, the broken one left no trace
      expect((await migrationRows(db)).map((row) => row.migration_name)).toEqual(migrationNames);
      expect(await tableNames(db)).not.toContain("ShouldNotExist");

      // a row the way Prisma leaves a failed migration (finished_at null, logs set)
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
         VALUES ('00000000-0000-4000-8000-000000000000', $1, '29990101000000_broken', 'division by zero', now(), 0)`,
        ["0".repeat(64)],
      );
      fs.writeFileSync(path.join(project.migrationsDir, "29990101000000_broken", "migration.sql"), `SELECT 1;\n`);
      await expect(applyMigrations(db.target, { migrationsDir: project.migrationsDir })).rejects.toThrow(
        /failed migration[\s\S]*29990101000000_broken: division by zero[\s\S]*rolled_back_at/,
      );
      // resolved as rolled back (what `prisma migrate resolve --rolled-back` does): applied again
      await db.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE finished_at IS NULL`);
      expect(await applyMigrations(db.target, { migrationsDir: project.migrationsDir })).toEqual({
        applied: ["29990101000000_broken"],
      });
    },
    TIMEOUT,
  );

  test(
    "scripts with their own BEGIN/COMMIT and $$ bodies run as Prisma runs them",
    async () => {
      const db = await backend.fresh();
      const project = tempProject();
      addMigration(
        project.migrationsDir,
        "29990101000000_own_transaction",
        `-- like Prisma's enum rewrites\nBEGIN;\nCREATE TABLE "TxTable" ("id" INTEGER);\nCOMMIT;\n` +
          `CREATE FUNCTION susong_answer() RETURNS integer LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN 42;\nEND;\n$$;\n`,
      );
      expect((await applyMigrations(db.target, { migrationsDir: project.migrationsDir })).applied).toContain(
        "29990101000000_own_transaction",
      );
      expect(await db.query(`SELECT susong_answer() AS answer`)).toEqual([{ answer: 42 }]);
      expect(await tableNames(db)).toContain("TxTable");

      // such a script cannot be wrapped in a transaction: when it fails, the failure is recorded
      addMigration(project.migrationsDir, "29990102000000_own_transaction_broken", `BEGIN;\nSELECT 1 / 0;\nCOMMIT;\n`);
      await expect(applyMigrations(db.target, { migrationsDir: project.migrationsDir })).rejects.toThrow(/division by zero/);
      const failed = (await migrationRows(db)).find((row) => row.migration_name === "29990102000000_own_transaction_broken");
      expect(failed).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
      expect(failed?.logs).toMatch(/division by zero/);
      await expect(applyMigrations(db.target, { migrationsDir: project.migrationsDir })).rejects.toThrow(/failed migration/);
    },
    TIMEOUT,
  );

  test(
    "createMigration diffs the history against the schema, writes a migration that applies, and returns null when in sync",
    async () => {
      const project = tempProject();
      // a hand-written migration with a $$ body in the history: the shadow replay must run it whole
      addMigration(
        project.migrationsDir,
        "20000101000000_custom_function",
        `CREATE FUNCTION susong_touch() RETURNS integer LANGUAGE plpgsql AS $$\nBEGIN\n  PERFORM 1;\n  RETURN 1;\nEND;\n$$;\n`,
      );
      fs.rmSync(path.join(project.migrationsDir, "migration_lock.toml"));
      const schema = fs.readFileSync(project.schemaPath, "utf8");
      const changed = schema.replace(/^(model Organization \{\n)/m, "$1  website String?\n");
      expect(changed).not.toBe(schema);
      fs.writeFileSync(project.schemaPath, changed);
      const databasesBefore = await throwawayDatabases();

      const options = { schemaPath: project.schemaPath, migrationsDir: project.migrationsDir, databaseUrl: backend.databaseUrl() };
      const created = await createMigration("add_website", options);
      expect(created.directory).not.toBeNull();
      const directory = created.directory ?? "";
      expect(path.dirname(directory)).toBe(project.migrationsDir);
      expect(path.basename(directory)).toMatch(/^\d{14}_add_website$/);
      const sql = fs.readFileSync(path.join(directory, "migration.sql"), "utf8");
      expect(sql).toMatch(/ALTER TABLE "Organization" ADD COLUMN\s+"website" TEXT;/);
      expect(sql).not.toMatch(/susong_touch|CREATE TABLE/);
      expect(fs.readFileSync(path.join(project.migrationsDir, "migration_lock.toml"), "utf8")).toMatch(/^provider = "postgresql"$/m);

      const db = await backend.fresh();
      const { applied } = await applyMigrations(db.target, { migrationsDir: project.migrationsDir });
      expect(applied).toEqual(["20000101000000_custom_function", ...migrationNames, path.basename(directory)]);
      expect(await columnNames(db, "Organization")).toContain("website");

      expect(await createMigration("nothing_changed", options)).toEqual({ directory: null });
      expect(fs.readdirSync(project.migrationsDir).filter((name) => name.endsWith("_nothing_changed"))).toEqual([]);
      // the throwaway databases on the server are gone
      expect(await throwawayDatabases()).toEqual(databasesBefore);
    },
    TIMEOUT,
  );
});

test(
  "on postgres, a run waits for another process holding Prisma's migration lock and times out clearly",
  async () => {
    const db = await backends[1]!.fresh();
    const holder = new pg.Client({ connectionString: testDatabaseUrl });
    await holder.connect();
    closers.push(() => holder.end());
    await holder.query("SELECT pg_advisory_lock(72707369)");
    await expect(applyMigrations(db.target, { lockTimeoutMs: 600 })).rejects.toThrow(/Timed out .* migration lock/);
    expect(await tableNames(db)).toEqual([]);
    const waiting = applyMigrations(db.target, { lockTimeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await holder.query("SELECT pg_advisory_unlock(72707369)");
    expect((await waiting).applied).toEqual(migrationNames);
  },
  TIMEOUT,
);

async function throwawayDatabases(): Promise<string[]> {
  const result = await adminQuery(
    `SELECT datname FROM pg_database WHERE datname LIKE 'susong\\_mig\\_main\\_%' OR datname LIKE 'susong\\_mig\\_shadow\\_%' ORDER BY 1`,
  );
  return result.rows.map((row: { datname: string }) => row.datname);
}
