import { Prisma, type PrismaClient } from "~/generated/prisma/client";
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

/**
 * Text for `contains`, which becomes an ILIKE pattern as it is: "_" and "%" would match any character. Escaped, a
 * search for "50%" or "A_1" finds those characters.
 */
function literal(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}

/**
 * The achievement filter for the page, the export and the API. The facet counts use the same filter written in SQL
 * (filterSql below); a test checks that the two agree.
 */
export function achievementWhere(filters: ResolvedFilters): Prisma.AchievementWhereInput {
  const and: Prisma.AchievementWhereInput[] = [{ status: "PUBLISHED" }];
  if (filters.q) and.push({ OR: [{ title: { contains: literal(filters.q), mode: "insensitive" } }, { summary: { contains: literal(filters.q), mode: "insensitive" } }] });
  if (filters.field.length) and.push({ OR: filters.field.map((f) => (f.includes("-") ? { techField: f } : { techFieldMajor: f })) });
  if (filters.maturity.length) and.push({ maturity: { in: filters.maturity } });
  if (filters.ip.length) and.push({ ipType: { in: filters.ip } });
  if (filters.coop.length) and.push({ id: { in: filters.coopIds ?? [] } });
  if (filters.price.length) and.push({ OR: priceWhere(filters.price) });
  if (filters.region.length) and.push({ region: { in: filters.region } });
  return { AND: and };
}

export function needWhere(filters: ResolvedFilters): Prisma.NeedWhereInput {
  const and: Prisma.NeedWhereInput[] = [{ status: "PUBLISHED" }];
  if (filters.q) and.push({ OR: [{ title: { contains: literal(filters.q), mode: "insensitive" } }, { description: { contains: literal(filters.q), mode: "insensitive" } }] });
  if (filters.field.length) and.push({ OR: filters.field.map((f) => (f.includes("-") ? { techField: f } : { techFieldMajor: f })) });
  if (filters.coop.length) and.push({ id: { in: filters.coopIds ?? [] } });
  if (filters.price.length) and.push({ OR: budgetWhere(filters.price) });
  if (filters.region.length) and.push({ region: { in: filters.region } });
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

/**
 * The same filter as achievementWhere/needWhere, in SQL, for the two facets Prisma cannot count: the cooperation
 * modes of an enum array, and price bands. Counting them in the database reads no rows into the server (reading
 * the matching rows to count them in JS took most of the browse page's time at 10k listings). Values travel as
 * bound parameters; enum names are checked against their lists.
 */
type ListingTable = { table: "Achievement" | "Need"; text: "summary" | "description"; price: "priceMin" | "budgetMin" };
const ACHIEVEMENT_TABLE: ListingTable = { table: "Achievement", text: "summary", price: "priceMin" };
const NEED_TABLE: ListingTable = { table: "Need", text: "description", price: "budgetMin" };

function sqlWhere(t: ListingTable, filters: ResolvedFilters, except: Part): Prisma.Sql {
  return Prisma.join([baseSql(t, filters), ...filterSql(t, filters, except)], " AND ");
}

/** Published, and the search text if any: what every facet counts within. */
function baseSql(t: ListingTable, filters: ResolvedFilters): Prisma.Sql {
  const q = filters.q;
  if (!q) return Prisma.sql`status = 'PUBLISHED'`;
  return Prisma.sql`status = 'PUBLISHED' AND (strpos(lower(title), lower(${q})) > 0 OR strpos(lower(coalesce(${Prisma.raw(`"${t.text}"`)}, '')), lower(${q})) > 0)`;
}

/** The chosen facet values as SQL conditions, leaving one facet out. */
function filterSql(t: ListingTable, filters: ResolvedFilters, except: Part): Prisma.Sql[] {
  const anyOf = (name: string, values: readonly string[]) => Prisma.sql`${Prisma.raw(`"${name}"`)}::text IN (${Prisma.join(values)})`;
  const and: Prisma.Sql[] = [];
  if (except !== "field" && filters.field.length) {
    and.push(Prisma.sql`(${Prisma.join(filters.field.map((f) => (f.includes("-") ? Prisma.sql`"techField" = ${f}` : Prisma.sql`"techFieldMajor" = ${f}`)), " OR ")})`);
  }
  if (t.table === "Achievement" && except !== "maturity" && filters.maturity.length) and.push(anyOf("maturity", filters.maturity));
  if (t.table === "Achievement" && except !== "ip" && filters.ip.length) and.push(anyOf("ipType", filters.ip));
  if (except !== "coop" && filters.coop.length) {
    const modes = filters.coop.filter((m) => (cooperationModeNames as readonly string[]).includes(m));
    and.push(modes.length ? Prisma.sql`"cooperationModes" && ${`{${modes.join(",")}}`}::"CooperationMode"[]` : Prisma.sql`false`);
  }
  if (except !== "price" && filters.price.length) {
    and.push(Prisma.sql`(${Prisma.join(filters.price.map((band) => (band === "NEGOTIABLE" ? Prisma.sql`negotiable` : bandSql(t, band))), " OR ")})`);
  }
  if (except !== "region" && filters.region.length) and.push(anyOf("region", filters.region));
  return and;
}

/**
 * The facets that group by a column (field, maturity, IP type, region) in one scan: one grouping set per facet,
 * each counting the rows that meet every chosen value but its own.
 */
async function countColumns(db: PrismaClient, t: ListingTable, filters: ResolvedFilters) {
  const facets = (t.table === "Achievement" ? (["field", "maturity", "ip", "region"] as const) : (["field", "region"] as const)).map((part) => ({
    part,
    column: Prisma.raw({ field: `"techFieldMajor"`, maturity: "maturity", ip: `"ipType"`, region: "region" }[part]),
    when: filterSql(t, filters, part),
  }));
  const rows = await db.$queryRaw<Record<string, string | number | bigint | null>[]>`
    SELECT ${Prisma.join(facets.map((f) => Prisma.sql`${f.column}::text AS ${Prisma.raw(`"v_${f.part}"`)}, GROUPING(${f.column}) AS ${Prisma.raw(`"g_${f.part}"`)}, count(*) FILTER (WHERE ${f.when.length ? Prisma.join(f.when, " AND ") : Prisma.sql`true`}) AS ${Prisma.raw(`"n_${f.part}"`)}`))}
      FROM ${Prisma.raw(`"${t.table}"`)}
     WHERE ${baseSql(t, filters)}
     GROUP BY GROUPING SETS (${Prisma.join(facets.map((f) => Prisma.sql`(${f.column})`))})`;
  const counts = (part: Part) =>
    rows.flatMap((row) => {
      const value = row[`v_${part}`];
      const count = Number(row[`n_${part}`] ?? 0);
      return Number(row[`g_${part}`]) === 0 && typeof value === "string" && count > 0 ? [{ value, count }] : [];
    });
  return { field: counts("field"), maturity: counts("maturity"), ip: counts("ip"), region: counts("region") };
}

function bandSql(t: ListingTable, band: Exclude<PriceBand, "NEGOTIABLE">): Prisma.Sql {
  const [low, high] = priceBandRange[band];
  const price = Prisma.raw(`"${t.price}"`);
  return high === null ? Prisma.sql`${price} >= ${low}` : Prisma.sql`(${price} >= ${low} AND ${price} < ${high})`;
}

/** One count per mode over one scan (an unnest with a distinct count took several times as long). */
async function countModes(db: PrismaClient, t: ListingTable, filters: ResolvedFilters): Promise<Facet[]> {
  const modes = cooperationModeNames.map((mode) => Prisma.sql`count(*) FILTER (WHERE ${Prisma.raw(`'${mode}'`)}::"CooperationMode" = ANY("cooperationModes")) AS ${Prisma.raw(`"${mode}"`)}`);
  const [row] = await db.$queryRaw<Record<string, number | bigint>[]>`SELECT ${Prisma.join(modes)} FROM ${Prisma.raw(`"${t.table}"`)} WHERE ${sqlWhere(t, filters, "coop")}`;
  return cooperationModeNames.map((value) => ({ value, count: Number(row?.[value] ?? 0) })).filter((f) => f.count > 0);
}

async function countBands(db: PrismaClient, t: ListingTable, filters: ResolvedFilters): Promise<Facet[]> {
  const bands = priceBands.map((band) => Prisma.sql`count(*) FILTER (WHERE ${band === "NEGOTIABLE" ? Prisma.sql`negotiable` : bandSql(t, band)}) AS ${Prisma.raw(`"${band}"`)}`);
  const [row] = await db.$queryRaw<Record<PriceBand, number | bigint>[]>`SELECT ${Prisma.join(bands)} FROM ${Prisma.raw(`"${t.table}"`)} WHERE ${sqlWhere(t, filters, "price")}`;
  return priceBands.map((value) => ({ value, count: Number(row?.[value] ?? 0) })).filter((f) => f.count > 0);
}

export async function achievementFacets(db: PrismaClient, filters: ResolvedFilters): Promise<Facets> {
  const [columns, coop, price] = await Promise.all([countColumns(db, ACHIEVEMENT_TABLE, filters), countModes(db, ACHIEVEMENT_TABLE, filters), countBands(db, ACHIEVEMENT_TABLE, filters)]);
  const ordered = (names: readonly string[], facets: Facet[]) => names.flatMap((value) => facets.filter((f) => f.value === value));
  return { field: sortByCount(columns.field), maturity: ordered(maturityNames, columns.maturity), ip: ordered(ipTypeNames, columns.ip), coop, price, region: sortByCount(columns.region) };
}

export async function needFacets(db: PrismaClient, filters: ResolvedFilters): Promise<Facets> {
  const [columns, coop, price] = await Promise.all([countColumns(db, NEED_TABLE, filters), countModes(db, NEED_TABLE, filters), countBands(db, NEED_TABLE, filters)]);
  return { field: sortByCount(columns.field), maturity: [], ip: [], coop, price, region: sortByCount(columns.region) };
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
