import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { withoutNulCharacters } from "./db-nul.server";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";
import { logger } from "./logger.server";

export type Database = {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** the embedded engine, when the database is PGlite (migrations need the same instance) */
  pglite?: PGlite;
  /** the connection URL, when the database is PostgreSQL */
  url?: string;
  close(): Promise<void>;
};

export type DatabaseOptions =
  | { kind: "postgres"; url: string; slowQueryMs?: number }
  | { kind: "pglite"; dir?: string; slowQueryMs?: number };

/** Opens a database. The app uses the one from getDatabase(); tests open their own. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.kind === "postgres") {
    const adapter = withoutNulCharacters(new PrismaPg({ connectionString: options.url, max: 10 }));
    const prisma = withSlowQueryLog(new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] }), options.slowQueryMs);
    return {
      prisma,
      kind: "postgres",
      url: options.url,
      close: () => prisma.$disconnect(),
    };
  }
  if (options.dir) fs.mkdirSync(options.dir, { recursive: true });
  // One PGlite instance per data folder per process: opening the folder twice corrupts it.
  const pglite = options.dir ? await PGlite.create(options.dir) : await PGlite.create();
  const prisma = withSlowQueryLog(
    new PrismaClient({ adapter: withoutNulCharacters(new PrismaPGlite(pglite)), log: [{ emit: "event", level: "query" }] }),
    options.slowQueryMs,
  );
  return {
    prisma,
    kind: "pglite",
    pglite,
    close: async () => {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function withSlowQueryLog(prisma: PrismaClient<"query">, slowQueryMs = 200): PrismaClient {
  prisma.$on("query", (event) => {
    if (event.duration >= slowQueryMs) {
      logger.warn("slow query", { ms: event.duration, query: event.query.slice(0, 500) });
    }
  });
  return prisma;
}

type DatabaseGlobal = { __susongDatabase?: Promise<Database> };
const holder = globalThis as DatabaseGlobal;

/**
 * The process's one database. Kept on globalThis so that the server entry and the Remix
 * server bundle (two module graphs in one process) share the same client and PGlite instance.
 */
export function getDatabase(): Promise<Database> {
  holder.__susongDatabase ??= (async () => {
    const env = getEnv();
    return env.DATABASE_URL
      ? openDatabase({ kind: "postgres", url: env.DATABASE_URL, slowQueryMs: env.SLOW_QUERY_MS })
      : openDatabase({ kind: "pglite", dir: env.pgliteDir, slowQueryMs: env.SLOW_QUERY_MS });
  })();
  return holder.__susongDatabase;
}

/** Shorthand for routes and domain code. */
export async function getPrisma(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}

export async function closeDatabase(): Promise<void> {
  const pending = holder.__susongDatabase;
  holder.__susongDatabase = undefined;
  if (pending) await (await pending).close();
}
