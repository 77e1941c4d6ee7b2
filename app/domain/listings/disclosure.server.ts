import type { PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { type NewNotification, pushNotifications, recordNotifications } from "../notifications/notifications.server";
import { ipItemsOf } from "./listing-writes.server";
import { getAchievement, getNeed } from "./listings.server";

/**
 * Tiered disclosure. The public sees the teaser (title, summary, field, maturity, IP type, cooperation
 * modes, price band). The detailed description, attachments and IP numbers are shown to the owning
 * organization, to reviewers, and to members of verified organizations who accepted the owner's terms.
 */
export type DisclosureState = {
  /** the viewer sees the gated part */
  open: boolean;
  /** why: the owner or a reviewer sees it without accepting */
  privileged: boolean;
  acceptedAt: Date | null;
  /** the viewer could accept now (signed in, member of a verified organization) */
  canAccept: boolean;
  terms: string | null;
};

function privileged(actor: Actor | null, ownerOrgId: string): boolean {
  return actor !== null && (can(actor.memberships, "update:achievement", ownerOrgId) || can(actor.memberships, "review:listing"));
}

function verifiedOrgOf(actor: Actor | null): string | null {
  return actor?.memberships.find((m) => m.organization.verified)?.organizationId ?? null;
}

/**
 * Whether the viewer sees the gated part (description, team, IP numbers, attachments) of an achievement
 * they may see at all: the owner organization and reviewers always, others once they accepted the terms.
 */
export async function disclosureAccess(db: PrismaClient, actor: Actor | null, achievement: { id: string; ownerOrgId: string }) {
  const isPrivileged = privileged(actor, achievement.ownerOrgId);
  const acceptance =
    actor && !isPrivileged ? await db.disclosureAcceptance.findUnique({ where: { achievementId_userId: { achievementId: achievement.id, userId: actor.id } }, select: { acceptedAt: true } }) : null;
  return { open: isPrivileged || acceptance !== null, privileged: isPrivileged, acceptedAt: acceptance?.acceptedAt ?? null };
}

/** The achievement as this viewer may see it: gated fields are emptied unless disclosure is open. */
export async function getAchievementForViewer(db: PrismaClient, id: string, actor: Actor | null) {
  const achievement = await getAchievement(db, id, actor);
  if (!achievement) return null;
  const { open, privileged: isPrivileged, acceptedAt } = await disclosureAccess(db, actor, achievement);
  const ipItems = ipItemsOf(achievement.ipItems);
  const attachments = open
    ? await db.attachment.findMany({ where: { achievementId: id }, select: { id: true, fileName: true, mimeType: true, size: true, createdAt: true }, orderBy: { createdAt: "asc" } })
    : [];
  const disclosure: DisclosureState = {
    open,
    privileged: isPrivileged,
    acceptedAt,
    canAccept: !open && verifiedOrgOf(actor) !== null && achievement.status === "PUBLISHED",
    terms: achievement.disclosureTerms,
  };
  return {
    achievement: {
      ...achievement,
      description: open ? achievement.description : "",
      team: open ? achievement.team : null,
      ipItems: ipItems.map((item) => (open ? item : { type: item.type, number: null, status: item.status, holder: null })),
      disclosureTerms: undefined,
    },
    attachments,
    disclosure,
  };
}

/** Records that the actor (for their verified organization) accepted the owner's terms; the owner is told. */
export async function acceptDisclosure(db: PrismaClient, actor: Actor, achievementId: string, defaultTerms: string) {
  const orgId = verifiedOrgOf(actor);
  const row = await db.achievement.findUnique({ where: { id: achievementId }, select: { id: true, status: true, ownerOrgId: true, createdById: true, disclosureTerms: true, title: true } });
  if (!row || row.status !== "PUBLISHED") throw new DomainError("error.notFound.body", 404);
  if (!orgId) throw new DomainError("disclosure.verifiedOnly", 403);
  const notifications: NewNotification[] = [];
  const acceptance = await db.$transaction(async (tx) => {
    const existing = await tx.disclosureAcceptance.findUnique({ where: { achievementId_userId: { achievementId, userId: actor.id } } });
    if (existing) return existing;
    const created = await tx.disclosureAcceptance.create({ data: { achievementId, userId: actor.id, orgId, terms: row.disclosureTerms ?? defaultTerms } });
    await recordAudit(tx, { actorId: actor.id, orgId: row.ownerOrgId, action: "achievement.disclosureAccepted", entityType: "achievement", entityId: achievementId, after: { userId: actor.id, orgId, acceptedAt: created.acceptedAt } });
    const recipients = row.createdById
      ? [row.createdById]
      : (await tx.membership.findMany({ where: { organizationId: row.ownerOrgId, status: "ACTIVE" }, select: { userId: true } })).map((m) => m.userId);
    for (const userId of recipients) notifications.push({ userId, topic: "achievement.disclosureAccepted", entityType: "achievement", entityId: achievementId, data: { title: row.title, by: actor.name } });
    await recordNotifications(tx, notifications);
    return created;
  });
  pushNotifications(notifications);
  return acceptance;
}

/** Who accepted, when, from which organization: shown to the owner (and reviewers). */
export async function listDisclosureAcceptances(db: PrismaClient, actor: Actor, achievementId: string) {
  const row = await db.achievement.findUnique({ where: { id: achievementId }, select: { ownerOrgId: true } });
  if (!row) throw new DomainError("error.notFound.body", 404);
  if (!privileged(actor, row.ownerOrgId)) throw new DomainError("error.forbidden.body", 403);
  const acceptances = await db.disclosureAcceptance.findMany({ where: { achievementId }, orderBy: { acceptedAt: "desc" }, select: { id: true, userId: true, orgId: true, acceptedAt: true } });
  const [users, orgs] = await Promise.all([
    db.user.findMany({ where: { id: { in: acceptances.map((a) => a.userId) } }, select: { id: true, name: true } }),
    db.organization.findMany({ where: { id: { in: acceptances.map((a) => a.orgId) } }, select: { id: true, name: true, nameEn: true, isDemo: true } }),
  ]);
  return acceptances.map((a) => ({ ...a, user: users.find((u) => u.id === a.userId)?.name ?? "", org: orgs.find((o) => o.id === a.orgId) ?? null }));
}

/** A need's details by confidentiality: PUBLIC to all; MEMBERS to signed-in members of verified organizations; CONFIDENTIAL to owner and reviewers. */
export async function getNeedForViewer(db: PrismaClient, id: string, actor: Actor | null) {
  const need = await getNeed(db, id, actor);
  if (!need) return null;
  const owner = actor !== null && (can(actor.memberships, "update:need", need.ownerOrgId) || can(actor.memberships, "review:listing"));
  const open = need.confidentiality === "PUBLIC" || owner || (need.confidentiality === "MEMBERS" && verifiedOrgOf(actor) !== null);
  return { need: { ...need, description: open ? need.description : "", indicators: open ? need.indicators : [] }, open };
}
