import { z } from "zod";
import { cooperationModeNames, ipTypeNames, maturityNames } from "./listing-input";

/** Browse filters, shared by the pages, the export and the REST API. Pure: parsing and bands only. */
export const priceBands = ["NEGOTIABLE", "LT10", "10TO50", "50TO100", "100TO500", "GTE500"] as const;
export type PriceBand = (typeof priceBands)[number];
export const sorts = ["newest", "oldest", "priceAsc", "priceDesc", "title"] as const;
export type Sort = (typeof sorts)[number];

/** [low, high) in 万元 of a listing's lower price bound. */
export const priceBandRange: Record<Exclude<PriceBand, "NEGOTIABLE">, [number, number | null]> = {
  LT10: [0, 10],
  "10TO50": [10, 50],
  "50TO100": [50, 100],
  "100TO500": [100, 500],
  GTE500: [500, null],
};

const many = <T extends readonly [string, ...string[]]>(values: T) => z.array(z.enum(values)).catch([]);

export const browseFiltersSchema = z.object({
  q: z.string().trim().max(100).catch("").default(""),
  field: z.array(z.string().trim().min(1).max(60)).max(20).catch([]).default([]),
  maturity: many(maturityNames).default([]),
  ip: many(ipTypeNames).default([]),
  coop: many(cooperationModeNames).default([]),
  price: many(priceBands).default([]),
  region: z.array(z.string().trim().min(1).max(60)).max(20).catch([]).default([]),
  sort: z.enum(sorts).catch("newest").default("newest"),
});
export type BrowseFilters = z.output<typeof browseFiltersSchema>;

const multiKeys = ["field", "maturity", "ip", "coop", "price", "region"] as const;

/** ?field=新能源&field=新材料&maturity=PILOT&sort=title → filters; unknown values are dropped, not errors. */
export function filtersFromSearchParams(params: URLSearchParams): BrowseFilters {
  const raw: Record<string, unknown> = { q: params.get("q") ?? undefined, sort: params.get("sort") ?? undefined };
  for (const key of multiKeys) {
    raw[key] = params
      .getAll(key)
      .flatMap((v) => v.split(","))
      .filter(Boolean);
  }
  return browseFiltersSchema.parse(raw);
}

export function searchParamsOf(filters: BrowseFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  for (const key of multiKeys) for (const value of filters[key]) params.append(key, value);
  if (filters.sort !== "newest") params.set("sort", filters.sort);
  return params;
}
