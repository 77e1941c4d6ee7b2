import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PrismaClient } from "~/generated/prisma/client";
import { openDatabase } from "~/utils/db.server";
import { applyMigrations } from "../../prisma/migrator";
import { createPostgresDatabase, testDbKind } from "./database";
import { type AppServer, startAppServer } from "./server";

/**
 * A server on a fresh database that the test filled first (PGlite allows one process per folder, so
 * the fixtures are written before the server opens it). dispose() stops the server and removes the database.
 */
export async function startPreparedServer(
  prepare: (db: PrismaClient) => Promise<void>,
  env: Record<string, string> = {},
  options: { startTimeoutMs?: number } = {},
): Promise<AppServer> {
  if (testDbKind() === "postgres") {
    const created = await createPostgresDatabase("susong_prep");
    await applyMigrations({ kind: "postgres", url: created.url });
    const database = await openDatabase({ kind: "postgres", url: created.url, slowQueryMs: 60_000 });
    try {
      await prepare(database.prisma);
    } finally {
      await database.close();
    }
    const server = await startAppServer({ seed: false, env, reuse: { databaseUrl: created.url }, ...options }).catch(async (error: unknown) => {
      await created.drop();
      throw error;
    });
    return { ...server, dispose: async () => (await server.dispose(), await created.drop()) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "susong-prep-"));
  const database = await openDatabase({ kind: "pglite", dir, slowQueryMs: 60_000 });
  try {
    if (!database.pglite) throw new Error("PGlite database without its engine");
    await applyMigrations({ kind: "pglite", db: database.pglite });
    await prepare(database.prisma);
  } finally {
    await database.close();
  }
  const server = await startAppServer({ seed: false, env, reuse: { pgliteDir: dir }, ...options }).catch((error: unknown) => {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return { ...server, dispose: async () => (await server.dispose(), fs.rmSync(dir, { recursive: true, force: true })) };
}
