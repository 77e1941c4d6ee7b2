import os from "node:os";
import { defineConfig } from "vitest/config";

const alias = { "~": new URL("./app", import.meta.url).pathname };
const dbTests = ["app/**/*.db.test.ts", "search/**/*.db.test.ts", "prisma/**/*.db.test.ts", "tests/server/**/*.db.test.ts"];

/**
 * Three projects: pure unit tests run once; every `*.db.test.ts` runs twice, against a fresh
 * embedded PGlite database and against a fresh database on the PostgreSQL server.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    pool: "forks",
    // At least two test files at a time: most database tests wait on a server process or a database, so one
    // worker per spare core (the default, one on a 2-core machine) leaves the machine half idle.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 180_000,
    setupFiles: ["tests/helpers/fail-on-console-error.ts"],
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          // the first tokenizer test loads jieba's dictionaries: slow on a loaded machine, not a logic failure
          testTimeout: 60_000,
          include: ["app/**/*.test.ts", "prisma/**/*.test.ts", "server/**/*.test.ts", "search/**/*.test.ts"],
          exclude: dbTests,
          setupFiles: ["tests/helpers/fail-on-console-error.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "pglite",
          include: dbTests,
          env: { TEST_DB: "pglite" },
          globalSetup: ["tests/helpers/global-setup.ts"],
          setupFiles: ["tests/helpers/fail-on-console-error.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "postgres",
          include: dbTests,
          env: { TEST_DB: "postgres" },
          globalSetup: ["tests/helpers/global-setup.ts"],
          setupFiles: ["tests/helpers/fail-on-console-error.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
