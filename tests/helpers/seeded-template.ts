import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "~/utils/db.server";
import { applyMigrations } from "../../prisma/migrator";
import { seedDatabase } from "../../prisma/seed";
import { createPostgresDatabase, type TestDb } from "./database";

/**
 * A database migrated and seeded with the demo data once per test run, which the servers of the tests copy
 * instead of seeding their own (seeding takes seconds; a copy a fraction of one). The server still runs its
 * seeding step at start, which finds everything present. Built by the global setup of each database project;
 * scripts that start servers outside the tests find no template and seed as before.
 */
const ENV = { pglite: "SUSONG_SEEDED_TEMPLATE_PGLITE", postgres: "SUSONG_SEEDED_TEMPLATE_POSTGRES" } as const;
const root = path.resolve(import.meta.dirname, "..", "..");

export async function buildSeededTemplate(kind: TestDb): Promise<{ dispose(): Promise<void> }> {
  const dataDir = path.resolve(root, "..", "shared", "data");
  if (kind === "postgres") {
    const created = await createPostgresDatabase("susong_tpl");
    await applyMigrations({ kind: "postgres", url: created.url });
    const database = await openDatabase({ kind: "postgres", url: created.url, slowQueryMs: 60_000 });
    try {
      await seedDatabase(database.prisma, { dataDir });
    } finally {
      await database.close();
    }
    process.env[ENV.postgres] = created.name;
    return { dispose: () => created.drop() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "susong-tpl-"));
  const database = await openDatabase({ kind: "pglite", dir, slowQueryMs: 60_000 });
  try {
    if (!database.pglite) throw new Error("PGlite database without its engine");
    await applyMigrations({ kind: "pglite", db: database.pglite });
    await seedDatabase(database.prisma, { dataDir });
  } finally {
    await database.close();
  }
  process.env[ENV.pglite] = dir;
  return { dispose: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of this run's seeded database, or null when there is none (outside the tests). */
export async function copySeededTemplate(kind: TestDb): Promise<{ pgliteDir?: string; postgres?: Awaited<ReturnType<typeof createPostgresDatabase>> } | null> {
  const template = process.env[ENV[kind]];
  if (!template) return null;
  if (kind === "pglite") {
    if (!fs.existsSync(template)) return null;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "susong-srv-"));
    fs.cpSync(template, dir, { recursive: true });
    return { pgliteDir: dir };
  }
  return { postgres: await createPostgresDatabase("susong_srv", template) };
}
