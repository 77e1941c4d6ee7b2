import path from "node:path";
import { z } from "zod";

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), {
    message: "must be a PostgreSQL connection URL such as postgres://user@127.0.0.1:5432/susong",
  });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce
    .number({ message: "must be a number" })
    .int({ message: "must be a whole number" })
    .min(0, { message: "must be between 0 and 65535" })
    .max(65535, { message: "must be between 0 and 65535" })
    .default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  DATABASE_URL: postgresUrl.optional(),
  PGLITE_DIR: z.string().trim().min(1).default(".data/pglite"),
  MEILI_URL: z.url({ message: "must be an http(s) URL such as http://127.0.0.1:7700" }).optional(),
  MEILI_MASTER_KEY: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .trim()
    .refine((value) => /^rediss?:\/\/.+/.test(value), { message: "must be a Redis URL such as redis://127.0.0.1:6379" })
    .optional(),
  SESSION_SECRET: z.string().min(32, { message: "must be at least 32 characters long" }).optional(),
  SEED_DATA_DIR: z.string().trim().min(1).default("../shared/data"),
  UPLOADS_DIR: z.string().trim().min(1).default(".data/uploads"),
  SEED_ON_START: z
    .enum(["true", "false", "1", "0"], { message: "must be true or false" })
    .default("true")
    .transform((value) => value === "true" || value === "1"),
  COOKIE_SECURE: z
    .enum(["true", "false", "1", "0"], { message: "must be true or false" })
    .default("true")
    .transform((value) => value === "true" || value === "1"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"], { message: "must be debug, info, warn, error or silent" }).default("info"),
  SLOW_QUERY_MS: z.coerce.number({ message: "must be a number" }).min(0).default(200),
  /** a deal with no stage change for this many days reminds its broker (once per period) */
  DEAL_STALL_DAYS: z.coerce.number({ message: "must be a number" }).int({ message: "must be a whole number" }).positive({ message: "must be above 0" }).default(14),
  /** notification email through SMTP, e.g. smtp://user:pass@mail.example:587 (smtps:// for TLS); unset: email off */
  SMTP_URL: z
    .string()
    .trim()
    .refine((value) => /^smtps?:\/\/.+/.test(value), { message: "must be an SMTP URL such as smtp://user:pass@mail.example:587" })
    .optional(),
  MAIL_FROM: z.string().trim().min(3).default("苏颂技术转移撮合平台 <no-reply@susong.example>"),
  /** the address users reach the site at, for links in emails */
  PUBLIC_URL: z.url({ message: "must be an http(s) URL such as https://susong.example" }).optional(),
  ROOM_BID_RATE: z.coerce.number({ message: "must be a number" }).positive({ message: "must be above 0" }).default(5),
});

export type Env = z.infer<typeof envSchema> & { sessionSecret: string; pgliteDir: string; seedDataDir: string; uploadsDir: string };

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses and checks the environment; each wrong variable gets its own line in the error. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "not set", as in most deployment tools.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`));
  }
  const env = result.data;
  const problems: string[] = [];
  if (env.MEILI_URL && !env.MEILI_MASTER_KEY) problems.push("MEILI_MASTER_KEY is required when MEILI_URL is set");
  if (env.NODE_ENV === "production" && env.DATABASE_URL && !env.SESSION_SECRET) {
    problems.push("SESSION_SECRET is required in production with PostgreSQL (at least 32 characters)");
  }
  if (problems.length > 0) throw new EnvError(problems);
  return {
    ...env,
    // Embedded demo mode signs nothing with the secret that outlives the data folder, so a fixed fallback is safe there.
    sessionSecret: env.SESSION_SECRET ?? "susong-embedded-demo-secret-change-me-in-production",
    pgliteDir: path.resolve(env.PGLITE_DIR),
    seedDataDir: path.resolve(env.SEED_DATA_DIR),
    uploadsDir: path.resolve(env.UPLOADS_DIR),
  };
}

let cached: Env | undefined;

/** The validated environment, read once. Nothing else reads process.env. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
