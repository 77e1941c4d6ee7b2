import type { PrismaClient } from "~/generated/prisma/client";
import type { ListingKind, SearchDocument } from "./types";

/**
 * Published listings as search documents. The database is the source of truth; the index is derived
 * from these functions (reindex, the outbox drainer, the drift check, the database fallback).
 */
const organization = { select: { name: true } } as const;

const achievementSelect = {
  id: true,
  externalId: true,
  title: true,
  summary: true,
  description: true,
  keywords: true,
  techField: true,
  techFieldMajor: true,
  industryClass: true,
  maturity: true,
  cooperationModes: true,
  priceMin: true,
  priceMax: true,
  negotiable: true,
  region: true,
  ownerOrgId: true,
  publishedAt: true,
  applicationScope: true,
  ownerOrg: organization,
} as const;

const needSelect = {
  id: true,
  externalId: true,
  title: true,
  description: true,
  techField: true,
  industryClass: true,
  cooperationModes: true,
  budgetMin: true,
  budgetMax: true,
  negotiable: true,
  region: true,
  ownerOrgId: true,
  publishedAt: true,
  ownerOrg: organization,
} as const;

const decimal = (value: { toNumber(): number } | null) => (value === null ? null : value.toNumber());
const industryMajor = (industry: string | null) => (industry ? (industry.split(/——|-/)[0]?.trim() ?? null) : null);

/** Meilisearch ids allow letters, digits, "-" and "_" only. */
export const documentId = (kind: ListingKind, listingId: string) => `${kind}-${listingId}`;

export function parseDocumentId(id: string): { kind: ListingKind; listingId: string } | null {
  const [kind, listingId] = [id.slice(0, id.indexOf("-")), id.slice(id.indexOf("-") + 1)];
  return (kind === "achievement" || kind === "need") && listingId ? { kind, listingId } : null;
}

type AchievementRow = Awaited<ReturnType<typeof findAchievements>>[number];
type NeedRow = Awaited<ReturnType<typeof findNeeds>>[number];

function findAchievements(db: PrismaClient, ids?: string[], cursor?: { skip: number; take: number }) {
  return db.achievement.findMany({ where: { status: "PUBLISHED", ...(ids ? { id: { in: ids } } : {}) }, select: achievementSelect, orderBy: { id: "asc" }, ...cursor });
}

function findNeeds(db: PrismaClient, ids?: string[], cursor?: { skip: number; take: number }) {
  return db.need.findMany({ where: { status: "PUBLISHED", ...(ids ? { id: { in: ids } } : {}) }, select: needSelect, orderBy: { id: "asc" }, ...cursor });
}

export function achievementDocument(row: AchievementRow): SearchDocument {
  return {
    id: documentId("achievement", row.id),
    kind: "achievement",
    listingId: row.id,
    externalId: row.externalId,
    title: row.title,
    body: [row.summary, row.description, row.applicationScope ?? ""].filter(Boolean).join("\n"),
    keywords: row.keywords,
    techField: row.techField,
    techFieldMajor: row.techFieldMajor ?? row.techField?.split("-")[0] ?? null,
    industry: row.industryClass,
    industryMajor: industryMajor(row.industryClass),
    maturity: row.maturity,
    cooperationModes: row.cooperationModes,
    priceMin: decimal(row.priceMin),
    priceMax: decimal(row.priceMax),
    negotiable: row.negotiable,
    region: row.region,
    ownerOrgId: row.ownerOrgId,
    ownerOrgName: row.ownerOrg.name,
    publishedAt: row.publishedAt?.getTime() ?? 0,
  };
}

export function needDocument(row: NeedRow): SearchDocument {
  return {
    id: documentId("need", row.id),
    kind: "need",
    listingId: row.id,
    externalId: row.externalId,
    title: row.title,
    body: row.description,
    keywords: [],
    techField: row.techField,
    techFieldMajor: row.techField?.split("-")[0] ?? null,
    industry: row.industryClass,
    industryMajor: industryMajor(row.industryClass),
    maturity: null,
    cooperationModes: row.cooperationModes,
    priceMin: decimal(row.budgetMin),
    priceMax: decimal(row.budgetMax),
    negotiable: row.negotiable,
    region: row.region,
    ownerOrgId: row.ownerOrgId,
    ownerOrgName: row.ownerOrg.name,
    publishedAt: row.publishedAt?.getTime() ?? 0,
  };
}

/** Published listings of one kind with these ids (unpublished or deleted ones are simply absent). */
export async function loadDocuments(db: PrismaClient, kind: ListingKind, ids: string[]): Promise<SearchDocument[]> {
  if (ids.length === 0) return [];
  return kind === "achievement" ? (await findAchievements(db, ids)).map(achievementDocument) : (await findNeeds(db, ids)).map(needDocument);
}

/** Every published listing, in pages, for a full (re)index. */
export async function* allDocuments(db: PrismaClient, pageSize = 1000): AsyncGenerator<SearchDocument[]> {
  for (let skip = 0; ; skip += pageSize) {
    const rows = await findAchievements(db, undefined, { skip, take: pageSize });
    if (rows.length > 0) yield rows.map(achievementDocument);
    if (rows.length < pageSize) break;
  }
  for (let skip = 0; ; skip += pageSize) {
    const rows = await findNeeds(db, undefined, { skip, take: pageSize });
    if (rows.length > 0) yield rows.map(needDocument);
    if (rows.length < pageSize) break;
  }
}
