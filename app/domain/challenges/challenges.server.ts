import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { type NewNotification, pushNotifications, recordNotifications } from "../notifications/notifications.server";
import { applyChallengeStep } from "./applications.server";
import type { ChallengeInput } from "./challenge-input";
import { challengeIndicatorSchema } from "./challenge-input";
import {
  availableChallengeTransitions,
  type ChallengeCapacity,
  type ChallengeStatusName,
  type ChallengeTransition,
  type ChecklistItem,
  checkChallengeTransition,
  isPublicStatus,
} from "./lifecycle";

export const CHALLENGES_PAGE_SIZE = 20;

function capacityOf(actor: Actor | null, issuerOrgId: string): ChallengeCapacity {
  return {
    issuer: actor !== null && can(actor.memberships, "update:challenge", issuerOrgId) && actor.memberships.some((m) => m.organizationId === issuerOrgId),
    reviewer: actor !== null && can(actor.memberships, "review:challenge"),
    system: false,
  };
}

function challengeData(input: ChallengeInput) {
  return {
    direction: input.direction,
    subField: input.subField,
    title: input.title,
    background: input.background,
    researchContent: input.researchContent,
    indicators: input.indicators,
    deadline: input.deadline,
    fundingWan: input.fundingWan,
    fundingSource: input.fundingSource,
    targetMaturity: input.targetMaturity,
    eligibility: {
      orgKinds: input.eligibleOrgKinds,
      maxConsortiumMembers: input.maxConsortiumMembers,
      excludePriorWinners: input.excludePriorWinners,
      maxApplicationsPerOrg: input.maxApplicationsPerOrg,
      selfFundingRatio: input.selfFundingRatio,
    },
    ipArrangement: input.ipArrangement,
    ipNote: input.ipNote,
    evaluationMode: input.evaluationMode,
    applicationOpensAt: input.applicationOpensAt,
    applicationClosesAt: input.applicationClosesAt,
  };
}

/** Posts a draft challenge for the actor's own organization (an enterprise or the bureau). */
export async function createChallenge(db: PrismaClient, actor: Actor, input: ChallengeInput) {
  const issuerOrgId = actor.memberships.find((m) => can([m], "create:challenge"))?.organizationId;
  if (!issuerOrgId) throw new DomainError("error.forbidden.body", 403);
  return db.$transaction(async (tx) => {
    const challenge = await tx.challenge.create({ data: { ...challengeData(input), issuerOrgId, createdById: actor.id, status: "DRAFT" }, select: { id: true } });
    await recordAudit(tx, { actorId: actor.id, orgId: issuerOrgId, action: "challenge.created", entityType: "challenge", entityId: challenge.id, after: input });
    return challenge;
  });
}

/** Edits a challenge: only its issuer, and only while it is a draft or returned. */
export async function updateChallenge(db: PrismaClient, actor: Actor, id: string, input: ChallengeInput) {
  const current = await db.challenge.findUnique({ where: { id }, select: { issuerOrgId: true, status: true } });
  if (!current) throw new DomainError("error.notFound.body", 404);
  if (!capacityOf(actor, current.issuerOrgId).issuer) throw new DomainError("error.forbidden.body", 403);
  if (current.status !== "DRAFT" && current.status !== "RETURNED") throw new DomainError("challenge.notEditable", 409);
  return db.$transaction(async (tx) => {
    const before = await tx.challenge.findUniqueOrThrow({ where: { id } });
    await tx.challenge.update({ where: { id }, data: challengeData(input) });
    await recordAudit(tx, { actorId: actor.id, orgId: current.issuerOrgId, action: "challenge.updated", entityType: "challenge", entityId: id, before, after: input });
  });
}

function parseIndicators(value: Prisma.JsonValue) {
  const parsed = challengeIndicatorSchema.array().safeParse(value);
  return parsed.success ? parsed.data : [];
}

/**
 * Moves a challenge through its lifecycle. Each step is one transaction: the status change (guarded by
 * the status read under a row lock), an audit event with who/when/why, an outbox row and a
 * notification to the issuer's members.
 */
export async function transitionChallenge(
  db: PrismaClient,
  actor: Actor | null,
  id: string,
  transition: ChallengeTransition,
  context: { reason?: string; checklist?: ChecklistItem[]; now?: Date; system?: boolean; selection?: readonly string[] } = {},
) {
  const now = context.now ?? new Date();
  const result = await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Challenge" WHERE id = ${id} FOR UPDATE`;
    if (locked.length === 0) throw new DomainError("error.notFound.body", 404);
    const current = await tx.challenge.findUniqueOrThrow({
      where: { id },
      select: { status: true, issuerOrgId: true, title: true, indicators: true, deadline: true, fundingWan: true, targetMaturity: true, applicationOpensAt: true, applicationClosesAt: true },
    });
    const who = { ...capacityOf(actor, current.issuerOrgId), system: context.system === true };
    const check = checkChallengeTransition(current.status, transition, who, {
      reason: context.reason,
      checklist: context.checklist,
      now,
      readiness: {
        indicators: parseIndicators(current.indicators),
        deadline: current.deadline,
        fundingWan: current.fundingWan === null ? null : current.fundingWan.toNumber(),
        targetMaturity: current.targetMaturity,
        applicationOpensAt: current.applicationOpensAt,
        applicationClosesAt: current.applicationClosesAt,
      },
    });
    if (!check.ok) {
      if (check.reason === "notPermitted") throw new DomainError("error.forbidden.body", 403);
      if (check.reason === "notAllowedFromStatus") throw new DomainError("challenge.wrongStatus", 409);
      if (check.reason === "reasonRequired") throw new DomainError("challenge.reasonRequired", 422, "reason");
      throw new DomainError("challenge.notReady", 422, undefined, { items: (check.missing ?? []).join(",") });
    }
    const data: Prisma.ChallengeUpdateInput = { status: check.to };
    if (transition === "submit") data.submittedAt = now;
    if (transition === "startReview" && actor) data.reviewerId = actor.id;
    if (transition === "return") {
      data.returnChecklist = context.checklist ?? [];
      data.returnReason = context.reason?.trim() || null;
    }
    if (transition === "publish") {
      data.publishedAt = now;
      data.returnChecklist = [];
      data.returnReason = null;
    }
    await tx.challenge.update({ where: { id }, data });
    // What the step does to the challenge's applications (shortlist, award, task books, coded outcomes).
    const applicationNotes = await applyChallengeStep(tx, id, transition, { actorId: actor?.id ?? null, now, selection: context.selection, title: current.title });
    await recordAudit(tx, {
      actorId: actor?.id ?? null,
      orgId: current.issuerOrgId,
      action: `challenge.${transition}`,
      entityType: "challenge",
      entityId: id,
      before: { status: current.status },
      after: { status: check.to, reason: context.reason ?? null, checklist: context.checklist ?? [], selection: context.selection ?? [] },
    });
    await tx.outbox.create({ data: { topic: `challenge.${check.to.toLowerCase()}`, aggregateId: id, payload: { id, status: check.to } } });
    const members = await tx.membership.findMany({ where: { organizationId: current.issuerOrgId, status: "ACTIVE" }, select: { userId: true } });
    const notifications: NewNotification[] = members
      .filter((m) => m.userId !== actor?.id)
      .map((m) => ({
        userId: m.userId,
        topic: "challenge.transition",
        entityType: "challenge",
        entityId: id,
        data: { from: current.status, to: check.to, reason: context.reason?.trim() || null, title: current.title, checklist: context.checklist ?? [] },
      }));
    await recordNotifications(tx, notifications);
    return { status: check.to, notifications: [...notifications, ...applicationNotes] };
  });
  pushNotifications(result.notifications);
  return { status: result.status };
}

/** Closes the application window of published challenges whose time is up (run by the scheduler). */
export async function closeDueApplicationWindows(db: PrismaClient, now = new Date()): Promise<string[]> {
  const due = await db.challenge.findMany({ where: { status: "PUBLISHED", applicationClosesAt: { lte: now } }, select: { id: true } });
  const closed: string[] = [];
  for (const challenge of due) {
    try {
      await transitionChallenge(db, null, challenge.id, "closeApplications", { now, system: true });
      closed.push(challenge.id);
    } catch (error) {
      // Another process closed it first: closing is idempotent by status.
      if (!(error instanceof DomainError && error.status === 409)) throw error;
    }
  }
  return closed;
}

const publicStatuses: ChallengeStatusName[] = ["PUBLISHED", "APPLICATIONS_CLOSED", "EXPERT_REVIEW", "BIDDING", "SHORTLISTED", "PUBLIC_NOTICE", "IN_PROGRESS", "ACCEPTANCE", "CLOSED"];

export async function listPublicChallenges(db: PrismaClient, page: number, status?: ChallengeStatusName) {
  const where: Prisma.ChallengeWhereInput = { status: status && publicStatuses.includes(status) ? status : { in: publicStatuses } };
  const [total, items] = await Promise.all([
    db.challenge.count({ where }),
    db.challenge.findMany({
      where,
      orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "asc" }],
      skip: (page - 1) * CHALLENGES_PAGE_SIZE,
      take: CHALLENGES_PAGE_SIZE,
      select: { id: true, title: true, direction: true, status: true, fundingWan: true, deadline: true, applicationClosesAt: true, evaluationMode: true, sourceIssuer: true, program: true, year: true },
    }),
  ]);
  return {
    items: items.map((c) => ({ ...c, fundingWan: c.fundingWan === null ? null : c.fundingWan.toNumber() })),
    total,
    page,
    pages: Math.max(1, Math.ceil(total / CHALLENGES_PAGE_SIZE)),
  };
}

/** The challenges an organization issued (all statuses), and the review queue of brokers and the bureau. */
export async function listChallengesForActor(db: PrismaClient, actor: Actor) {
  const issuerOrgIds = actor.memberships.filter((m) => can([m], "create:challenge")).map((m) => m.organizationId);
  const reviewer = can(actor.memberships, "review:challenge");
  const [mine, queue] = await Promise.all([
    issuerOrgIds.length
      ? db.challenge.findMany({ where: { issuerOrgId: { in: issuerOrgIds } }, orderBy: { updatedAt: "desc" }, take: 100, select: { id: true, title: true, status: true, updatedAt: true } })
      : Promise.resolve([]),
    reviewer
      ? db.challenge.findMany({ where: { status: { in: ["SUBMITTED", "IN_REVIEW"] } }, orderBy: { submittedAt: "asc" }, take: 100, select: { id: true, title: true, status: true, submittedAt: true } })
      : Promise.resolve([]),
  ]);
  return { mine, queue, reviewer, canCreate: issuerOrgIds.length > 0 };
}

/** A challenge as its page shows it to this viewer, or null when the viewer may not see it. */
export async function getChallenge(db: PrismaClient, actor: Actor | null, id: string) {
  const challenge = await db.challenge.findUnique({ where: { id } });
  if (!challenge) return null;
  const who = capacityOf(actor, challenge.issuerOrgId);
  if (!isPublicStatus(challenge.status, challenge.publishedAt !== null) && !who.issuer && !who.reviewer) return null;
  const issuer = await db.organization.findUnique({ where: { id: challenge.issuerOrgId }, select: { name: true, nameEn: true } });
  return {
    challenge: { ...challenge, fundingWan: challenge.fundingWan === null ? null : challenge.fundingWan.toNumber(), indicators: parseIndicators(challenge.indicators) },
    issuer,
    transitions: availableChallengeTransitions(challenge.status, who),
    canEdit: who.issuer && (challenge.status === "DRAFT" || challenge.status === "RETURNED"),
  };
}
