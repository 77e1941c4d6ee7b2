import { getEnv } from "./env.server";

const levels = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Level = Exclude<keyof typeof levels, "silent">;

// Keys whose values must never reach a log line, at any depth.
const secretKeys = /pass(word)?|secret|token|cookie|authorization|hash/i;
// Secrets that can hide inside free text (an error message, a URL): session cookies, bearer and API tokens.
const secretText = [/(susong_session=)[^;\s"']+/gi, /(Bearer\s+)[^\s"']+/gi, /\b(sx_)[0-9a-f]{8}_[A-Za-z0-9_-]+/g];

function scrub(text: string): string {
  return secretText.reduce((out, pattern) => out.replace(pattern, "$1[redacted]"), text);
}

/** Copies log fields with secret-named keys replaced and secrets in text masked; nested objects and arrays too. */
export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const seen = new WeakSet<object>();
  const visit = (value: unknown, depth: number): unknown => {
    if (typeof value === "string") return scrub(value);
    if (value instanceof Error) return scrub(value.stack ?? value.message);
    if (typeof value !== "object" || value === null) return value;
    if (seen.has(value) || depth > 8) return "[…]";
    seen.add(value);
    if (Array.isArray(value)) return value.map((item) => visit(item, depth + 1));
    if (value instanceof Date) return value;
    const entries = value instanceof Headers || value instanceof Map ? [...(value as Map<string, unknown>).entries()] : Object.entries(value);
    return Object.fromEntries(entries.map(([key, inner]) => [key, secretKeys.test(key) ? "[redacted]" : visit(inner, depth + 1)]));
  };
  return visit(fields, 0) as Record<string, unknown>;
}

function write(level: Level, message: string, fields: Record<string, unknown> = {}) {
  let threshold: number = levels.info;
  try {
    threshold = levels[getEnv().LOG_LEVEL];
  } catch {
    // environment not valid yet: log at the default level
  }
  if (levels[level] < threshold) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message: scrub(message), ...redact(fields) });
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
