import type { PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";

export type ListingKind = "achievement" | "need";
export const PAGE_SIZE = 20;

const orgSelect = { select: { id: true, name: true, nameEn: true, kind: true, verified: true, isDemo: true } } as const;

const achievementCard = {
  id: true,
  title: true,
  summary: true,
  techField: true,
  industryClass: true,
  maturity: true,
  ipType: true,
  cooperationModes: true,
  priceMin: true,
  priceMax: true,
  negotiable: true,
  publishedAt: true,
  ownerOrg: orgSelect,
} as const;

const needCard = {
  id: true,
  title: true,
  description: true,
  industryClass: true,
  cooperationModes: true,
  budgetMin: true,
  budgetMax: true,
  negotiable: true,
  publishedAt: true,
  ownerOrg: orgSelect,
} as const;

export type Page<T> = { items: T[]; total: number; page: number; pages: number; pageSize: number };

function toNumber(value: { toNumber(): number } | null): number | null {
  return value === null ? null : value.toNumber();
}

/** Published listings, newest first (records without a publication date last), one page at a time. */
export async function listPublishedAchievements(db: PrismaClient, page: number) {
  const where = { status: "PUBLISHED" } as const;
  const [total, rows] = await Promise.all([
    db.achievement.count({ where }),
    db.achievement.findMany({
      where,
      select: achievementCard,
      orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ]);
  return paged(
    rows.map((row) => ({ ...row, priceMin: toNumber(row.priceMin), priceMax: toNumber(row.priceMax) })),
    total,
    page,
  );
}

export async function listPublishedNeeds(db: PrismaClient, page: number) {
  const where = { status: "PUBLISHED" } as const;
  const [total, rows] = await Promise.all([
    db.need.count({ where }),
    db.need.findMany({
      where,
      select: needCard,
      orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
    }),
  ]);
  return paged(
    rows.map((row) => ({ ...row, budgetMin: toNumber(row.budgetMin), budgetMax: toNumber(row.budgetMax) })),
    total,
    page,
  );
}

function paged<T>(items: T[], total: number, page: number): Page<T> {
  return { items, total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), pageSize: PAGE_SIZE };
}

/** Whether the viewer may see a listing: published ones are public; others only to their owner or a reviewer. */
export function listingVisible(status: string, ownerOrgId: string, actor: Actor | null, kind: ListingKind): boolean {
  if (status === "PUBLISHED") return true;
  return actor !== null && can(actor.memberships, `read:${kind}`, ownerOrgId);
}

export async function getAchievement(db: PrismaClient, id: string, actor: Actor | null) {
  const row = await db.achievement.findUnique({
    where: { id },
    select: {
      ...achievementCard,
      description: true,
      techFieldMajor: true,
      trl: true,
      ipSummary: true,
      region: true,
      keywords: true,
      applicationScope: true,
      status: true,
      source: true,
      sourcePublisher: true,
      externalId: true,
      ownerOrgId: true,
      updatedAt: true,
      ipItems: true,
      team: true,
      validUntil: true,
      returnReason: true,
      disclosureTerms: true,
      industrySection: true,
      industryDivision: true,
    },
  });
  if (!row || !listingVisible(row.status, row.ownerOrgId, actor, "achievement")) return null;
  return { ...row, priceMin: toNumber(row.priceMin), priceMax: toNumber(row.priceMax) };
}

export async function getNeed(db: PrismaClient, id: string, actor: Actor | null) {
  const row = await db.need.findUnique({
    where: { id },
    select: {
      ...needCard,
      techField: true,
      region: true,
      deadline: true,
      status: true,
      source: true,
      sourcePublisher: true,
      externalId: true,
      ownerOrgId: true,
      validUntil: true,
      updatedAt: true,
      indicators: true,
      confidentiality: true,
      returnReason: true,
      budgetMin: true,
      budgetMax: true,
    },
  });
  if (!row || !listingVisible(row.status, row.ownerOrgId, actor, "need")) return null;
  return { ...row, budgetMin: toNumber(row.budgetMin), budgetMax: toNumber(row.budgetMax) };
}

/**
 * Throws unless the actor may `action` this listing (404 if it does not exist, 403 if not allowed);
 * returns the owning organization. Routes call it before reading the form, so a stranger learns
 * nothing from validation messages.
 */
export async function requireListingPermission(db: PrismaClient, actor: Actor, kind: ListingKind, id: string, action: "update" | "delete"): Promise<string> {
  const row =
    kind === "achievement"
      ? await db.achievement.findUnique({ where: { id }, select: { ownerOrgId: true } })
      : await db.need.findUnique({ where: { id }, select: { ownerOrgId: true } });
  if (!row) throw new DomainError("error.notFound.body", 404);
  if (!can(actor.memberships, `${action}:${kind}`, row.ownerOrgId)) throw new DomainError("error.forbidden.body", 403);
  return row.ownerOrgId;
}

export async function deleteListing(db: PrismaClient, actor: Actor, kind: ListingKind, id: string): Promise<void> {
  const ownerOrgId = await requireListingPermission(db, actor, kind, id, "delete");
  await db.$transaction(async (tx) => {
    const before = kind === "achievement" ? await tx.achievement.delete({ where: { id } }) : await tx.need.delete({ where: { id } });
    await recordAudit(tx, { actorId: actor.id, orgId: ownerOrgId, action: `${kind}.deleted`, entityType: kind, entityId: id, before });
    await tx.outbox.create({ data: { topic: `${kind}.deleted`, aggregateId: id, payload: { id } } });
  });
}

/** Headline counts for the home page. */
export async function marketplaceStats(db: PrismaClient) {
  const [achievements, needs, organizations] = await Promise.all([
    db.achievement.count({ where: { status: "PUBLISHED" } }),
    db.need.count({ where: { status: "PUBLISHED" } }),
    db.organization.count({ where: { verified: true } }),
  ]);
  return { achievements, needs, organizations };
}
