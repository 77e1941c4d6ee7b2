import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createPostgresDatabase, testDbKind } from "./database";
import { copySeededTemplate } from "./seeded-template";

const root = path.resolve(import.meta.dirname, "..", "..");

export type AppServer = {
  url: string;
  kind: "pglite" | "postgres";
  /** PostgreSQL URL of the server's database, when it runs on PostgreSQL */
  databaseUrl?: string;
  /** PGlite folder, when it runs on PGlite */
  pgliteDir?: string;
  output(): string;
  /** sends the signal and waits for the process to exit */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** stops the server if still running and removes its database */
  dispose(): Promise<void>;
};

/**
 * Starts the real server (production build, `server/index.ts`) as a child process on a free
 * loopback port, on a fresh database of the kind the test project runs against.
 */
export async function startAppServer(
  options: { env?: Record<string, string>; seed?: boolean; reuse?: { pgliteDir?: string; databaseUrl?: string }; startTimeoutMs?: number } = {},
): Promise<AppServer> {
  const kind = testDbKind();
  // `reuse` restarts a server on the database of an earlier one (which owns and removes it). A seeded server
  // starts on a copy of the run's seeded database when there is one (tests/helpers/seeded-template.ts).
  const copy = options.reuse || options.seed === false ? null : await copySeededTemplate(kind);
  const postgres = options.reuse ? undefined : (copy?.postgres ?? (kind === "postgres" ? await createPostgresDatabase("susong_srv") : undefined));
  const pgliteDir = options.reuse ? options.reuse.pgliteDir : (copy?.pgliteDir ?? (kind === "pglite" ? fs.mkdtempSync(path.join(os.tmpdir(), "susong-srv-")) : undefined));
  const databaseUrl = options.reuse ? options.reuse.databaseUrl : postgres?.url;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "info",
    COOKIE_SECURE: "false",
    SESSION_SECRET: "test-secret-test-secret-test-secret-0123",
    SEED_ON_START: options.seed === false ? "false" : "true",
    SEED_DATA_DIR: path.resolve(root, "..", "shared", "data"),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DIR: pgliteDir ?? "" }),
    ...options.env,
  };
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(root, "server", "index.ts")], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });

  const url = await new Promise<string>((resolve, reject) => {
    const timeout = options.startTimeoutMs ?? 120_000;
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeout / 1000} s:\n${output}`)), timeout);
    const check = () => {
      const match = output.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", check);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });

  let stopped: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  const stop = (signal: NodeJS.Signals = "SIGTERM") => {
    if (!stopped) {
      child.kill(signal);
      const guard = setTimeout(() => child.kill("SIGKILL"), 30_000);
      stopped = exited.finally(() => clearTimeout(guard));
    }
    return stopped;
  };
  return {
    url,
    kind,
    databaseUrl,
    pgliteDir,
    output: () => output,
    stop,
    dispose: async () => {
      await stop();
      if (options.reuse) return;
      await postgres?.drop();
      if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
    },
  };
}

/** A tiny browser-like cookie jar over fetch, with redirects left visible. */
export class Client {
  private cookies = new Map<string, string>();
  constructor(
    private readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(pathname: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...this.headers, ...init.headers };
    if (this.cookies.size > 0) headers.Cookie = this.cookieHeader();
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers.Origin ??= this.base;
    }
    const response = await fetch(this.base + pathname, { method: init.method ?? (init.form ? "POST" : "GET"), headers, body, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, headers: response.headers, text: await response.text(), setCookies: response.headers.getSetCookie() };
  }

  get(pathname: string) {
    return this.request(pathname);
  }

  post(pathname: string, form: Record<string, string>, headers?: Record<string, string>) {
    return this.request(pathname, { form, headers });
  }
}
