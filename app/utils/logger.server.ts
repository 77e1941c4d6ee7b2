import { getEnv } from "./env.server";

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof levels, "silent">;

// Keys whose values must never reach a log line.
const secretKeys = /pass(word)?|secret|token|cookie|authorization|hash/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, secretKeys.test(key) ? "[redacted]" : value]));
}

function write(level: Level, message: string, fields: Record<string, unknown> = {}) {
  let threshold: number = levels.info;
  try {
    threshold = levels[getEnv().LOG_LEVEL];
  } catch {
    // environment not valid yet: log at the default level
  }
  if (levels[level] < threshold) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...redact(fields) });
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

/** Structured one-line JSON logs. */
export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
