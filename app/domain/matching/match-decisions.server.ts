import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { isRecordId } from "../record-ids";
import type { ListingKind } from "../../../search/types";
import { DISMISS_REASONS, type DismissReason, type MatchDecisionView, NOTE_MAX } from "./decisions";

export { DISMISS_REASONS, type DismissReason, type MatchDecisionView } from "./decisions";

/**
 * Decisions on match cards. The source listing's owner organization (members holding the listing's update
 * permission) or a broker accepts a candidate — which records an introduction request to the candidate's owner —
 * or dismisses it with a coded reason and an optional note. One current decision per source–candidate pair;
 * every change is audited with the state before and after.
 */
export const matchDecisionSchema = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("ACCEPT"), candidateId: z.string().min(1).max(64), note: z.string().trim().max(NOTE_MAX).optional(), score: z.coerce.number().min(0).max(1).optional() }),
  z.object({
    decision: z.literal("DISMISS"),
    candidateId: z.string().min(1).max(64),
    reason: z.enum(DISMISS_REASONS),
    note: z.string().trim().max(NOTE_MAX).optional(),
    score: z.coerce.number().min(0).max(1).optional(),
  }),
]);
/** What a form or a caller sends; validated by `matchDecisionSchema`. */
export type MatchDecisionInput = { decision?: string; candidateId?: string; reason?: string; note?: string; score?: string | number };

const otherKind = (kind: ListingKind): ListingKind => (kind === "need" ? "achievement" : "need");

async function ownerOrgOf(db: PrismaClient, kind: ListingKind, id: string): Promise<string | null> {
  if (!isRecordId(id)) return null;
  const listing =
    kind === "need"
      ? await db.need.findUnique({ where: { id }, select: { ownerOrgId: true } })
      : await db.achievement.findUnique({ where: { id }, select: { ownerOrgId: true } });
  return listing?.ownerOrgId ?? null;
}

/** Who may decide on the matches of a listing owned by `ownerOrgId`: its organization's editors, or a broker. */
export function decisionRights(actor: Pick<Actor, "memberships"> | null, kind: ListingKind, ownerOrgId: string): { owner: boolean; broker: boolean } {
  if (!actor) return { owner: false, broker: false };
  return { owner: can(actor.memberships, `update:${kind}`, ownerOrgId), broker: can(actor.memberships, "create:match") };
}

export async function canDecideMatches(db: PrismaClient, actor: Pick<Actor, "memberships"> | null, kind: ListingKind, sourceId: string): Promise<boolean> {
  const ownerOrgId = await ownerOrgOf(db, kind, sourceId);
  if (!ownerOrgId) return false;
  const rights = decisionRights(actor, kind, ownerOrgId);
  return rights.owner || rights.broker;
}

export async function decideMatch(
  db: PrismaClient,
  actor: Actor,
  sourceKind: ListingKind,
  sourceId: string,
  input: MatchDecisionInput,
  meta: { ip?: string | null; now?: Date } = {},
): Promise<MatchDecisionView> {
  const decision = await prepareMatchDecision(db, actor, sourceKind, sourceId, input);
  const after = await db.$transaction((tx) => writeMatchDecision(tx, actor, decision, meta));
  return toView(after, actor.name);
}

export type PreparedMatchDecision = Awaited<ReturnType<typeof prepareMatchDecision>>;

/** Checks a decision before anything is written: the source exists, the actor may decide, the input is valid. */
export async function prepareMatchDecision(db: PrismaClient, actor: Actor, sourceKind: ListingKind, sourceId: string, input: MatchDecisionInput) {
  const sourceOrgId = await ownerOrgOf(db, sourceKind, sourceId);
  if (!sourceOrgId) throw new DomainError("error.notFound.title", 404);
  // Permission before validation: a stranger learns nothing from validation messages.
  const rights = decisionRights(actor, sourceKind, sourceOrgId);
  if (!rights.owner && !rights.broker) throw new DomainError("error.forbidden.title", 403);
  const parsed = matchDecisionSchema.safeParse(input);
  if (!parsed.success) throw new DomainError("match.decision.invalid", 422);
  const data = parsed.data;
  const candidateKind = otherKind(sourceKind);
  if (!(await ownerOrgOf(db, candidateKind, data.candidateId))) throw new DomainError("error.notFound.title", 404);
  return { data, rights, sourceOrgId, key: { sourceKind, sourceId, candidateKind, candidateId: data.candidateId } };
}

/** Writes a prepared decision and its audit entry inside the caller's transaction. */
export async function writeMatchDecision(tx: Prisma.TransactionClient, actor: Actor, prepared: PreparedMatchDecision, meta: { ip?: string | null; now?: Date } = {}) {
  const { data, rights, sourceOrgId, key } = prepared;
  const now = meta.now ?? new Date();
  const before = await tx.matchDecision.findUnique({ where: { sourceKind_sourceId_candidateKind_candidateId: key } });
  const fields = {
    decision: data.decision,
    reason: data.decision === "DISMISS" ? data.reason : null,
    note: data.note ? data.note : null,
    score: data.score ?? null,
    // An introduction is requested once; accepting again keeps the original request time.
    introductionRequestedAt: data.decision === "ACCEPT" ? (before?.introductionRequestedAt ?? now) : null,
    decidedById: actor.id,
    byBroker: !rights.owner,
    sourceOrgId,
  };
  const after = await tx.matchDecision.upsert({
    where: { sourceKind_sourceId_candidateKind_candidateId: key },
    create: { ...key, ...fields },
    update: fields,
  });
  await recordAudit(tx, {
    actorId: actor.id,
    orgId: rights.owner ? sourceOrgId : (actor.memberships.find((membership) => can([membership], "create:match"))?.organizationId ?? null),
    action: data.decision === "ACCEPT" ? "match.accept" : "match.dismiss",
    entityType: "MatchDecision",
    entityId: after.id,
    before: before ?? undefined,
    after,
    ip: meta.ip ?? null,
  });
  return after;
}

function toView(
  row: { candidateId: string; decision: "ACCEPT" | "DISMISS"; reason: DismissReason | null; note: string | null; introductionRequestedAt: Date | null; byBroker: boolean; updatedAt: Date },
  decidedByName: string,
): MatchDecisionView {
  return {
    candidateId: row.candidateId,
    decision: row.decision,
    reason: row.reason,
    note: row.note,
    introductionRequested: row.introductionRequestedAt !== null,
    byBroker: row.byBroker,
    decidedByName,
    decidedAt: row.updatedAt.toISOString(),
  };
}

/** The current decisions on a listing's matches, by candidate listing id (shown on the cards). */
export async function decisionsFor(db: PrismaClient, sourceKind: ListingKind, sourceId: string): Promise<Record<string, MatchDecisionView>> {
  const rows = await db.matchDecision.findMany({ where: { sourceKind, sourceId }, orderBy: { updatedAt: "asc" } });
  const users = await db.user.findMany({ where: { id: { in: [...new Set(rows.map((row) => row.decidedById))] } }, select: { id: true, name: true } });
  const names = new Map(users.map((user) => [user.id, user.name]));
  return Object.fromEntries(rows.map((row) => [row.candidateId, toView(row, names.get(row.decidedById) ?? "")]));
}
