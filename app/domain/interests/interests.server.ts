import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { isRecordId } from "../record-ids";
import { type NewNotification, pushNotifications, recordNotifications } from "../notifications/notifications.server";
import { topics } from "../notifications/topics";
import { onInterestProceed } from "./proceed.server";

import { responseCodes } from "./codes";
export type ListingKind = "achievement" | "need";

export const INTEREST_MESSAGE_MAX = 2000;
export const RESPONSE_NOTE_MAX = 1000;
export const INTERESTS_PAGE_SIZE = 20;

export const interestInputSchema = z.object({
  listingKind: z.enum(["achievement", "need"], { message: "validation.invalid" }),
  listingId: z.string().trim().min(1, { message: "validation.required" }).max(40),
  message: z.string().trim().min(1, { message: "validation.required" }).max(INTEREST_MESSAGE_MAX, { message: "validation.tooLong" }),
  /** the organization the actor speaks for, when they belong to several */
  orgId: z.string().trim().max(40).optional(),
});

export const answerInputSchema = z
  .object({
    code: z.enum(responseCodes, { message: "interest.error.codeRequired" }),
    note: z.string().trim().max(RESPONSE_NOTE_MAX, { message: "validation.tooLong" }).optional().default(""),
  })
  .refine((value) => value.code !== "OTHER" || value.note.length > 0, { message: "interest.error.noteRequired", path: ["note"] });

type Tx = Prisma.TransactionClient;

async function listingOf(db: PrismaClient | Tx, kind: ListingKind, id: string) {
  if (!isRecordId(id)) return null;
  const select = { id: true, title: true, status: true, ownerOrgId: true } as const;
  return kind === "achievement" ? db.achievement.findUnique({ where: { id }, select }) : db.need.findUnique({ where: { id }, select });
}

async function activeMemberIds(db: PrismaClient | Tx, organizationId: string): Promise<string[]> {
  const members = await db.membership.findMany({ where: { organizationId, status: "ACTIVE", user: { status: "ACTIVE" } }, select: { userId: true } });
  return members.map((m) => m.userId);
}

/** The verified organizations (other than the listing's owner) in whose name the actor may express interest. */
export function interestOrgsOf(actor: Actor | null, ownerOrgId: string) {
  if (!actor) return [];
  return actor.memberships.filter((m) => m.organization.verified && m.organizationId !== ownerOrgId && can([m], "create:interest", m.organizationId)).map((m) => m.organization);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code?: unknown }).code === "P2002";
}

/** A member of a verified organization tells a published listing's owner that it wants to talk; one per organization and listing. */
export async function expressInterest(db: PrismaClient, actor: Actor, input: z.output<typeof interestInputSchema>) {
  const listing = await listingOf(db, input.listingKind, input.listingId);
  if (!listing || listing.status !== "PUBLISHED") throw new DomainError("error.notFound.body", 404);
  const orgs = interestOrgsOf(actor, listing.ownerOrgId);
  const org = input.orgId ? orgs.find((o) => o.id === input.orgId) : orgs[0];
  if (!org) throw new DomainError(listing.ownerOrgId && actor.memberships.some((m) => m.organizationId === listing.ownerOrgId) ? "interest.error.ownListing" : "interest.error.verifiedOnly", 403);
  const notifications: NewNotification[] = [];
  try {
    const interest = await db.$transaction(async (tx) => {
      const existing = await tx.interest.findUnique({ where: { listingKind_listingId_fromOrgId: { listingKind: input.listingKind, listingId: listing.id, fromOrgId: org.id } }, select: { id: true } });
      if (existing) throw new DomainError("interest.error.duplicate", 409);
      const created = await tx.interest.create({
        data: { listingKind: input.listingKind, listingId: listing.id, fromOrgId: org.id, fromUserId: actor.id, toOrgId: listing.ownerOrgId, message: input.message },
        select: { id: true, listingKind: true, listingId: true, fromOrgId: true, toOrgId: true, createdAt: true },
      });
      await recordAudit(tx, { actorId: actor.id, orgId: org.id, action: "interest.express", entityType: "interest", entityId: created.id, after: { ...created, message: input.message } });
      for (const userId of await activeMemberIds(tx, listing.ownerOrgId)) {
        notifications.push({
          userId,
          topic: topics.interestReceived,
          entityType: "interest",
          entityId: created.id,
          link: `/interests/${created.id}`,
          data: { fromOrgName: org.name, listingTitle: listing.title, message: input.message },
        });
      }
      await recordNotifications(tx, notifications);
      return created;
    });
    pushNotifications(notifications);
    return interest;
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("interest.error.duplicate", 409);
    throw error;
  }
}

export type InterestSide = "from" | "to";

/** Which side of the interest the actor is on (a member of both organizations counts as the answering side). */
export function sideOf(actor: Actor, interest: { fromOrgId: string; toOrgId: string }): InterestSide | null {
  const orgIds = new Set(actor.memberships.map((m) => m.organizationId));
  if (orgIds.has(interest.toOrgId)) return "to";
  if (orgIds.has(interest.fromOrgId)) return "from";
  return null;
}

/** The owner organization answers with a coded reason (a note is required for OTHER); audited, the interested party notified. */
export async function answerInterest(db: PrismaClient, actor: Actor, interestId: string, input: z.output<typeof answerInputSchema>) {
  const interest = await db.interest.findUnique({ where: { id: interestId } });
  if (!interest || !sideOf(actor, interest)) throw new DomainError("error.notFound.body", 404);
  if (!can(actor.memberships, "update:interest", interest.toOrgId)) throw new DomainError("error.forbidden.body", 403);
  if (input.code === "OTHER" && !input.note) throw new DomainError("interest.error.noteRequired", 422, "note");
  const listing = await listingOf(db, interest.listingKind as ListingKind, interest.listingId);
  const toOrg = await db.organization.findUnique({ where: { id: interest.toOrgId }, select: { name: true } });
  const notifications: NewNotification[] = [];
  // the opened deal's notifications to its parties, already stored by the deal pipeline
  const dealNotifications: NewNotification[] = [];
  const result = await db.$transaction(async (tx) => {
    const now = new Date();
    // Conditional on still being unanswered: two answers racing, only one wins.
    const { count } = await tx.interest.updateMany({
      where: { id: interestId, respondedAt: null },
      data: { responseCode: input.code, responseNote: input.note || null, respondedAt: now, respondedById: actor.id },
    });
    if (count === 0) throw new DomainError("interest.error.answered", 409);
    let dealId: string | null = null;
    if (input.code === "PROCEED") {
      const proceeded = await onInterestProceed(tx, {
        id: interest.id,
        listingKind: interest.listingKind as ListingKind,
        listingId: interest.listingId,
        listingTitle: listing?.title ?? "",
        fromOrgId: interest.fromOrgId,
        fromUserId: interest.fromUserId,
        toOrgId: interest.toOrgId,
        respondedById: actor.id,
      });
      if (proceeded) {
        dealId = proceeded.dealId;
        dealNotifications.push(...proceeded.notifications);
        await tx.interest.update({ where: { id: interestId }, data: { dealId } });
      }
    }
    await recordAudit(tx, {
      actorId: actor.id,
      orgId: interest.toOrgId,
      action: "interest.answer",
      entityType: "interest",
      entityId: interestId,
      before: { responseCode: null },
      after: { responseCode: input.code, responseNote: input.note || null, dealId },
    });
    notifications.push({
      userId: interest.fromUserId,
      topic: topics.interestAnswered,
      entityType: "interest",
      entityId: interestId,
      link: `/interests/${interestId}`,
      data: { toOrgName: toOrg?.name ?? "", listingTitle: listing?.title ?? "", code: input.code, note: input.note || null },
    });
    await recordNotifications(tx, notifications);
    return { id: interestId, code: input.code, respondedAt: now, dealId };
  });
  pushNotifications([...notifications, ...dealNotifications]);
  return result;
}

/** One side agrees to show its members' contact details; they are shown only when both sides have agreed. */
export async function consentToContact(db: PrismaClient, actor: Actor, interestId: string) {
  const interest = await db.interest.findUnique({ where: { id: interestId }, select: { id: true, fromOrgId: true, toOrgId: true, fromContactOkAt: true, toContactOkAt: true } });
  const side = interest ? sideOf(actor, interest) : null;
  if (!interest || !side) throw new DomainError("error.notFound.body", 404);
  const field = side === "from" ? "fromContactOkAt" : "toContactOkAt";
  if (interest[field]) return { side, alreadyAgreed: true };
  await db.$transaction(async (tx) => {
    await tx.interest.update({ where: { id: interestId }, data: { [field]: new Date() } });
    await recordAudit(tx, { actorId: actor.id, orgId: side === "from" ? interest.fromOrgId : interest.toOrgId, action: "interest.contactConsent", entityType: "interest", entityId: interestId, after: { side } });
  });
  return { side, alreadyAgreed: false };
}

export type Contact = { name: string; email: string };

/** Active members of an organization, as contact details. */
export async function contactsOf(db: PrismaClient, organizationId: string): Promise<Contact[]> {
  const members = await db.membership.findMany({
    where: { organizationId, status: "ACTIVE", user: { status: "ACTIVE" } },
    select: { user: { select: { name: true, email: true } } },
    orderBy: { createdAt: "asc" },
    take: 20,
  });
  return members.map((m) => m.user);
}

/** An interest as one of its two organizations sees it; contact details of the other side only once both agreed. */
export async function getInterestForActor(db: PrismaClient, actor: Actor, interestId: string) {
  const interest = await db.interest.findUnique({ where: { id: interestId } });
  const side = interest ? sideOf(actor, interest) : null;
  if (!interest || !side) return null;
  const [listing, orgs, fromUser] = await Promise.all([
    listingOf(db, interest.listingKind as ListingKind, interest.listingId),
    db.organization.findMany({ where: { id: { in: [interest.fromOrgId, interest.toOrgId] } }, select: { id: true, name: true, nameEn: true, kind: true } }),
    db.user.findUnique({ where: { id: interest.fromUserId }, select: { name: true } }),
  ]);
  const bothAgreed = interest.fromContactOkAt !== null && interest.toContactOkAt !== null;
  const otherOrgId = side === "from" ? interest.toOrgId : interest.fromOrgId;
  return {
    id: interest.id,
    side,
    listing: { kind: interest.listingKind as ListingKind, id: interest.listingId, title: listing?.title ?? "" },
    fromOrg: orgs.find((o) => o.id === interest.fromOrgId) ?? null,
    toOrg: orgs.find((o) => o.id === interest.toOrgId) ?? null,
    fromUserName: fromUser?.name ?? "",
    message: interest.message,
    createdAt: interest.createdAt,
    responseCode: interest.responseCode,
    responseNote: interest.responseNote,
    respondedAt: interest.respondedAt,
    dealId: interest.dealId,
    canAnswer: interest.respondedAt === null && can(actor.memberships, "update:interest", interest.toOrgId),
    consent: { mine: (side === "from" ? interest.fromContactOkAt : interest.toContactOkAt) !== null, theirs: (side === "from" ? interest.toContactOkAt : interest.fromContactOkAt) !== null },
    contacts: bothAgreed ? await contactsOf(db, otherOrgId) : null,
  };
}

/** What the listing page shows a signed-in visitor about interest in it. */
export async function interestPanelState(db: PrismaClient, actor: Actor | null, kind: ListingKind, listing: { id: string; ownerOrgId: string; status: string }) {
  if (!actor || listing.status !== "PUBLISHED") return null;
  const orgs = interestOrgsOf(actor, listing.ownerOrgId);
  const owner = actor.memberships.some((m) => m.organizationId === listing.ownerOrgId);
  const sent = orgs.length > 0 ? await db.interest.findMany({ where: { listingKind: kind, listingId: listing.id, fromOrgId: { in: orgs.map((o) => o.id) } }, select: { id: true, fromOrgId: true, createdAt: true, responseCode: true } }) : [];
  const received = owner ? await db.interest.count({ where: { listingKind: kind, listingId: listing.id } }) : null;
  return { orgs: orgs.filter((o) => !sent.some((s) => s.fromOrgId === o.id)), sent, received, owner };
}

export type InboxBox = "received" | "sent";

/** Received or sent interests of the actor's organizations, unanswered first (oldest waiting on top), paginated. */
export async function listInbox(db: PrismaClient, actor: Actor, box: InboxBox, page: number) {
  const orgIds = actor.memberships.map((m) => m.organizationId);
  const where = box === "received" ? { toOrgId: { in: orgIds } } : { fromOrgId: { in: orgIds } };
  const current = Math.max(1, Math.floor(page));
  const [total, unanswered, rows] = await Promise.all([
    db.interest.count({ where }),
    db.interest.count({ where: { ...where, respondedAt: null } }),
    db.interest.findMany({
      where,
      orderBy: [{ respondedAt: { sort: "desc", nulls: "first" } }, { createdAt: "asc" }, { id: "asc" }],
      skip: (current - 1) * INTERESTS_PAGE_SIZE,
      take: INTERESTS_PAGE_SIZE,
      select: { id: true, listingKind: true, listingId: true, fromOrgId: true, toOrgId: true, message: true, responseCode: true, respondedAt: true, createdAt: true },
    }),
  ]);
  const achievementIds = rows.filter((r) => r.listingKind === "achievement").map((r) => r.listingId);
  const needIds = rows.filter((r) => r.listingKind === "need").map((r) => r.listingId);
  const orgIdsShown = [...new Set(rows.flatMap((r) => [r.fromOrgId, r.toOrgId]))];
  const [achievements, needs, orgs] = await Promise.all([
    db.achievement.findMany({ where: { id: { in: achievementIds } }, select: { id: true, title: true } }),
    db.need.findMany({ where: { id: { in: needIds } }, select: { id: true, title: true } }),
    db.organization.findMany({ where: { id: { in: orgIdsShown } }, select: { id: true, name: true } }),
  ]);
  const titles = new Map([...achievements, ...needs].map((l) => [l.id, l.title]));
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return {
    total,
    unanswered,
    page: current,
    pages: Math.max(1, Math.ceil(total / INTERESTS_PAGE_SIZE)),
    rows: rows.map((r) => ({
      ...r,
      listingTitle: titles.get(r.listingId) ?? "",
      otherOrg: { id: box === "received" ? r.fromOrgId : r.toOrgId, name: names.get(box === "received" ? r.fromOrgId : r.toOrgId) ?? "" },
    })),
  };
}
