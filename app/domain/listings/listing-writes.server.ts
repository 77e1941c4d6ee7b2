import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { type NewNotification, pushNotifications, recordNotifications } from "../notifications/notifications.server";
import { z } from "zod";
import { type AchievementInput, type Indicator, indicatorSchema, type IpItem, ipItemSchema, type NeedInput } from "./listing-input";
import type { ListingKind } from "./listings.server";
import { trlOfMaturity } from "./source-records";
import { splitIndustryClass, splitTechField } from "./taxonomy";
import { type Capacity, checkTransition, isEditable, type ListingStatusName, outboxTopic, type TransitionName } from "./workflow";

type Tx = Prisma.TransactionClient;

/** Input → Achievement columns (derived columns included), for create, update and import alike. */
/** The technical field and industry class with the levels derived from them, shared by both kinds. */
function classification(input: { techField: string | null; industryClass: string | null }) {
  const field = splitTechField(input.techField);
  const industry = splitIndustryClass(input.industryClass);
  return {
    techField: input.techField,
    techFieldMajor: field.major,
    techFieldMinor: field.minor,
    industryClass: input.industryClass,
    industrySection: industry.section,
    industryDivision: industry.division,
  };
}

export function achievementData(input: AchievementInput) {
  return {
    title: input.title,
    summary: input.summary,
    description: input.description,
    ...classification(input),
    maturity: input.maturity,
    trl: input.maturity ? trlOfMaturity[input.maturity] : null,
    ipItems: input.ipItems,
    ipType: input.ipItems[0]?.type ?? null,
    cooperationModes: input.cooperationModes,
    priceMin: input.priceMin,
    priceMax: input.priceMax,
    negotiable: input.priceMin === null && input.priceMax === null,
    region: input.region,
    keywords: input.keywords,
    team: input.team,
    validUntil: input.validUntil,
    disclosureTerms: input.disclosureTerms,
  };
}

export function needData(input: NeedInput) {
  return {
    title: input.title,
    description: input.description,
    ...classification(input),
    indicators: input.indicators,
    cooperationModes: input.cooperationModes,
    budgetMin: input.budgetMin,
    budgetMax: input.budgetMax,
    negotiable: input.budgetMin === null && input.budgetMax === null,
    region: input.region,
    deadline: input.deadline,
    validUntil: input.validUntil,
    confidentiality: input.confidentiality,
  };
}

/** The organization a new listing belongs to: the one asked for, or the actor's first that may create it. */
export function owningOrgFor(actor: Actor, kind: ListingKind, orgId?: string | null): string {
  const candidates = actor.memberships.filter((m) => can([m], `create:${kind}`, m.organizationId)).map((m) => m.organizationId);
  const chosen = orgId ? candidates.find((id) => id === orgId) : candidates[0];
  if (!chosen) throw new DomainError("error.forbidden.body", 403);
  return chosen;
}

const writeSelect = { id: true, status: true, ownerOrgId: true, externalId: true, title: true } as const;

export async function createAchievement(db: PrismaClient, actor: Actor, input: AchievementInput, options: { orgId?: string | null } = {}) {
  const ownerOrgId = owningOrgFor(actor, "achievement", options.orgId);
  return db.$transaction(async (tx) => {
    await refuseTakenExternalId(tx, "achievement", input.externalId);
    const row = await tx.achievement.create({
      data: { ...achievementData(input), externalId: input.externalId, ownerOrgId, createdById: actor.id, status: "DRAFT" },
      select: writeSelect,
    });
    await recordAudit(tx, { actorId: actor.id, orgId: ownerOrgId, action: "achievement.created", entityType: "achievement", entityId: row.id, after: row });
    await tx.outbox.create({ data: { topic: "achievement.created", aggregateId: row.id, payload: { id: row.id, status: row.status } } });
    return row;
  });
}

export async function createNeed(db: PrismaClient, actor: Actor, input: NeedInput, options: { orgId?: string | null } = {}) {
  const ownerOrgId = owningOrgFor(actor, "need", options.orgId);
  return db.$transaction(async (tx) => {
    await refuseTakenExternalId(tx, "need", input.externalId);
    const row = await tx.need.create({
      data: { ...needData(input), externalId: input.externalId, ownerOrgId, createdById: actor.id, status: "DRAFT" },
      select: writeSelect,
    });
    await recordAudit(tx, { actorId: actor.id, orgId: ownerOrgId, action: "need.created", entityType: "need", entityId: row.id, after: row });
    await tx.outbox.create({ data: { topic: "need.created", aggregateId: row.id, payload: { id: row.id, status: row.status } } });
    return row;
  });
}

async function refuseTakenExternalId(tx: Tx, kind: ListingKind, externalId: string | null, exceptId?: string) {
  if (!externalId) return;
  const existing =
    kind === "achievement"
      ? await tx.achievement.findUnique({ where: { externalId }, select: { id: true } })
      : await tx.need.findUnique({ where: { externalId }, select: { id: true } });
  if (existing && existing.id !== exceptId) throw new DomainError("listingForm.error.externalIdTaken", 409, "externalId");
}

/** Locks the row (SELECT … FOR UPDATE) so that concurrent transitions and edits serialize on it. */
async function lockListing(tx: Tx, kind: ListingKind, id: string) {
  const rows =
    kind === "achievement"
      ? await tx.$queryRaw<{ id: string; status: ListingStatusName; ownerOrgId: string; createdById: string | null }[]>`SELECT id, status::text AS status, "ownerOrgId", "createdById" FROM "Achievement" WHERE id = ${id} FOR UPDATE`
      : await tx.$queryRaw<{ id: string; status: ListingStatusName; ownerOrgId: string; createdById: string | null }[]>`SELECT id, status::text AS status, "ownerOrgId", "createdById" FROM "Need" WHERE id = ${id} FOR UPDATE`;
  return rows[0] ?? null;
}

/** Saves every field of a listing. Owners only, and never while a broker reviews it. */
export async function saveAchievement(db: PrismaClient, actor: Actor, id: string, input: AchievementInput) {
  return db.$transaction(async (tx) => {
    const current = await lockListing(tx, "achievement", id);
    if (!current) throw new DomainError("error.notFound.body", 404);
    if (!can(actor.memberships, "update:achievement", current.ownerOrgId)) throw new DomainError("error.forbidden.body", 403);
    if (!isEditable(current.status)) throw new DomainError("workflow.error.lockedForReview", 409);
    await refuseTakenExternalId(tx, "achievement", input.externalId, id);
    const before = await tx.achievement.findUniqueOrThrow({ where: { id } });
    const after = await tx.achievement.update({ where: { id }, data: { ...achievementData(input), ...(input.externalId ? { externalId: input.externalId } : {}) }, select: writeSelect });
    await recordAudit(tx, { actorId: actor.id, orgId: current.ownerOrgId, action: "achievement.updated", entityType: "achievement", entityId: id, before, after: { ...after, ...achievementData(input) } });
    await tx.outbox.create({ data: { topic: "achievement.updated", aggregateId: id, payload: { id, status: after.status } } });
    return after;
  });
}

export async function saveNeed(db: PrismaClient, actor: Actor, id: string, input: NeedInput) {
  return db.$transaction(async (tx) => {
    const current = await lockListing(tx, "need", id);
    if (!current) throw new DomainError("error.notFound.body", 404);
    if (!can(actor.memberships, "update:need", current.ownerOrgId)) throw new DomainError("error.forbidden.body", 403);
    if (!isEditable(current.status)) throw new DomainError("workflow.error.lockedForReview", 409);
    await refuseTakenExternalId(tx, "need", input.externalId, id);
    const before = await tx.need.findUniqueOrThrow({ where: { id } });
    const after = await tx.need.update({ where: { id }, data: { ...needData(input), ...(input.externalId ? { externalId: input.externalId } : {}) }, select: writeSelect });
    await recordAudit(tx, { actorId: actor.id, orgId: current.ownerOrgId, action: "need.updated", entityType: "need", entityId: id, before, after: { ...after, ...needData(input) } });
    await tx.outbox.create({ data: { topic: "need.updated", aggregateId: id, payload: { id, status: after.status } } });
    return after;
  });
}

/** What the actor is with respect to a listing owned by ownerOrgId. */
export function capacityOf(actor: Actor | null, kind: ListingKind, ownerOrgId: string): Capacity {
  return {
    owner: actor !== null && can(actor.memberships, `submit:${kind}`, ownerOrgId),
    reviewer: actor !== null && can(actor.memberships, "review:listing"),
    system: false,
  };
}

/** Who hears about a listing's transitions: its author, else the owning organization's active members. */
async function ownerRecipients(tx: Tx, ownerOrgId: string, createdById: string | null): Promise<string[]> {
  if (createdById) return [createdById];
  const members = await tx.membership.findMany({ where: { organizationId: ownerOrgId, status: "ACTIVE" }, select: { userId: true } });
  return members.map((m) => m.userId);
}

const workflowError = {
  notAllowedFromStatus: ["workflow.error.notAllowedFromStatus", 409],
  notPermitted: ["error.forbidden.body", 403],
  reasonRequired: ["workflow.error.reasonRequired", 422],
} as const;

export type TransitionResult = { id: string; from: ListingStatusName; to: ListingStatusName };

/**
 * Fires one workflow transition. One transaction: the row is locked, the rule decides, the status
 * changes, and an AuditEvent (who, when, why), an Outbox row ({ id, status }) and the owner's
 * notifications commit together; the live push follows the commit. `actor: null` is the system.
 */
export async function transitionListing(
  db: PrismaClient,
  actor: Actor | null,
  kind: ListingKind,
  id: string,
  transition: TransitionName,
  reason?: string | null,
): Promise<TransitionResult> {
  const notifications: NewNotification[] = [];
  const result = await db.$transaction(async (tx) => {
    const current = await lockListing(tx, kind, id);
    if (!current) throw new DomainError("error.notFound.body", 404);
    const who: Capacity = actor ? capacityOf(actor, kind, current.ownerOrgId) : { owner: false, reviewer: false, system: true };
    if (actor && current.status !== "PUBLISHED" && !who.owner && !who.reviewer && !can(actor.memberships, `read:${kind}`, current.ownerOrgId)) {
      // A stranger learns nothing about listings they cannot read.
      throw new DomainError("error.notFound.body", 404);
    }
    const decision = checkTransition(current.status, transition, who, reason);
    if (!decision.ok) {
      const [key, status] = workflowError[decision.reason];
      throw new DomainError(key, status, decision.reason === "reasonRequired" ? "reason" : undefined);
    }
    const now = new Date();
    const to = decision.to;
    const data = {
      status: to,
      ...(to === "SUBMITTED" ? { submittedAt: now, returnReason: null } : {}),
      ...(to === "UNDER_REVIEW" && actor ? { reviewerId: actor.id } : {}),
      ...(to === "PUBLISHED" ? { publishedAt: now, returnReason: null } : {}),
      ...(to === "RETURNED" ? { returnReason: reason?.trim() ?? null } : {}),
    };
    if (kind === "achievement") await tx.achievement.update({ where: { id }, data });
    else await tx.need.update({ where: { id }, data });
    const why = reason?.trim() || null;
    await recordAudit(tx, {
      actorId: actor?.id ?? null,
      orgId: current.ownerOrgId,
      action: `${kind}.${transition}`,
      entityType: kind,
      entityId: id,
      before: { status: current.status },
      after: { status: to, reason: why },
    });
    await tx.outbox.create({ data: { topic: outboxTopic(kind, current.status, to), aggregateId: id, payload: { id, status: to } } });
    for (const userId of await ownerRecipients(tx, current.ownerOrgId, current.createdById)) {
      if (userId === actor?.id) continue;
      notifications.push({ userId, topic: `${kind}.${transition}`, entityType: kind, entityId: id, data: { from: current.status, to, reason: why } });
    }
    await recordNotifications(tx, notifications);
    return { id, from: current.status, to };
  });
  pushNotifications(notifications);
  return result;
}

/** Expires published listings whose validity period has ended. Records without validUntil never expire. */
export async function expireListings(db: PrismaClient, now = new Date()): Promise<number> {
  let expired = 0;
  for (const kind of ["achievement", "need"] as const) {
    const where = { status: "PUBLISHED" as const, validUntil: { lt: now } };
    const due = kind === "achievement" ? await db.achievement.findMany({ where, select: { id: true }, take: 500 }) : await db.need.findMany({ where, select: { id: true }, take: 500 });
    for (const { id } of due) {
      try {
        await transitionListing(db, null, kind, id, "expire", "validUntil");
        expired += 1;
      } catch (error) {
        // Changed meanwhile (archived by its owner, say): nothing to expire.
        if (!(error instanceof DomainError)) throw error;
      }
    }
  }
  return expired;
}

/** The broker's review queue: listings submitted or under review, oldest submission first. */
export async function reviewQueue(db: PrismaClient, actor: Actor) {
  if (!can(actor.memberships, "review:listing")) throw new DomainError("error.forbidden.body", 403);
  const where = { status: { in: ["SUBMITTED" as const, "UNDER_REVIEW" as const] } };
  const select = { id: true, title: true, status: true, submittedAt: true, reviewerId: true, ownerOrg: { select: { name: true, nameEn: true, isDemo: true } } } as const;
  const [achievements, needs] = await Promise.all([
    db.achievement.findMany({ where, select, orderBy: [{ submittedAt: "asc" }, { id: "asc" }], take: 200 }),
    db.need.findMany({ where, select, orderBy: [{ submittedAt: "asc" }, { id: "asc" }], take: 200 }),
  ]);
  return [...achievements.map((a) => ({ ...a, kind: "achievement" as const })), ...needs.map((n) => ({ ...n, kind: "need" as const }))].sort(
    (a, b) => (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0),
  );
}

/** The listings of the actor's organizations, every status, newest change first. */
export async function myListings(db: PrismaClient, actor: Actor) {
  const orgIds = actor.memberships.map((m) => m.organizationId);
  const select = { id: true, title: true, status: true, updatedAt: true, returnReason: true, externalId: true } as const;
  const [achievements, needs] = await Promise.all([
    db.achievement.findMany({ where: { ownerOrgId: { in: orgIds } }, select, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], take: 200 }),
    db.need.findMany({ where: { ownerOrgId: { in: orgIds } }, select, orderBy: [{ updatedAt: "desc" }, { id: "asc" }], take: 200 }),
  ]);
  return { achievements, needs };
}

function dec(value: { toNumber(): number } | null): number | null {
  return value === null ? null : value.toNumber();
}

/** Every editable field of a listing, for its edit form; 404/403 as DomainError. */
export async function listingForEdit(db: PrismaClient, actor: Actor, kind: ListingKind, id: string) {
  if (kind === "achievement") {
    const row = await db.achievement.findUnique({ where: { id } });
    if (!row) throw new DomainError("error.notFound.body", 404);
    if (!can(actor.memberships, "update:achievement", row.ownerOrgId)) throw new DomainError("error.forbidden.body", 403);
    return {
      id: row.id,
      status: row.status,
      values: {
        title: row.title,
        summary: row.summary,
        description: row.description,
        techField: row.techField,
        industryClass: row.industryClass,
        maturity: row.maturity,
        ipItems: ipItemsOf(row.ipItems),
        cooperationModes: row.cooperationModes,
        priceMin: dec(row.priceMin),
        priceMax: dec(row.priceMax),
        negotiable: row.negotiable,
        region: row.region,
        keywords: row.keywords,
        team: row.team,
        validUntil: row.validUntil?.toISOString() ?? null,
        disclosureTerms: row.disclosureTerms,
      },
    };
  }
  const row = await db.need.findUnique({ where: { id } });
  if (!row) throw new DomainError("error.notFound.body", 404);
  if (!can(actor.memberships, "update:need", row.ownerOrgId)) throw new DomainError("error.forbidden.body", 403);
  return {
    id: row.id,
    status: row.status,
    values: {
      title: row.title,
      description: row.description,
      techField: row.techField,
      industryClass: row.industryClass,
      indicators: indicatorsOf(row.indicators),
      cooperationModes: row.cooperationModes,
      budgetMin: dec(row.budgetMin),
      budgetMax: dec(row.budgetMax),
      negotiable: row.negotiable,
      region: row.region,
      deadline: row.deadline?.toISOString() ?? null,
      validUntil: row.validUntil?.toISOString() ?? null,
      confidentiality: row.confidentiality,
    },
  };
}

/** JSON columns read back through their schemas: anything malformed is dropped rather than shown. */
export function ipItemsOf(value: unknown): IpItem[] {
  const parsed = z.array(ipItemSchema).safeParse(value);
  return parsed.success ? parsed.data : [];
}

export function indicatorsOf(value: unknown): Indicator[] {
  const parsed = z.array(indicatorSchema).safeParse(value);
  return parsed.success ? parsed.data : [];
}
