import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import { type BrowseFilters, type PriceBand, priceBandRange, priceBands } from "./browse";
import { cooperationModeNames, ipTypeNames, maturityNames } from "./listing-input";
import { PAGE_SIZE } from "./listings.server";

type Facet = { value: string; count: number };
export type Facets = { field: Facet[]; maturity: Facet[]; ip: Facet[]; coop: Facet[]; price: Facet[]; region: Facet[] };

function bandRange(band: Exclude<PriceBand, "NEGOTIABLE">) {
  const [low, high] = priceBandRange[band];
  return { gte: low, ...(high === null ? {} : { lt: high }) };
}

function priceWhere(bands: readonly PriceBand[]): Prisma.AchievementWhereInput[] {
  return bands.map((band) => (band === "NEGOTIABLE" ? { negotiable: true } : { priceMin: bandRange(band) }));
}

function budgetWhere(bands: readonly PriceBand[]): Prisma.NeedWhereInput[] {
  return bands.map((band) => (band === "NEGOTIABLE" ? { negotiable: true } : { budgetMin: bandRange(band) }));
}

type Part = keyof Omit<BrowseFilters, "sort" | "q">;

/**
 * Ids of published listings offering any of the cooperation modes. Prisma's `has`/`hasSome` on an
 * enum array sends a malformed array literal through the PGlite adapter, so this one filter is SQL.
 */
export async function idsWithModes(db: PrismaClient, kind: "achievement" | "need", modes: readonly string[]): Promise<string[]> {
  const literal = `{${modes.filter((m) => /^[A-Z_]+$/.test(m)).join(",")}}`;
  const rows =
    kind === "achievement"
      ? await db.$queryRaw<{ id: string }[]>`SELECT id FROM "Achievement" WHERE status = 'PUBLISHED' AND "cooperationModes" && ${literal}::"CooperationMode"[]`
      : await db.$queryRaw<{ id: string }[]>`SELECT id FROM "Need" WHERE status = 'PUBLISHED' AND "cooperationModes" && ${literal}::"CooperationMode"[]`;
  return rows.map((r) => r.id);
}

/** The filters with the cooperation-mode selection resolved to ids (see idsWithModes). */
export type ResolvedFilters = BrowseFilters & { coopIds?: string[] };

export async function resolveFilters(db: PrismaClient, kind: "achievement" | "need", filters: BrowseFilters): Promise<ResolvedFilters> {
  return filters.coop.length ? { ...filters, coopIds: await idsWithModes(db, kind, filters.coop) } : filters;
}

/** The achievement filter, leaving one facet out (so that a facet's counts show what choosing another value would give). */
export function achievementWhere(filters: ResolvedFilters, except?: Part): Prisma.AchievementWhereInput {
  const and: Prisma.AchievementWhereInput[] = [{ status: "PUBLISHED" }];
  if (filters.q) and.push({ OR: [{ title: { contains: filters.q, mode: "insensitive" } }, { summary: { contains: filters.q, mode: "insensitive" } }] });
  if (except !== "field" && filters.field.length) and.push({ OR: filters.field.map((f) => (f.includes("-") ? { techField: f } : { techFieldMajor: f })) });
  if (except !== "maturity" && filters.maturity.length) and.push({ maturity: { in: filters.maturity } });
  if (except !== "ip" && filters.ip.length) and.push({ ipType: { in: filters.ip } });
  if (except !== "coop" && filters.coop.length) and.push({ id: { in: filters.coopIds ?? [] } });
  if (except !== "price" && filters.price.length) and.push({ OR: priceWhere(filters.price) });
  if (except !== "region" && filters.region.length) and.push({ region: { in: filters.region } });
  return { AND: and };
}

export function needWhere(filters: ResolvedFilters, except?: Part): Prisma.NeedWhereInput {
  const and: Prisma.NeedWhereInput[] = [{ status: "PUBLISHED" }];
  if (filters.q) and.push({ OR: [{ title: { contains: filters.q, mode: "insensitive" } }, { description: { contains: filters.q, mode: "insensitive" } }] });
  if (except !== "field" && filters.field.length) and.push({ OR: filters.field.map((f) => (f.includes("-") ? { techField: f } : { techFieldMajor: f })) });
  if (except !== "coop" && filters.coop.length) and.push({ id: { in: filters.coopIds ?? [] } });
  if (except !== "price" && filters.price.length) and.push({ OR: budgetWhere(filters.price) });
  if (except !== "region" && filters.region.length) and.push({ region: { in: filters.region } });
  return { AND: and };
}

export function achievementOrder(sort: BrowseFilters["sort"]): Prisma.AchievementOrderByWithRelationInput[] {
  switch (sort) {
    case "oldest":
      return [{ publishedAt: { sort: "asc", nulls: "last" } }, { id: "asc" }];
    case "priceAsc":
      return [{ priceMin: { sort: "asc", nulls: "last" } }, { id: "asc" }];
    case "priceDesc":
      return [{ priceMin: { sort: "desc", nulls: "last" } }, { id: "asc" }];
    case "title":
      return [{ title: "asc" }, { id: "asc" }];
    default:
      return [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }];
  }
}

export function needOrder(sort: BrowseFilters["sort"]): Prisma.NeedOrderByWithRelationInput[] {
  switch (sort) {
    case "oldest":
      return [{ publishedAt: { sort: "asc", nulls: "last" } }, { id: "asc" }];
    case "priceAsc":
      return [{ budgetMin: { sort: "asc", nulls: "last" } }, { id: "asc" }];
    case "priceDesc":
      return [{ budgetMin: { sort: "desc", nulls: "last" } }, { id: "asc" }];
    case "title":
      return [{ title: "asc" }, { id: "asc" }];
    default:
      return [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }];
  }
}

const sortByCount = (facets: Facet[]) => facets.filter((f) => f.count > 0).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));

type ModeAndPriceRow = { cooperationModes: string[]; negotiable: boolean; price: { toNumber(): number } | null };

/**
 * Cooperation-mode and price-band counts from one narrow read of the matching rows (an enum array and a price band
 * cannot be grouped by in one SQL group-by through both adapters). When the coop and price facets leave out the same
 * filters, one read serves both.
 */
function countModesAndBands(coopRows: readonly ModeAndPriceRow[], priceRows: readonly ModeAndPriceRow[]) {
  const coop = new Map<string, number>(cooperationModeNames.map((mode) => [mode, 0]));
  for (const row of coopRows) for (const mode of new Set(row.cooperationModes)) coop.set(mode, (coop.get(mode) ?? 0) + 1);
  const price = new Map<PriceBand, number>(priceBands.map((band) => [band, 0]));
  for (const row of priceRows) {
    if (row.negotiable) price.set("NEGOTIABLE", (price.get("NEGOTIABLE") ?? 0) + 1);
    const band = row.price === null ? undefined : bandOf(row.price.toNumber());
    if (band) price.set(band, (price.get(band) ?? 0) + 1);
  }
  return {
    coop: [...coop].map(([value, count]) => ({ value, count })).filter((f) => f.count > 0),
    price: [...price].map(([value, count]) => ({ value, count })).filter((f) => f.count > 0),
  };
}

/** The band whose [low, high) holds a lower price bound, as priceWhere/budgetWhere select it. */
function bandOf(value: number): Exclude<PriceBand, "NEGOTIABLE"> | undefined {
  return (Object.keys(priceBandRange) as Exclude<PriceBand, "NEGOTIABLE">[]).find((band) => {
    const [low, high] = priceBandRange[band];
    return value >= low && (high === null || value < high);
  });
}

const sameFilterWithout = (filters: ResolvedFilters) => !filters.coop.length && !filters.price.length;

export async function achievementFacets(db: PrismaClient, filters: ResolvedFilters): Promise<Facets> {
  const narrow = (where: Prisma.AchievementWhereInput) =>
    db.achievement
      .findMany({ where, select: { cooperationModes: true, negotiable: true, priceMin: true } })
      .then((rows) => rows.map((r) => ({ cooperationModes: r.cooperationModes, negotiable: r.negotiable, price: r.priceMin })));
  const coopRows = narrow(achievementWhere(filters, "coop"));
  const [field, maturity, ip, region, forCoop, forPrice] = await Promise.all([
    db.achievement.groupBy({ by: ["techFieldMajor"], where: achievementWhere(filters, "field"), _count: { _all: true } }),
    db.achievement.groupBy({ by: ["maturity"], where: achievementWhere(filters, "maturity"), _count: { _all: true } }),
    db.achievement.groupBy({ by: ["ipType"], where: achievementWhere(filters, "ip"), _count: { _all: true } }),
    db.achievement.groupBy({ by: ["region"], where: achievementWhere(filters, "region"), _count: { _all: true } }),
    coopRows,
    sameFilterWithout(filters) ? coopRows : narrow(achievementWhere(filters, "price")),
  ]);
  return {
    field: sortByCount(field.flatMap((g) => (g.techFieldMajor ? [{ value: g.techFieldMajor, count: g._count._all }] : []))),
    maturity: maturityNames.map((m) => ({ value: m, count: maturity.find((g) => g.maturity === m)?._count._all ?? 0 })).filter((f) => f.count > 0),
    ip: ipTypeNames.map((t) => ({ value: t, count: ip.find((g) => g.ipType === t)?._count._all ?? 0 })).filter((f) => f.count > 0),
    ...countModesAndBands(forCoop, forPrice),
    region: sortByCount(region.flatMap((g) => (g.region ? [{ value: g.region, count: g._count._all }] : []))),
  };
}

export async function needFacets(db: PrismaClient, filters: ResolvedFilters): Promise<Facets> {
  const narrow = (where: Prisma.NeedWhereInput) =>
    db.need
      .findMany({ where, select: { cooperationModes: true, negotiable: true, budgetMin: true } })
      .then((rows) => rows.map((r) => ({ cooperationModes: r.cooperationModes, negotiable: r.negotiable, price: r.budgetMin })));
  const coopRows = narrow(needWhere(filters, "coop"));
  const [field, region, forCoop, forPrice] = await Promise.all([
    db.need.groupBy({ by: ["techFieldMajor"], where: needWhere(filters, "field"), _count: { _all: true } }),
    db.need.groupBy({ by: ["region"], where: needWhere(filters, "region"), _count: { _all: true } }),
    coopRows,
    sameFilterWithout(filters) ? coopRows : narrow(needWhere(filters, "price")),
  ]);
  return {
    field: sortByCount(field.flatMap((g) => (g.techFieldMajor ? [{ value: g.techFieldMajor, count: g._count._all }] : []))),
    maturity: [],
    ip: [],
    ...countModesAndBands(forCoop, forPrice),
    region: sortByCount(region.flatMap((g) => (g.region ? [{ value: g.region, count: g._count._all }] : []))),
  };
}

function toNumber(value: { toNumber(): number } | null): number | null {
  return value === null ? null : value.toNumber();
}

const orgSelect = { select: { id: true, name: true, nameEn: true, kind: true, verified: true, isDemo: true } } as const;

export async function browseAchievements(db: PrismaClient, given: BrowseFilters, page: number) {
  const filters = await resolveFilters(db, "achievement", given);
  const where = achievementWhere(filters);
  const [total, rows, facets] = await Promise.all([
    db.achievement.count({ where }),
    db.achievement.findMany({
      where,
      select: { id: true, title: true, summary: true, techField: true, maturity: true, ipType: true, cooperationModes: true, priceMin: true, priceMax: true, negotiable: true, publishedAt: true, region: true, ownerOrg: orgSelect },
      orderBy: achievementOrder(filters.sort),
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
    achievementFacets(db, filters),
  ]);
  return {
    items: rows.map((r) => ({ ...r, priceMin: toNumber(r.priceMin), priceMax: toNumber(r.priceMax) })),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    facets,
  };
}

export async function browseNeeds(db: PrismaClient, given: BrowseFilters, page: number) {
  const filters = await resolveFilters(db, "need", given);
  const where = needWhere(filters);
  const [total, rows, facets] = await Promise.all([
    db.need.count({ where }),
    db.need.findMany({
      where,
      select: { id: true, title: true, description: true, confidentiality: true, industryClass: true, techField: true, cooperationModes: true, budgetMin: true, budgetMax: true, negotiable: true, publishedAt: true, ownerOrg: orgSelect },
      orderBy: needOrder(filters.sort),
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
    needFacets(db, filters),
  ]);
  return {
    items: rows.map((r) => ({ ...r, description: r.confidentiality === "PUBLIC" ? r.description : "", budgetMin: toNumber(r.budgetMin), budgetMax: toNumber(r.budgetMax) })),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    facets,
  };
}
