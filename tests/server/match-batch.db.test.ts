import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { openDatabase } from "~/utils/db.server";
import { applyMigrations } from "../../prisma/migrator";
import { seedDatabase } from "../../prisma/seed";
import { createPostgresDatabase, testDbKind } from "../helpers/database";

// `npm run --silent match:batch` end to end, on a small seeded database of the kind under test.
const root = path.resolve(import.meta.dirname, "../..");
const shared = path.resolve(root, "../shared/data");
let tmp: string;
let env: Record<string, string>;
let drop: (() => Promise<void>) | undefined;
let target: { id: string; title: string; abstract: string };

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "susong-batch-"));
  const dataDir = path.join(tmp, "data");
  fs.mkdirSync(dataDir);
  const achievements = fs.readFileSync(path.join(shared, "achievements.jsonl"), "utf8").split("\n").filter(Boolean).slice(0, 150);
  fs.writeFileSync(path.join(dataDir, "achievements.jsonl"), achievements.join("\n"));
  fs.writeFileSync(path.join(dataDir, "needs.jsonl"), fs.readFileSync(path.join(shared, "needs.jsonl"), "utf8").split("\n").filter(Boolean).slice(0, 20).join("\n"));
  target = JSON.parse(achievements[42] ?? "{}");
  if (testDbKind() === "postgres") {
    const created = await createPostgresDatabase();
    drop = created.drop;
    await applyMigrations({ kind: "postgres", url: created.url });
    env = { DATABASE_URL: created.url };
  } else {
    env = { PGLITE_DIR: path.join(tmp, "pglite") };
  }
  const database = env.DATABASE_URL ? await openDatabase({ kind: "postgres", url: env.DATABASE_URL }) : await openDatabase({ kind: "pglite", dir: env.PGLITE_DIR });
  if (database.pglite) await applyMigrations({ kind: "pglite", db: database.pglite });
  await seedDatabase(database.prisma, { dataDir });
  await database.close();
});

afterAll(async () => {
  await drop?.();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function runBatch(input: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _drop, ...inherited } = process.env;
    const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["scripts/match-batch.ts"], { cwd: root, env: { ...inherited, LOG_LEVEL: "warn", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}

test("match:batch reads JSON Lines queries and writes ranked achievements by external id", async () => {
  const queries = [
    { qid: "q1", title: target.title, description: target.abstract.slice(0, 200) },
    { qid: "q2", title: "", description: "" },
  ];
  const { stdout, stderr, code } = await runBatch(queries.map((query) => JSON.stringify(query)).join("\n") + "\n");
  expect(code, stderr).toBe(0);
  const lines = stdout.trim().split("\n").map((line) => JSON.parse(line) as { qid: string; results: { externalId: string; score: number }[] });
  expect(lines.map((line) => line.qid)).toEqual(["q1", "q2"]);
  const [first, second] = lines;
  expect(first?.results.length).toBeGreaterThan(0);
  expect(first?.results.length).toBeLessThanOrEqual(20);
  expect(first?.results[0]?.externalId).toBe(target.id);
  const scores = first?.results.map((result) => result.score) ?? [];
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
  expect(second?.results).toEqual([]);
});
