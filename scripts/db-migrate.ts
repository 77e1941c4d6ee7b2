// Applies pending migrations from prisma/migrations, offline (no Prisma engine binary needed).
//   npx tsx scripts/db-migrate.ts
// Target: DATABASE_URL (PostgreSQL) when set, else the PGlite data folder PGLITE_DIR (default .data/pglite).
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { applyMigrations, MigrationError, type MigrationTarget } from "../prisma/migrator";

async function main(): Promise<void> {
  const url = process.env["DATABASE_URL"]?.trim();
  let db: PGlite | undefined;
  let target: MigrationTarget;
  if (url) {
    target = { kind: "postgres", url };
    console.log(`Migrating PostgreSQL database ${describeUrl(url)}`);
  } else {
    const dir = path.resolve(process.env["PGLITE_DIR"]?.trim() || ".data/pglite");
    fs.mkdirSync(dir, { recursive: true });
    console.log(`Migrating PGlite database in ${dir}`);
    db = await PGlite.create(dir);
    target = { kind: "pglite", db };
  }
  try {
    const started = performance.now();
    const { applied } = await applyMigrations(target, { log: (line) => console.log(`  ${line}`) });
    const ms = Math.round(performance.now() - started);
    console.log(
      applied.length === 0
        ? `Database is up to date, no pending migrations (${ms} ms).`
        : `Applied ${applied.length} migration(s) in ${ms} ms: ${applied.join(", ")}`,
    );
  } finally {
    if (db && !db.closed) await db.close();
  }
}

/** host/database only: never print credentials */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return "(DATABASE_URL)";
  }
}

main().catch((error: unknown) => {
  if (error instanceof MigrationError) {
    console.error(`\nMigration failed:\n${error.message}`);
  } else {
    console.error("\nMigration failed:", error);
  }
  process.exitCode = 1;
});
