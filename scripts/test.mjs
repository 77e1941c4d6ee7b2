// `npm test`: lint, typecheck, vitest (unit once; database tests against PGlite and PostgreSQL),
// then the Playwright journeys in Chromium. Runs every step, then prints one summary line.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { root } from "./ensure-build.mjs";

const reports = fs.mkdtempSync(path.join(os.tmpdir(), "susong-test-"));
const vitestJson = path.join(reports, "vitest.json");
const playwrightJson = path.join(reports, "playwright.json");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

/** A free loopback port for the browser tests' server. */
async function freePort() {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const steps = [
  { name: "lint", command: bin("eslint"), args: [".", "--max-warnings=0"] },
  { name: "typecheck", command: bin("tsc"), args: [] },
  {
    name: "vitest (unit · pglite · postgres)",
    command: bin("vitest"),
    args: ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`],
  },
  {
    name: "playwright (chromium)",
    command: bin("playwright"),
    args: ["test", "--reporter=list,json"],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson, E2E_PORT: String(process.env.E2E_PORT ?? (await freePort())) },
  },
];

const results = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name} ━━`);
  const started = Date.now();
  const run = spawnSync(step.command, step.args, { cwd: root, stdio: "inherit", env: { ...process.env, ...step.env } });
  results.push({ name: step.name, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
}

let passed = 0;
let failed = 0;
let skipped = 0;
if (fs.existsSync(vitestJson)) {
  const report = JSON.parse(fs.readFileSync(vitestJson, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
if (fs.existsSync(playwrightJson)) {
  const { stats } = JSON.parse(fs.readFileSync(playwrightJson, "utf8"));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  skipped += stats.skipped;
}
fs.rmSync(reports, { recursive: true, force: true });

console.log("\n━━ summary ━━");
for (const result of results) console.log(`${result.ok ? "ok  " : "FAIL"}  ${result.name}  (${result.seconds.toFixed(1)} s)`);
const stepFailures = results.filter((r) => !r.ok).length;
// A failing step without failed tests (lint, typecheck, a crashed runner) still fails the run.
if (stepFailures > 0 && failed === 0) failed = stepFailures;
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
