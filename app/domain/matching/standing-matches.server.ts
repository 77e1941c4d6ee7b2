import type { PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { DomainError } from "../errors";
import type { ListingKind, SearchDocument } from "../../../search/types";
import type { Matcher } from "./pipeline";

/**
 * Standing matches: an owner (or a broker) saves a need or an achievement; when a newly indexed listing of the
 * other kind matches it above the threshold, the saver and the following broker get a notification (stored, and
 * pushed live by the caller's `emit`).
 */
export const STANDING_MATCH_TOPIC = "match.new";

export async function saveStandingMatch(db: PrismaClient, actor: Actor, kind: ListingKind, listingId: string): Promise<{ id: string }> {
  const listing =
    kind === "need"
      ? await db.need.findUnique({ where: { id: listingId }, select: { ownerOrgId: true, status: true } })
      : await db.achievement.findUnique({ where: { id: listingId }, select: { ownerOrgId: true, status: true } });
  if (!listing) throw new DomainError("error.notFound.title", 404);
  const owner = can(actor.memberships, `update:${kind}`, listing.ownerOrgId);
  const broker = can(actor.memberships, "create:match");
  if (!owner && !broker) throw new DomainError("error.forbidden.title", 403);
  return db.standingMatch.upsert({
    where: { listingKind_listingId_userId: { listingKind: kind, listingId, userId: actor.id } },
    create: { listingKind: kind, listingId, userId: actor.id, brokerUserId: broker && !owner ? actor.id : null },
    update: { active: true },
    select: { id: true },
  });
}

export type MatchNotification = { id: string; userId: string; data: { savedKind: string; savedId: string; candidateKind: string; candidateId: string; candidateTitle: string; score: number }; link: string };

/** Checks newly indexed listings against the standing matches of the other kind; returns the notifications made. */
export async function notifyStandingMatches(db: PrismaClient, matcher: Matcher, documents: SearchDocument[], emit: (notification: MatchNotification) => void): Promise<MatchNotification[]> {
  const made: MatchNotification[] = [];
  for (const document of documents) {
    const savedKind: ListingKind = document.kind === "need" ? "achievement" : "need";
    const standing = await db.standingMatch.findMany({ where: { listingKind: savedKind, active: true }, select: { listingId: true, userId: true, brokerUserId: true, threshold: true } });
    if (standing.length === 0) continue;
    const results = await matcher.match({ kind: document.kind, title: document.title, body: document.body, document }, { limit: 100 });
    const scores = new Map(results.map((result) => [result.document.listingId, result.score]));
    const link = `/${document.kind === "achievement" ? "achievements" : "needs"}/${document.listingId}`;
    for (const saved of standing) {
      const score = scores.get(saved.listingId);
      if (score === undefined || score < saved.threshold) continue;
      for (const userId of new Set([saved.userId, saved.brokerUserId].filter((id): id is string => id !== null))) {
        // An edited listing is indexed again: one notification per user and candidate is enough.
        const existing = await db.notification.findFirst({ where: { userId, topic: STANDING_MATCH_TOPIC, link }, select: { id: true } });
        if (existing) continue;
        const data = { savedKind, savedId: saved.listingId, candidateKind: document.kind, candidateId: document.listingId, candidateTitle: document.title, score: Number(score.toFixed(3)) };
        const row = await db.notification.create({ data: { userId, topic: STANDING_MATCH_TOPIC, data, link }, select: { id: true } });
        const notification = { id: row.id, userId, data, link };
        made.push(notification);
        emit(notification);
      }
    }
  }
  return made;
}
