// Builds the app when the build is missing or older than its sources. Used by `npm start` and the tests.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const buildEntry = path.join(root, "build", "server", "index.js");
// The stamp carries the time the build *started*: sources changed during a build make it stale.
const stamp = path.join(root, "build", ".sources-time");

function newestMtime(target) {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === "generated" || entry === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Returns true when it had to build. Throws if the build fails. */
export function ensureBuild({ quiet = false } = {}) {
  const sources = ["app", "public", "vite.config.ts", "package.json"].map((p) => newestMtime(path.join(root, p)));
  const built = fs.existsSync(buildEntry) ? (fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0) : 0;
  if (built >= Math.max(...sources)) return false;
  const started = new Date();
  if (!quiet) console.log(built === 0 ? "Building the app (first start)…" : "Sources changed since the last build: rebuilding…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "vite:build"], {
    cwd: root,
    stdio: quiet ? "pipe" : "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    throw new Error(`The build failed (exit ${result.status}).${quiet ? `\n${result.stdout}\n${result.stderr}` : ""}`);
  }
  fs.writeFileSync(stamp, "");
  fs.utimesSync(stamp, started, started);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureBuild();
