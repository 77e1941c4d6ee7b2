import { expect, test } from "vitest";
import { EnvError, parseEnv } from "./env.server";

test("defaults give the embedded setup", () => {
  const env = parseEnv({});
  expect(env.PORT).toBe(3000);
  expect(env.DATABASE_URL).toBeUndefined();
  expect(env.pgliteDir.endsWith(".data/pglite")).toBe(true);
  expect(env.SEED_ON_START).toBe(true);
});

test("each wrong variable gets its own clear line", () => {
  let error: unknown;
  try {
    parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://localhost/db", REDIS_URL: "localhost:6379", LOG_LEVEL: "loud" });
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(EnvError);
  const problems = error instanceof EnvError ? error.problems : [];
  expect(problems).toHaveLength(4);
  expect(problems.join("\n")).toMatch(/PORT must be a number/);
  expect(problems.join("\n")).toMatch(/DATABASE_URL must be a PostgreSQL connection URL/);
  expect(problems.join("\n")).toMatch(/REDIS_URL must be a Redis URL/);
  expect(problems.join("\n")).toMatch(/LOG_LEVEL must be/);
});

test("a Meilisearch URL needs its key, and production PostgreSQL needs a session secret", () => {
  expect(() => parseEnv({ MEILI_URL: "http://127.0.0.1:7700" })).toThrow(/MEILI_MASTER_KEY is required/);
  expect(() => parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://u@h/db" })).toThrow(/SESSION_SECRET is required/);
  expect(() => parseEnv({ SESSION_SECRET: "short" })).toThrow(/SESSION_SECRET must be at least 32 characters/);
});

test("empty variables count as unset", () => {
  expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
});
