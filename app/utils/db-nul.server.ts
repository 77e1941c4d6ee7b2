import type { ArgType, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

/**
 * PostgreSQL (and PGlite) cannot store the character U+0000 in text, nor its escape in JSON: a query carrying
 * one fails. Browsers never send it from a field; it arrives only in crafted requests, pasted binary or
 * damaged files, where it means nothing. Rather than answer such input with a server error wherever text meets
 * the database, the driver adapter is wrapped so that every query's arguments lose it on the way in: in plain
 * strings, in lists of strings, and as `\u0000` escapes in JSON arguments (escaped backslashes are kept).
 */
export function withoutNulCharacters<F extends SqlDriverAdapterFactory>(factory: F): F {
  return wrap(factory, {
    connect: (target) => async () => wrap(await (target as SqlDriverAdapterFactory).connect(), queryable),
  });
}

type Overrides = Record<string, (target: object) => (...args: never[]) => unknown>;

const queryable: Overrides = {
  queryRaw: (target) => (query: SqlQuery) => (target as SqlDriverAdapter).queryRaw(cleanQuery(query)),
  executeRaw: (target) => (query: SqlQuery) => (target as SqlDriverAdapter).executeRaw(cleanQuery(query)),
  startTransaction: (target) => async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) =>
    wrap<Transaction>(await (target as SqlDriverAdapter).startTransaction(...args), {
      queryRaw: queryable.queryRaw as Overrides[string],
      executeRaw: queryable.executeRaw as Overrides[string],
    }),
};

function wrap<T extends object>(target: T, overrides: Overrides): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const override = typeof property === "string" ? overrides[property] : undefined;
      if (override) return override(object);
      const value: unknown = Reflect.get(object, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

function cleanQuery(query: SqlQuery): SqlQuery {
  if (!query.args.some(mayHoldNul)) return query;
  return { ...query, args: query.args.map((arg, i) => clean(arg, query.argTypes[i])) };
}

function mayHoldNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000") || value.includes("\\u0000");
  return Array.isArray(value) && value.some(mayHoldNul);
}

/** `\u0000` escapes in JSON text, preceded by an even number of backslashes (an odd one escapes the backslash). */
const JSON_NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

export function clean(value: unknown, type: ArgType | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => clean(item, type));
  if (typeof value !== "string") return value;
  const text = value.replaceAll("\u0000", "");
  return type?.scalarType === "json" ? text.replace(JSON_NUL_ESCAPE, "$1") : text;
}
