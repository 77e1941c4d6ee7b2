import type { PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { DomainError } from "../errors";
import { isRecordId } from "../record-ids";
import { decideMatch, decisionsFor, type MatchDecisionInput, prepareMatchDecision, writeMatchDecision } from "../matching/match-decisions.server";
import { matchesForListing } from "../matching/matching.server";
import type { Matcher } from "../matching/pipeline";
import { pushNotifications } from "../notifications/notifications.server";
import { createDealInTransaction } from "./deals.server";
export { ageBand } from "./queue";

export const QUEUE_PAGE_SIZE = 20;
export const BOARD_NEEDS_PER_PAGE = 4;
export const BOARD_MATCHES_PER_NEED = 3;

export type QueueKind = "achievement" | "need" | "challenge" | "application";
export type QueueItem = { kind: QueueKind; id: string; title: string; ownerName: string; status: string; submittedAt: string | null; ageDays: number; link: string };


/**
 * The broker's review queue across listings, challenges and challenge applications, oldest first. Each table
 * is read in submission order up to the end of the requested page, then merged, so paging is exact.
 */
export async function reviewQueue(db: PrismaClient, actor: Actor, page: number, now = new Date()) {
  if (!can(actor.memberships, "review:listing")) throw new DomainError("error.forbidden.title", 403);
  const take = page * QUEUE_PAGE_SIZE;
  const listingWhere = { status: { in: ["SUBMITTED" as const, "UNDER_REVIEW" as const] } };
  const challengeWhere = { status: { in: ["SUBMITTED" as const, "IN_REVIEW" as const] } };
  const applicationWhere = { status: "SUBMITTED" as const };
  const order = [{ submittedAt: "asc" as const }, { id: "asc" as const }];
  const listingSelect = { id: true, title: true, status: true, submittedAt: true, ownerOrg: { select: { name: true } } } as const;
  const [counts, achievements, needs, challenges, applications] = await Promise.all([
    Promise.all([db.achievement.count({ where: listingWhere }), db.need.count({ where: listingWhere }), db.challenge.count({ where: challengeWhere }), db.challengeApplication.count({ where: applicationWhere })]),
    db.achievement.findMany({ where: listingWhere, select: listingSelect, orderBy: order, take }),
    db.need.findMany({ where: listingWhere, select: listingSelect, orderBy: order, take }),
    db.challenge.findMany({ where: challengeWhere, select: { id: true, title: true, status: true, submittedAt: true, issuerOrgId: true }, orderBy: order, take }),
    db.challengeApplication.findMany({ where: applicationWhere, select: { id: true, challengeId: true, status: true, submittedAt: true, leadOrgId: true }, orderBy: order, take }),
  ]);
  const orgIds = [...new Set([...challenges.map((c) => c.issuerOrgId), ...applications.map((a) => a.leadOrgId)])];
  const challengeIds = [...new Set(applications.map((a) => a.challengeId))];
  const [orgs, appliedTo] = await Promise.all([
    db.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } }),
    db.challenge.findMany({ where: { id: { in: challengeIds } }, select: { id: true, title: true } }),
  ]);
  const orgName = (id: string) => orgs.find((o) => o.id === id)?.name ?? "";
  const age = (at: Date | null) => (at ? Math.max(0, Math.floor((now.getTime() - at.getTime()) / (24 * 3600_000))) : 0);
  const item = (kind: QueueKind, row: { id: string; status: string; submittedAt: Date | null }, title: string, ownerName: string, link: string): QueueItem => ({
    kind,
    id: row.id,
    title,
    ownerName,
    status: row.status,
    submittedAt: row.submittedAt?.toISOString() ?? null,
    ageDays: age(row.submittedAt),
    link,
  });
  const merged = [
    ...achievements.map((a) => item("achievement", a, a.title, a.ownerOrg.name, `/achievements/${a.id}`)),
    ...needs.map((n) => item("need", n, n.title, n.ownerOrg.name, `/needs/${n.id}`)),
    ...challenges.map((c) => item("challenge", c, c.title, orgName(c.issuerOrgId), `/challenges/${c.id}`)),
    ...applications.map((a) => item("application", a, appliedTo.find((c) => c.id === a.challengeId)?.title ?? "", orgName(a.leadOrgId), `/challenges/${a.challengeId}`)),
  ].sort((a, b) => (a.submittedAt ?? "").localeCompare(b.submittedAt ?? "") || a.id.localeCompare(b.id));
  const total = counts.reduce((sum, n) => sum + n, 0);
  return { total, page, pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)), items: merged.slice((page - 1) * QUEUE_PAGE_SIZE, take) };
}

/**
 * The match board: recently published needs, each with its best suggested achievements from the matching
 * engine (score and explanation), the decisions already taken and the deals already opened from them.
 */
export async function matchBoard(db: PrismaClient, matcher: Matcher, actor: Actor, page: number) {
  if (!can(actor.memberships, "create:deal")) throw new DomainError("error.forbidden.title", 403);
  const where = { status: "PUBLISHED" as const };
  const [total, needs] = await Promise.all([
    db.need.count({ where }),
    db.need.findMany({ where, select: { id: true }, orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }], skip: (page - 1) * BOARD_NEEDS_PER_PAGE, take: BOARD_NEEDS_PER_PAGE }),
  ]);
  const entries = [];
  for (const need of needs) {
    const matches = await matchesForListing(db, matcher, "need", need.id, BOARD_MATCHES_PER_NEED);
    if (!matches) continue;
    const decisions = await decisionsFor(db, "need", need.id);
    const decisionIds = await db.matchDecision.findMany({ where: { sourceKind: "need", sourceId: need.id }, select: { id: true, candidateId: true } });
    const deals = await db.deal.findMany({ where: { matchDecisionId: { in: decisionIds.map((d) => d.id) } }, select: { id: true, reference: true, matchDecisionId: true } });
    const dealByCandidate = Object.fromEntries(
      decisionIds.flatMap((decision) => {
        const deal = deals.find((d) => d.matchDecisionId === decision.id);
        return deal ? [[decision.candidateId, { id: deal.id, reference: deal.reference }]] : [];
      }),
    );
    entries.push({ ...matches, decisions, deals: dealByCandidate });
  }
  return { total, page, pages: Math.max(1, Math.ceil(total / BOARD_NEEDS_PER_PAGE)), entries };
}

/**
 * A broker accepts a suggested match: the match decision records the introduction (audited there), then a deal
 * opens between the achievement's owner and the need's owner, attributed to the broker and followed by the
 * broker's agency. Both steps are idempotent, so a failure between them is healed by accepting again.
 */
export async function introduceMatch(db: PrismaClient, actor: Actor, needId: string, input: { candidateId?: string; score?: string; note?: string }, meta: { ip?: string | null; now?: Date } = {}) {
  const agency = actor.memberships.find((m) => m.role === "BROKER" && can([m], "create:deal"));
  if (!agency) throw new DomainError("error.forbidden.title", 403);
  if (!isRecordId(needId) || (input.candidateId !== undefined && !isRecordId(input.candidateId))) throw new DomainError("error.notFound.title", 404);
  const [need, achievement] = await Promise.all([
    db.need.findUnique({ where: { id: needId }, select: { id: true, title: true, ownerOrgId: true } }),
    input.candidateId ? db.achievement.findUnique({ where: { id: input.candidateId }, select: { id: true, title: true, ownerOrgId: true } }) : null,
  ]);
  if (!need || !achievement) throw new DomainError("error.notFound.title", 404);
  const prepared = await prepareMatchDecision(db, actor, "need", needId, { decision: "ACCEPT", candidateId: achievement.id, score: input.score, note: input.note });
  // The decision and the deal it opens are one transaction: a deal that cannot be created leaves no decision behind.
  const { deal, notifications } = await db.$transaction(async (tx) => {
    const decision = await writeMatchDecision(tx, actor, prepared, meta);
    return createDealInTransaction(
      tx,
      {
        origin: "match",
        title: `${achievement.title} → ${need.title}`,
        supplierOrgId: achievement.ownerOrgId,
        demandOrgId: need.ownerOrgId,
        achievementId: achievement.id,
        needId: need.id,
        brokerOrgId: agency.organizationId,
        brokerUserId: actor.id,
        introducedById: actor.id,
        matchDecisionId: decision.id,
        actorId: actor.id,
      },
      meta,
    );
  });
  pushNotifications(notifications);
  return deal;
}

/** A broker dismisses a suggested match with a coded reason (the match decision keeps it). */
export async function dismissMatch(db: PrismaClient, actor: Actor, needId: string, input: MatchDecisionInput, meta: { ip?: string | null } = {}) {
  return decideMatch(db, actor, "need", needId, { ...input, decision: "DISMISS" }, meta);
}
