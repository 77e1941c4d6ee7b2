import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/**
 * Browser end-to-end tests against the real server (`node scripts/start.mjs`), which builds the app
 * when the build is stale and seeds a fresh embedded PGlite database on first start.
 *
 *   npx playwright test            (E2E_PORT picks the port, default 3210)
 *
 * The browser is the system Chromium (/usr/bin/chromium); nothing here downloads one.
 */

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;

// A fresh database folder per run. Playwright loads this file again in each worker process; the
// environment variable (inherited by the workers) makes them reuse the runner's folder instead of
// creating their own.
const isRunner = process.env.TEST_WORKER_INDEX === undefined;
if (!process.env.E2E_PGLITE_DIR) {
  process.env.E2E_PGLITE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "susong-e2e-pglite-"));
  if (isRunner && !process.env.E2E_KEEP_DB) {
    const dir = process.env.E2E_PGLITE_DIR;
    // The web server has been stopped by the time the runner exits.
    process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  }
}
const pgliteDir = process.env.E2E_PGLITE_DIR;

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "tests/artifacts/test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { outputFolder: "playwright-report", open: "never" }]],
  use: {
    baseURL,
    // A reader in mainland China: the app's first language is chosen from Accept-Language.
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    actionTimeout: 10_000,
    navigationTimeout: 30_000,
    screenshot: "on",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        browserName: "chromium",
        viewport: { width: 1280, height: 800 },
        launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumArgs },
      },
    },
  ],
  webServer: {
    command: "node scripts/start.mjs",
    url: `${baseURL}/healthz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      PGLITE_DIR: pgliteDir,
      LOG_LEVEL: "warn",
      COOKIE_SECURE: "false",
    },
  },
});
