import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { isRecordId } from "../record-ids";
import { type NewNotification, pushNotifications, recordNotifications } from "../notifications/notifications.server";
import type { ApplicationInput } from "./application-input";
import { challengeIndicatorSchema } from "./challenge-input";
import {
  aggregateScores,
  type ApplicationStatusName,
  type ApplicationTransition,
  checkApplicationTransition,
  checkEligibility,
  criteriaOf,
  type EligibilityRule,
  eligibilityOf,
  type FormalReviewReason,
  MAX_AWARDS,
  MAX_SHORTLIST,
  MIN_AWARDS,
  type MidTermDecision,
  type OutcomeCode,
  openApplicationStatuses,
  PUBLIC_NOTICE_DAYS,
  rankForShortlist,
  tranchesFor,
  weightedTotal,
} from "./applications";
import { transitionChallenge } from "./challenges.server";
import type { ChallengeTransition } from "./lifecycle";

type Tx = Prisma.TransactionClient;
const DAY = 86_400_000;

/** Submission refused: every eligibility rule that failed, named. */
export class EligibilityError extends DomainError {
  constructor(public readonly rules: EligibilityRule[]) {
    super("application.notEligible", 422, undefined, { rules: rules.join(",") });
    this.name = "EligibilityError";
  }
}

export function isBroker(actor: Actor | null): boolean {
  return actor !== null && can(actor.memberships, "review:application");
}

function applicantOrgId(actor: Actor): string | undefined {
  return actor.memberships.find((m) => can([m], "create:application"))?.organizationId;
}

function isApplicant(actor: Actor | null, leadOrgId: string): boolean {
  return actor !== null && actor.memberships.some((m) => m.organizationId === leadOrgId && can([m], "update:application", leadOrgId));
}

function indicatorNames(value: Prisma.JsonValue): string[] {
  const parsed = challengeIndicatorSchema.array().safeParse(value);
  return parsed.success ? parsed.data.map((i) => i.name) : [];
}

type Plan = { summary: string; indicators: { indicator: string; approach: string }[]; subTasks: { title: string; months: number; milestone: string }[] };
type ConsortiumRow = { orgName: string; orgKind: string; role: string };

export function planOf(value: Prisma.JsonValue): Plan {
  const raw = (value && typeof value === "object" && !Array.isArray(value) ? value : {}) as Partial<Plan>;
  return { summary: raw.summary ?? "", indicators: Array.isArray(raw.indicators) ? raw.indicators : [], subTasks: Array.isArray(raw.subTasks) ? raw.subTasks : [] };
}
function consortiumOf(value: Prisma.JsonValue): { members: ConsortiumRow[]; agreement: boolean } {
  if (Array.isArray(value)) return { members: value as ConsortiumRow[], agreement: false };
  const raw = (value && typeof value === "object" ? value : {}) as { members?: ConsortiumRow[]; agreement?: boolean };
  return { members: Array.isArray(raw.members) ? raw.members : [], agreement: raw.agreement === true };
}

async function lockChallenge(tx: Tx, challengeId: string) {
  if (!isRecordId(challengeId)) throw new DomainError("error.notFound.body", 404);
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Challenge" WHERE id = ${challengeId} FOR UPDATE`;
  if (locked.length === 0) throw new DomainError("error.notFound.body", 404);
  return tx.challenge.findUniqueOrThrow({ where: { id: challengeId } });
}

async function lockApplication(tx: Tx, id: string) {
  if (!isRecordId(id)) throw new DomainError("error.notFound.body", 404);
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "ChallengeApplication" WHERE id = ${id} FOR UPDATE`;
  if (locked.length === 0) throw new DomainError("error.notFound.body", 404);
  return tx.challengeApplication.findUniqueOrThrow({ where: { id } });
}

async function membersOf(tx: Tx, orgId: string): Promise<string[]> {
  const rows = await tx.membership.findMany({ where: { organizationId: orgId, status: "ACTIVE" }, select: { userId: true } });
  return rows.map((r) => r.userId);
}

/**
 * Moves one application and records it: status, an optional coded outcome (then the lead's members are
 * notified), the audit event. Runs inside the caller's transaction.
 */
async function moveApplication(
  tx: Tx,
  app: { id: string; status: ApplicationStatusName; leadOrgId: string; challengeId: string },
  transition: ApplicationTransition | null,
  by: "applicant" | "broker" | "system",
  actorId: string | null,
  extra: { outcome?: OutcomeCode; note?: string | null; data?: Prisma.ChallengeApplicationUpdateInput; now: Date; title: string },
): Promise<NewNotification[]> {
  let to = app.status;
  if (transition) {
    const check = checkApplicationTransition(app.status, transition, by);
    if (!check.ok) throw new DomainError(check.reason === "notPermitted" ? "error.forbidden.body" : "application.wrongStatus", check.reason === "notPermitted" ? 403 : 409);
    to = check.to;
  }
  const data: Prisma.ChallengeApplicationUpdateInput = { status: to, ...extra.data };
  if (extra.outcome) {
    data.outcomeCode = extra.outcome;
    data.outcomeNote = extra.note ?? null;
    data.outcomeAt = extra.now;
  }
  await tx.challengeApplication.update({ where: { id: app.id }, data });
  await recordAudit(tx, {
    actorId,
    orgId: app.leadOrgId,
    action: `application.${transition ?? "outcome"}`,
    entityType: "challengeApplication",
    entityId: app.id,
    before: { status: app.status },
    after: { status: to, outcome: extra.outcome ?? null, note: extra.note ?? null },
  });
  if (!extra.outcome) return [];
  const notes: NewNotification[] = (await membersOf(tx, app.leadOrgId))
    .filter((userId) => userId !== actorId)
    .map((userId) => ({
      userId,
      topic: "application.outcome",
      entityType: "challengeApplication",
      entityId: app.id,
      data: { outcome: extra.outcome, note: extra.note ?? null, title: extra.title, challengeId: app.challengeId },
    }));
  await recordNotifications(tx, notes);
  return notes;
}

// ─── applicant: draft, edit, submit, withdraw ───────────────────────────────────────────────

function applicationData(input: ApplicationInput) {
  return {
    consortium: { members: input.consortium, agreement: input.consortiumAgreement },
    principalInvestigator: { name: input.piName, title: input.piTitle, email: input.piEmail },
    plan: { summary: input.summary, indicators: input.indicators.filter((i) => i.approach !== ""), subTasks: input.subTasks },
    requestedWan: input.requestedWan,
    selfFundedWan: input.selfFundedWan,
    integrityPledgeAt: input.integrityPledge ? new Date() : null,
  };
}

async function saveIn(tx: Tx, actor: Actor, challengeId: string, input: ApplicationInput, id?: string): Promise<{ id: string }> {
  const challenge = await tx.challenge.findUnique({ where: { id: challengeId }, select: { status: true, issuerOrgId: true } });
  if (!challenge) throw new DomainError("error.notFound.body", 404);
  if (id) {
    const current = await lockApplication(tx, id);
    if (current.challengeId !== challengeId || !isApplicant(actor, current.leadOrgId)) throw new DomainError("error.forbidden.body", 403);
    if (current.status !== "DRAFT" || current.outcomeCode) throw new DomainError("application.notEditable", 409);
    if (challenge.status !== "PUBLISHED") throw new DomainError("application.windowClosed", 409);
    await tx.challengeApplication.update({ where: { id }, data: applicationData(input) });
    await recordAudit(tx, { actorId: actor.id, orgId: current.leadOrgId, action: "application.updated", entityType: "challengeApplication", entityId: id, before: current, after: input });
    return { id };
  }
  // The issuer does not apply to its own challenge.
  const leadOrgId = applicantOrgId(actor);
  if (!leadOrgId || leadOrgId === challenge.issuerOrgId) throw new DomainError("error.forbidden.body", 403);
  if (challenge.status !== "PUBLISHED") throw new DomainError("application.windowClosed", 409);
  const created = await tx.challengeApplication.create({ data: { ...applicationData(input), challengeId, leadOrgId, createdById: actor.id, status: "DRAFT" }, select: { id: true } });
  await recordAudit(tx, { actorId: actor.id, orgId: leadOrgId, action: "application.created", entityType: "challengeApplication", entityId: created.id, after: input });
  return created;
}

/** Creates (no id) or edits a draft application of the actor's organization, while the challenge is published. */
export async function saveApplication(db: PrismaClient, actor: Actor, challengeId: string, input: ApplicationInput, id?: string) {
  return db.$transaction((tx) => saveIn(tx, actor, challengeId, input, id));
}

/** Saves and submits in one transaction: if the eligibility check fails, nothing is written. */
export async function saveAndSubmitApplication(db: PrismaClient, actor: Actor, challengeId: string, input: ApplicationInput, id?: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const saved = await saveIn(tx, actor, challengeId, input, id);
    await submitIn(tx, actor, saved.id, now);
    return saved;
  });
}

/** Runs the automatic eligibility check for an application as it stands (used at submission and shown at formal review). */
async function eligibilityFailuresOf(
  tx: Tx | PrismaClient,
  app: { id: string; challengeId: string; leadOrgId: string; consortium: Prisma.JsonValue; plan: Prisma.JsonValue; requestedWan: Prisma.Decimal | null; selfFundedWan: Prisma.Decimal | null; integrityPledgeAt: Date | null },
  now: Date,
  statusForWindow?: string,
): Promise<EligibilityRule[]> {
  const challenge = await tx.challenge.findUniqueOrThrow({ where: { id: app.challengeId } });
  const org = await tx.organization.findUniqueOrThrow({ where: { id: app.leadOrgId }, select: { kind: true } });
  const eligibility = eligibilityOf(challenge.eligibility);
  const priorWins = eligibility.excludePriorWinners
    ? await tx.challengeApplication.count({
        where: {
          leadOrgId: app.leadOrgId,
          challengeId: { not: app.challengeId },
          OR: [{ status: "AWARDED" }, { outcomeCode: { in: ["AWARDED", "ACCEPTED"] } }],
          ...(challenge.program ? { challengeId: { in: (await tx.challenge.findMany({ where: { program: challenge.program, id: { not: app.challengeId } }, select: { id: true } })).map((c) => c.id) } } : {}),
        },
      })
    : 0;
  const others = await tx.challengeApplication.count({
    where: { challengeId: app.challengeId, leadOrgId: app.leadOrgId, id: { not: app.id }, status: { notIn: ["DRAFT", "WITHDRAWN"] } },
  });
  const plan = planOf(app.plan);
  const consortium = consortiumOf(app.consortium);
  return checkEligibility({
    now,
    window: { opensAt: challenge.applicationOpensAt, closesAt: challenge.applicationClosesAt, status: statusForWindow ?? challenge.status },
    challengeIndicators: indicatorNames(challenge.indicators),
    eligibility,
    leadOrgKind: org.kind,
    leadIsPriorWinner: priorWins > 0,
    otherActiveApplications: others,
    consortium: consortium.members,
    consortiumAgreement: consortium.agreement,
    coveredIndicators: plan.indicators.filter((i) => i.approach.trim() !== "").map((i) => i.indicator),
    subTasks: plan.subTasks.length,
    requestedWan: app.requestedWan?.toNumber() ?? -1,
    selfFundedWan: app.selfFundedWan?.toNumber() ?? 0,
    pledged: app.integrityPledgeAt !== null,
  });
}

async function submitIn(tx: Tx, actor: Actor, id: string, now: Date) {
  const app = await lockApplication(tx, id);
  if (!isApplicant(actor, app.leadOrgId)) throw new DomainError("error.forbidden.body", 403);
  if (app.status !== "DRAFT" || app.outcomeCode) throw new DomainError("application.wrongStatus", 409);
  // Serialise submissions to one challenge (max applications per organization).
  const challenge = await lockChallenge(tx, app.challengeId);
  const failed = await eligibilityFailuresOf(tx, app, now);
  if (failed.length > 0) throw new EligibilityError(failed);
  await moveApplication(tx, app, "submit", "applicant", actor.id, { now, title: challenge.title, data: { submittedAt: now, eligibilityFailures: [] } });
}

/** Submits a draft: the automatic eligibility check runs first; a failure names every broken rule and writes nothing. */
export async function submitApplication(db: PrismaClient, actor: Actor, id: string, now = new Date()) {
  await db.$transaction((tx) => submitIn(tx, actor, id, now));
}

export async function withdrawApplication(db: PrismaClient, actor: Actor, id: string, now = new Date()) {
  const notes = await db.$transaction(async (tx) => {
    const app = await lockApplication(tx, id);
    if (!isApplicant(actor, app.leadOrgId)) throw new DomainError("error.forbidden.body", 403);
    const challenge = await tx.challenge.findUniqueOrThrow({ where: { id: app.challengeId }, select: { title: true } });
    return moveApplication(tx, app, "withdraw", "applicant", actor.id, { now, title: challenge.title, outcome: "WITHDRAWN" });
  });
  pushNotifications(notes);
}

// ─── broker: formal review, reviewers ──────────────────────────────────────────────────────

/** 形式审查: pass → QUALIFIED; fail → INELIGIBLE with the coded reason (outcome INELIGIBLE_<code>). */
export async function formalReview(db: PrismaClient, actor: Actor, id: string, decision: { pass: boolean; reasonCode?: FormalReviewReason; note?: string }, now = new Date()) {
  if (!isBroker(actor)) throw new DomainError("error.forbidden.body", 403);
  const notes = await db.$transaction(async (tx) => {
    const app = await lockApplication(tx, id);
    const challenge = await tx.challenge.findUniqueOrThrow({ where: { id: app.challengeId }, select: { title: true, status: true } });
    if (!["PUBLISHED", "APPLICATIONS_CLOSED"].includes(challenge.status)) throw new DomainError("application.wrongStatus", 409);
    const failures = await eligibilityFailuresOf(tx, app, app.submittedAt ?? now, "PUBLISHED");
    const data = { formalReviewedById: actor.id, formalReviewedAt: now, eligibilityFailures: failures };
    if (decision.pass) return moveApplication(tx, app, "qualify", "broker", actor.id, { now, title: challenge.title, data });
    const reason = decision.reasonCode ?? "OTHER";
    return moveApplication(tx, app, "disqualify", "broker", actor.id, { now, title: challenge.title, data, outcome: `INELIGIBLE_${reason}`, note: decision.note?.trim() || null });
  });
  pushNotifications(notes);
}

/** Users a broker may assign as reviewers: active brokers and users carrying the reviewer flag. */
export async function reviewerCandidates(db: PrismaClient | Tx) {
  const [brokers, experts] = await Promise.all([
    db.membership.findMany({ where: { role: "BROKER", status: "ACTIVE" }, select: { user: { select: { id: true, name: true } } }, take: 200 }),
    db.expertReviewer.findMany({ select: { userId: true }, take: 200 }),
  ]);
  const expertUsers = await db.user.findMany({ where: { id: { in: experts.map((e) => e.userId) } }, select: { id: true, name: true } });
  const byId = new Map([...brokers.map((b) => b.user), ...expertUsers].map((u) => [u.id, u]));
  return [...byId.values()];
}

export async function assignReviewer(db: PrismaClient, actor: Actor, challengeId: string, userId: string) {
  if (!isBroker(actor)) throw new DomainError("error.forbidden.body", 403);
  const notes = await db.$transaction(async (tx) => {
    const challenge = await lockChallenge(tx, challengeId);
    if (!["APPLICATIONS_CLOSED", "EXPERT_REVIEW"].includes(challenge.status)) throw new DomainError("application.wrongStatus", 409);
    if (!(await reviewerCandidates(tx)).some((u) => u.id === userId)) throw new DomainError("application.notAReviewer", 422, "reviewerId");
    const existing = await tx.challengeReviewer.findUnique({ where: { challengeId_userId: { challengeId, userId } } });
    if (existing) return [];
    await tx.challengeReviewer.create({ data: { challengeId, userId, assignedById: actor.id } });
    await recordAudit(tx, { actorId: actor.id, action: "challenge.reviewerAssigned", entityType: "challenge", entityId: challengeId, after: { userId } });
    const note: NewNotification = { userId, topic: "challenge.reviewerAssigned", entityType: "challenge", entityId: challengeId, data: { title: challenge.title } };
    await recordNotifications(tx, [note]);
    return [note];
  });
  pushNotifications(notes);
}

async function reviewableApplication(tx: Tx, actor: Actor, applicationId: string) {
  const app = await tx.challengeApplication.findUnique({ where: { id: applicationId } });
  if (!app) throw new DomainError("error.notFound.body", 404);
  const assigned = await tx.challengeReviewer.findUnique({ where: { challengeId_userId: { challengeId: app.challengeId, userId: actor.id } } });
  if (!assigned) throw new DomainError("error.forbidden.body", 403);
  const challenge = await tx.challenge.findUniqueOrThrow({ where: { id: app.challengeId }, select: { status: true, reviewCriteria: true } });
  if (challenge.status !== "EXPERT_REVIEW" || app.status !== "QUALIFIED") throw new DomainError("application.wrongStatus", 409);
  return { app, challenge };
}

/** A reviewer declares conflicts of interest for one application, once, before any scoring. */
export async function declareConflict(db: PrismaClient, actor: Actor, applicationId: string, declaration: { conflicted: boolean; note?: string }, now = new Date()) {
  await db.$transaction(async (tx) => {
    const { app } = await reviewableApplication(tx, actor, applicationId);
    const existing = await tx.applicationReview.findUnique({ where: { applicationId_reviewerId: { applicationId, reviewerId: actor.id } } });
    if (existing) throw new DomainError("application.alreadyDeclared", 409);
    await tx.applicationReview.create({ data: { applicationId, reviewerId: actor.id, conflicted: declaration.conflicted, conflictNote: declaration.note?.trim() || null, declaredAt: now } });
    await recordAudit(tx, {
      actorId: actor.id,
      orgId: app.leadOrgId,
      action: "application.conflictDeclared",
      entityType: "challengeApplication",
      entityId: applicationId,
      after: { conflicted: declaration.conflicted, note: declaration.note ?? null },
    });
  });
}

/** A reviewer scores one application on the published criteria; refused without a declaration or when conflicted. */
export async function scoreApplication(db: PrismaClient, actor: Actor, applicationId: string, scores: Record<string, number>, comment = "", now = new Date()) {
  return db.$transaction(async (tx) => {
    const { app, challenge } = await reviewableApplication(tx, actor, applicationId);
    const review = await tx.applicationReview.findUnique({ where: { applicationId_reviewerId: { applicationId, reviewerId: actor.id } } });
    if (!review) throw new DomainError("application.declareFirst", 409);
    if (review.conflicted) throw new DomainError("application.conflicted", 403);
    const criteria = criteriaOf(challenge.reviewCriteria);
    const valid = (value: number | undefined): value is number => typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 100;
    const missing = criteria.find((c) => !valid(scores[c.key]));
    if (missing) throw new DomainError("application.scoreRange", 422, `score_${missing.key}`);
    const picked: Record<string, number> = Object.fromEntries(criteria.map((c) => [c.key, scores[c.key] ?? 0]));
    const total = weightedTotal(criteria, picked);
    await tx.applicationReview.update({ where: { id: review.id }, data: { scores: picked, total, comment: comment.trim() || null, scoredAt: now } });
    await recordAudit(tx, { actorId: actor.id, orgId: app.leadOrgId, action: "application.scored", entityType: "challengeApplication", entityId: applicationId, before: { total: review.total }, after: { scores: picked, total } });
    return { total };
  });
}

// ─── challenge steps: the hook transitionChallenge runs inside its transaction ──────────────────

export type StepContext = { actorId: string | null; now: Date; selection?: readonly string[]; title: string };

/**
 * What a challenge transition does to its applications, inside the transition's transaction.
 * Refusals throw (nothing is written); returns the notifications to push after commit.
 */
export async function applyChallengeStep(tx: Tx, challengeId: string, transition: ChallengeTransition, context: StepContext): Promise<NewNotification[]> {
  const apps = await tx.challengeApplication.findMany({ where: { challengeId }, orderBy: { createdAt: "asc" } });
  const notes: NewNotification[] = [];
  const base = { now: context.now, title: context.title };
  const selection = new Set(context.selection ?? []);
  switch (transition) {
    case "closeApplications":
      for (const app of apps.filter((a) => a.status === "DRAFT" && !a.outcomeCode)) notes.push(...(await moveApplication(tx, app, null, "system", context.actorId, { ...base, outcome: "NOT_SUBMITTED" })));
      break;
    case "startExpertReview":
      if (apps.some((a) => a.status === "SUBMITTED")) throw new DomainError("application.formalReviewPending", 409);
      break;
    case "shortlist": {
      const qualified = apps.filter((a) => a.status === "QUALIFIED");
      if (selection.size < 1 || selection.size > MAX_SHORTLIST) throw new DomainError("application.shortlistSize", 422, "selection", { max: MAX_SHORTLIST });
      if ([...selection].some((id) => !qualified.some((a) => a.id === id))) throw new DomainError("application.notQualified", 422, "selection");
      const ranking = await rankingFor(tx, challengeId, qualified);
      for (const app of qualified) {
        const row = ranking.find((r) => r.applicationId === app.id);
        const data = { expertScore: row?.expertMean ?? null, bidScore: row?.bidScore ?? null, finalScore: row?.finalScore ?? null };
        if (selection.has(app.id)) notes.push(...(await moveApplication(tx, app, "shortlist", "system", context.actorId, { ...base, data })));
        else notes.push(...(await moveApplication(tx, app, "notShortlisted", "system", context.actorId, { ...base, data, outcome: "NOT_SHORTLISTED" })));
      }
      break;
    }
    case "award": {
      const challenge = await tx.challenge.findUniqueOrThrow({ where: { id: challengeId }, select: { evaluationMode: true } });
      const max = challenge.evaluationMode === "RACE" ? MAX_AWARDS : 1;
      if (selection.size < MIN_AWARDS || selection.size > max) throw new DomainError("application.awardSize", 422, "selection", { max });
      const shortlisted = apps.filter((a) => a.status === "SHORTLISTED");
      if ([...selection].some((id) => !shortlisted.some((a) => a.id === id))) throw new DomainError("application.notShortlisted", 422, "selection");
      for (const app of shortlisted) {
        if (selection.has(app.id)) notes.push(...(await moveApplication(tx, app, "award", "system", context.actorId, { ...base, outcome: "AWARDED" })));
        else notes.push(...(await moveApplication(tx, app, "notAwarded", "system", context.actorId, { ...base, outcome: "SHORTLISTED_NOT_AWARDED" })));
      }
      await tx.challenge.update({ where: { id: challengeId }, data: { publicNoticeEndsAt: new Date(context.now.getTime() + PUBLIC_NOTICE_DAYS * DAY) } });
      break;
    }
    case "confirmAward": {
      const challenge = await tx.challenge.findUniqueOrThrow({ where: { id: challengeId } });
      if (!challenge.publicNoticeEndsAt || context.now < challenge.publicNoticeEndsAt) throw new DomainError("application.noticeRunning", 409);
      if ((await tx.challengeObjection.count({ where: { challengeId, status: "OPEN" } })) > 0) throw new DomainError("application.objectionsOpen", 409);
      const awarded = apps.filter((a) => a.status === "AWARDED");
      if (awarded.length === 0) throw new DomainError("application.noneAwarded", 409);
      for (const app of awarded) await writeTaskBook(tx, challenge, app, context.now);
      break;
    }
    case "close": {
      const awarded = apps.filter((a) => a.status === "AWARDED");
      if (awarded.some((a) => a.acceptance === null)) throw new DomainError("application.acceptancePending", 409);
      // Whatever is still unanswered (should be nothing by now) gets a coded answer.
      for (const app of apps.filter((a) => !a.outcomeCode)) {
        notes.push(...(await moveApplication(tx, app, null, "system", context.actorId, { ...base, outcome: app.status === "DRAFT" ? "NOT_SUBMITTED" : "NOT_SHORTLISTED" })));
      }
      break;
    }
    case "cancel":
      for (const app of apps.filter((a) => openApplicationStatuses.includes(a.status) && !a.outcomeCode)) {
        notes.push(...(await moveApplication(tx, app, null, "system", context.actorId, { ...base, outcome: "CHALLENGE_CANCELLED", data: app.status === "DRAFT" ? {} : { status: "NOT_SELECTED" } })));
      }
      break;
    default:
      break;
  }
  return notes;
}

const bidRankingSchema = (value: Prisma.JsonValue): { organizationId: string; score: number }[] | null => {
  const ranking = value && typeof value === "object" && !Array.isArray(value) ? (value as { ranking?: unknown }).ranking : undefined;
  if (!Array.isArray(ranking)) return null;
  const rows = ranking.filter((r): r is { organizationId: string; score: number } => !!r && typeof r.organizationId === "string" && typeof r.score === "number" && Number.isFinite(r.score));
  return rows.length === ranking.length ? rows : null;
};

/** The shortlist ranking: expert means, combined with the closed bid room's ranking when the challenge held one. */
async function rankingFor(tx: Tx | PrismaClient, challengeId: string, qualified: { id: string; leadOrgId: string; submittedAt: Date | null; createdAt: Date }[]) {
  const challenge = await tx.challenge.findUniqueOrThrow({ where: { id: challengeId }, select: { bidRoomId: true } });
  let bid: { organizationId: string; score: number }[] | null = null;
  if (challenge.bidRoomId) {
    const room = await tx.bidRoom.findUnique({ where: { id: challenge.bidRoomId }, select: { status: true, result: true } });
    if (room && room.status !== "CLOSED") throw new DomainError("application.bidRoomOpen", 409);
    bid = room ? bidRankingSchema(room.result) : null;
  }
  const reviews = await tx.applicationReview.findMany({ where: { applicationId: { in: qualified.map((a) => a.id) }, conflicted: false, total: { not: null } }, select: { applicationId: true, total: true } });
  return rankForShortlist(
    qualified.map((a) => ({
      applicationId: a.id,
      leadOrgId: a.leadOrgId,
      submittedAt: a.submittedAt ?? a.createdAt,
      expertMean: aggregateScores(reviews.filter((r) => r.applicationId === a.id).map((r) => r.total as number)).mean,
    })),
    bid,
  );
}

/** The 任务书 of one awarded application: its indicators, milestones (sub-tasks + acceptance) and tranches. */
async function writeTaskBook(tx: Tx, challenge: { id: string; title: string; indicators: Prisma.JsonValue; fundingWan: Prisma.Decimal | null; deadline: Date | null }, app: { id: string; plan: Prisma.JsonValue; requestedWan: Prisma.Decimal | null; selfFundedWan: Prisma.Decimal | null; principalInvestigator: Prisma.JsonValue; leadOrgId: string }, now: Date) {
  const plan = planOf(app.plan);
  const indicators = challengeIndicatorSchema.array().safeParse(challenge.indicators);
  let due = now.getTime();
  const steps = plan.subTasks.map((task) => {
    due += task.months * 30 * DAY;
    return { title: task.title, deliverable: task.milestone, dueAt: new Date(due) };
  });
  steps.push({ title: "验收", deliverable: "acceptance", dueAt: challenge.deadline && challenge.deadline.getTime() > due ? challenge.deadline : new Date(due + 30 * DAY) });
  const tranches = tranchesFor(steps.length);
  const requested = app.requestedWan?.toNumber() ?? 0;
  await tx.challengeMilestone.deleteMany({ where: { applicationId: app.id } });
  await tx.challengeMilestone.createMany({ data: steps.map((step, i) => ({ applicationId: app.id, seq: i + 1, title: step.title, dueAt: step.dueAt, tranche: tranches[i] })) });
  const taskBook = {
    generatedAt: now.toISOString(),
    challengeTitle: challenge.title,
    indicators: (indicators.success ? indicators.data : []).map((i) => ({ ...i, approach: plan.indicators.find((p) => p.indicator === i.name)?.approach ?? "" })),
    milestones: steps.map((step, i) => ({ seq: i + 1, title: step.title, deliverable: step.deliverable, dueAt: step.dueAt.toISOString(), tranche: tranches[i] ?? 0, trancheWan: Math.round(requested * (tranches[i] ?? 0) * 100) / 100 })),
    requestedWan: requested,
    selfFundedWan: app.selfFundedWan?.toNumber() ?? 0,
    principalInvestigator: app.principalInvestigator,
  };
  await tx.challengeApplication.update({ where: { id: app.id }, data: { taskBook } });
  await recordAudit(tx, { actorId: null, orgId: app.leadOrgId, action: "application.taskBookGenerated", entityType: "challengeApplication", entityId: app.id, after: taskBook });
}

/** Broker steps that choose applications: shortlist (≤ 5) and award (1–3 leads, 1 unless RACE). */
export async function shortlistApplications(db: PrismaClient, actor: Actor, challengeId: string, applicationIds: string[], now = new Date()) {
  return transitionChallenge(db, actor, challengeId, "shortlist", { now, selection: applicationIds });
}
export async function awardApplications(db: PrismaClient, actor: Actor, challengeId: string, applicationIds: string[], now = new Date()) {
  return transitionChallenge(db, actor, challengeId, "award", { now, selection: applicationIds });
}

// ─── 公示: objections ──────────────────────────────────────────────────────────────────────

/** Anyone signed in may object to an award during the 公示 period, with reasons. */
export async function raiseObjection(db: PrismaClient, actor: Actor, challengeId: string, applicationId: string, reason: string, now = new Date()) {
  const notes = await db.$transaction(async (tx) => {
    const challenge = await lockChallenge(tx, challengeId);
    if (challenge.status !== "PUBLIC_NOTICE" || !challenge.publicNoticeEndsAt || now >= challenge.publicNoticeEndsAt) throw new DomainError("application.noticeOver", 409);
    const app = isRecordId(applicationId) ? await tx.challengeApplication.findUnique({ where: { id: applicationId }, select: { challengeId: true, status: true } }) : null;
    if (!app || app.challengeId !== challengeId || app.status !== "AWARDED") throw new DomainError("application.notAwarded", 422, "applicationId");
    const objection = await tx.challengeObjection.create({ data: { challengeId, applicationId, userId: actor.id, reason: reason.trim() } });
    await recordAudit(tx, { actorId: actor.id, action: "challenge.objectionRaised", entityType: "challengeObjection", entityId: objection.id, after: { challengeId, applicationId, reason } });
    const brokers = challenge.reviewerId ? [challenge.reviewerId] : [];
    const out: NewNotification[] = brokers.map((userId) => ({ userId, topic: "challenge.objection", entityType: "challenge", entityId: challengeId, data: { title: challenge.title } }));
    await recordNotifications(tx, out);
    return out;
  });
  pushNotifications(notes);
}

/** A broker resolves an objection: upheld withdraws the award (AWARD_WITHDRAWN), rejected lets it stand. */
export async function resolveObjection(db: PrismaClient, actor: Actor, objectionId: string, upheld: boolean, resolution: string, now = new Date()) {
  if (!isBroker(actor)) throw new DomainError("error.forbidden.body", 403);
  const notes = await db.$transaction(async (tx) => {
    const objection = isRecordId(objectionId) ? await tx.challengeObjection.findUnique({ where: { id: objectionId } }) : null;
    if (!objection) throw new DomainError("error.notFound.body", 404);
    const challenge = await lockChallenge(tx, objection.challengeId);
    if (challenge.status !== "PUBLIC_NOTICE") throw new DomainError("application.wrongStatus", 409);
    const fresh = await tx.challengeObjection.findUniqueOrThrow({ where: { id: objectionId } });
    if (fresh.status !== "OPEN") throw new DomainError("application.objectionResolved", 409);
    await tx.challengeObjection.update({ where: { id: objectionId }, data: { status: upheld ? "UPHELD" : "REJECTED", resolution: resolution.trim(), resolvedById: actor.id, resolvedAt: now } });
    await recordAudit(tx, { actorId: actor.id, action: upheld ? "challenge.objectionUpheld" : "challenge.objectionRejected", entityType: "challengeObjection", entityId: objectionId, after: { resolution } });
    const out: NewNotification[] = [{ userId: objection.userId, topic: "challenge.objectionResolved", entityType: "challenge", entityId: challenge.id, data: { upheld, title: challenge.title } }];
    await recordNotifications(tx, out.slice(0, 1));
    if (upheld) {
      const app = await lockApplication(tx, objection.applicationId);
      if (app.status === "AWARDED") out.push(...(await moveApplication(tx, app, "withdrawAward", "broker", actor.id, { now, title: challenge.title, outcome: "AWARD_WITHDRAWN", note: resolution.trim() })));
    }
    return out;
  });
  pushNotifications(notes);
}

// ─── milestones (赛马) and acceptance (验收) ───────────────────────────────────────────────────

/** A mid-term review of one milestone: passed or not, and continue / merge (RACE only) / terminate, with evidence. */
export async function recordMidTermReview(
  db: PrismaClient,
  actor: Actor,
  milestoneId: string,
  review: { passed: boolean; decision: MidTermDecision; evidence: string; mergeIntoApplicationId?: string },
  now = new Date(),
) {
  if (!isBroker(actor)) throw new DomainError("error.forbidden.body", 403);
  const notes = await db.$transaction(async (tx) => {
    const milestone = isRecordId(milestoneId) ? await tx.challengeMilestone.findUnique({ where: { id: milestoneId } }) : null;
    if (!milestone) throw new DomainError("error.notFound.body", 404);
    const app = await lockApplication(tx, milestone.applicationId);
    const challenge = await lockChallenge(tx, app.challengeId);
    if (challenge.status !== "IN_PROGRESS" || app.status !== "AWARDED") throw new DomainError("application.wrongStatus", 409);
    if (milestone.status === "PASSED" || milestone.status === "FAILED") throw new DomainError("application.milestoneDone", 409);
    let mergeTarget: string | null = null;
    if (review.decision === "merge") {
      if (challenge.evaluationMode !== "RACE") throw new DomainError("application.mergeNeedsRace", 422, "decision");
      const target = review.mergeIntoApplicationId && isRecordId(review.mergeIntoApplicationId) ? await tx.challengeApplication.findUnique({ where: { id: review.mergeIntoApplicationId } }) : null;
      if (!target || target.id === app.id || target.challengeId !== app.challengeId || target.status !== "AWARDED") throw new DomainError("application.mergeTarget", 422, "mergeIntoApplicationId");
      mergeTarget = target.id;
    }
    await tx.challengeMilestone.update({ where: { id: milestoneId }, data: { status: review.passed ? "PASSED" : "FAILED", decision: review.decision, evidence: review.evidence.trim(), completedAt: now } });
    await recordAudit(tx, { actorId: actor.id, orgId: app.leadOrgId, action: "milestone.reviewed", entityType: "challengeMilestone", entityId: milestoneId, after: { ...review, mergeTarget } });
    if (review.decision === "continue") return [];
    const out = await moveApplication(tx, app, "terminate", "broker", actor.id, {
      now,
      title: challenge.title,
      outcome: review.decision === "merge" ? "MERGED" : "TERMINATED",
      note: mergeTarget ? `→ ${mergeTarget}: ${review.evidence.trim()}` : review.evidence.trim(),
    });
    return out;
  });
  pushNotifications(notes);
}

/** 验收: each indicator of the challenge judged achieved or not; the outcome is ACCEPTED only when all pass. */
export async function recordAcceptance(db: PrismaClient, actor: Actor, applicationId: string, rows: { indicator: string; achieved: string; passed: boolean }[], now = new Date()) {
  if (!isBroker(actor)) throw new DomainError("error.forbidden.body", 403);
  const notes = await db.$transaction(async (tx) => {
    const app = await lockApplication(tx, applicationId);
    const challenge = await lockChallenge(tx, app.challengeId);
    if (challenge.status !== "ACCEPTANCE" || app.status !== "AWARDED") throw new DomainError("application.wrongStatus", 409);
    if (app.acceptance !== null) throw new DomainError("application.acceptanceDone", 409);
    const names = indicatorNames(challenge.indicators);
    const byName = new Map(rows.map((r) => [r.indicator, r]));
    if (names.some((name) => !byName.get(name)?.achieved.trim())) throw new DomainError("application.acceptanceIncomplete", 422, "achieved");
    const acceptance = names.map((name) => ({ indicator: name, achieved: (byName.get(name)?.achieved ?? "").trim(), passed: byName.get(name)?.passed === true }));
    const accepted = acceptance.every((r) => r.passed);
    const last = await tx.challengeMilestone.findFirst({ where: { applicationId, status: { in: ["PLANNED", "SUBMITTED"] } }, orderBy: { seq: "desc" } });
    if (last) await tx.challengeMilestone.update({ where: { id: last.id }, data: { status: accepted ? "PASSED" : "FAILED", completedAt: now, evidence: "验收" } });
    return moveApplication(tx, app, null, "broker", actor.id, { now, title: challenge.title, outcome: accepted ? "ACCEPTED" : "ACCEPTANCE_FAILED", data: { acceptance } });
  });
  pushNotifications(notes);
}

// ─── reads ────────────────────────────────────────────────────────────────────────────────

export const APPLICATIONS_PAGE_SIZE = 20;

/** The actor's organizations' applications (all statuses), newest first, paginated. */
export async function listMyApplications(db: PrismaClient, actor: Actor, page = 1) {
  const orgIds = actor.memberships.filter((m) => can([m], "read:application", m.organizationId)).map((m) => m.organizationId);
  const where = { leadOrgId: { in: orgIds } };
  const [total, items] = await Promise.all([
    db.challengeApplication.count({ where }),
    db.challengeApplication.findMany({
      where,
      orderBy: { updatedAt: "desc" },
      skip: (page - 1) * APPLICATIONS_PAGE_SIZE,
      take: APPLICATIONS_PAGE_SIZE,
      select: { id: true, challengeId: true, status: true, outcomeCode: true, submittedAt: true, updatedAt: true },
    }),
  ]);
  const titles = await db.challenge.findMany({ where: { id: { in: items.map((i) => i.challengeId) } }, select: { id: true, title: true } });
  return { items: items.map((i) => ({ ...i, challengeTitle: titles.find((c) => c.id === i.challengeId)?.title ?? "" })), total, page, pages: Math.max(1, Math.ceil(total / APPLICATIONS_PAGE_SIZE)) };
}

/** A broker's queue: submitted applications awaiting formal review; a reviewer's: applications to declare and score. */
export async function reviewQueue(db: PrismaClient, actor: Actor) {
  const formal = isBroker(actor)
    ? await db.challengeApplication.findMany({ where: { status: "SUBMITTED" }, orderBy: { submittedAt: "asc" }, take: 100, select: { id: true, challengeId: true, leadOrgId: true, submittedAt: true } })
    : [];
  const assignments = await db.challengeReviewer.findMany({ where: { userId: actor.id }, select: { challengeId: true } });
  const toScore = assignments.length
    ? await db.challengeApplication.findMany({
        where: { challengeId: { in: assignments.map((a) => a.challengeId) }, status: "QUALIFIED" },
        orderBy: { submittedAt: "asc" },
        take: 100,
        select: { id: true, challengeId: true, leadOrgId: true, submittedAt: true },
      })
    : [];
  const mine = await db.applicationReview.findMany({ where: { reviewerId: actor.id, applicationId: { in: toScore.map((a) => a.id) } }, select: { applicationId: true, conflicted: true, total: true } });
  const [titles, orgs] = await Promise.all([
    db.challenge.findMany({ where: { id: { in: [...formal, ...toScore].map((a) => a.challengeId) } }, select: { id: true, title: true } }),
    db.organization.findMany({ where: { id: { in: [...formal, ...toScore].map((a) => a.leadOrgId) } }, select: { id: true, name: true } }),
  ]);
  const label = <T extends { challengeId: string; leadOrgId: string }>(a: T) => ({ ...a, challengeTitle: titles.find((c) => c.id === a.challengeId)?.title ?? "", leadOrgName: orgs.find((o) => o.id === a.leadOrgId)?.name ?? "" });
  return {
    broker: isBroker(actor),
    formal: formal.map(label),
    toScore: toScore.map((a) => ({ ...label(a), review: mine.find((m) => m.applicationId === a.id) ?? null })),
  };
}

/** One application as its page shows it to this viewer, or null when the viewer may not see it. */
export async function getApplication(db: PrismaClient, actor: Actor | null, id: string, now = new Date()) {
  const app = await db.challengeApplication.findUnique({ where: { id }, include: { milestones: { orderBy: { seq: "asc" } } } });
  if (!app || !actor) return null;
  const challenge = await db.challenge.findUniqueOrThrow({ where: { id: app.challengeId } });
  const applicant = isApplicant(actor, app.leadOrgId);
  const ownOrg = actor.memberships.some((m) => m.organizationId === app.leadOrgId);
  const broker = isBroker(actor);
  const reader = can(actor.memberships, "read:application", app.leadOrgId);
  const issuer = actor.memberships.some((m) => m.organizationId === challenge.issuerOrgId);
  const assigned = (await db.challengeReviewer.count({ where: { challengeId: app.challengeId, userId: actor.id } })) > 0;
  // Drafts are the applicant's own; submitted applications are seen by brokers, readers, the issuer and assigned reviewers.
  if (app.status === "DRAFT" ? !ownOrg : !ownOrg && !broker && !reader && !issuer && !assigned) return null;
  const lead = await db.organization.findUnique({ where: { id: app.leadOrgId }, select: { name: true, nameEn: true, kind: true } });
  const criteria = criteriaOf(challenge.reviewCriteria);
  const reviews = await db.applicationReview.findMany({ where: { applicationId: id } });
  const ownReview = reviews.find((r) => r.reviewerId === actor.id) ?? null;
  const scored = reviews.filter((r) => !r.conflicted && r.total !== null);
  const eligibility = broker && app.status === "SUBMITTED" ? await eligibilityFailuresOf(db, app, app.submittedAt ?? now, "PUBLISHED") : app.eligibilityFailures;
  return {
    application: {
      ...app,
      requestedWan: app.requestedWan?.toNumber() ?? null,
      selfFundedWan: app.selfFundedWan?.toNumber() ?? null,
      plan: planOf(app.plan),
      consortium: consortiumOf(app.consortium),
      principalInvestigator: app.principalInvestigator as { name?: string; title?: string; email?: string },
      milestones: app.milestones.map((m) => ({ ...m, tranche: m.tranche?.toNumber() ?? null })),
    },
    challenge: { id: challenge.id, title: challenge.title, status: challenge.status, indicators: challengeIndicatorSchema.array().safeParse(challenge.indicators).data ?? [], evaluationMode: challenge.evaluationMode, eligibility: eligibilityOf(challenge.eligibility) },
    lead,
    criteria,
    eligibility,
    can: {
      edit: applicant && app.status === "DRAFT" && !app.outcomeCode && challenge.status === "PUBLISHED",
      submit: applicant && app.status === "DRAFT" && !app.outcomeCode,
      withdraw: applicant && ["DRAFT", "SUBMITTED", "QUALIFIED", "SHORTLISTED"].includes(app.status) && !app.outcomeCode,
      formalReview: broker && app.status === "SUBMITTED" && ["PUBLISHED", "APPLICATIONS_CLOSED"].includes(challenge.status),
      review: assigned && app.status === "QUALIFIED" && challenge.status === "EXPERT_REVIEW",
    },
    ownReview,
    // Brokers and the issuer see every score with the aggregate; reviewers see only their own.
    scores: broker || issuer ? { aggregate: aggregateScores(scored.map((r) => r.total as number)), reviews: scored.map((r) => ({ reviewerId: r.reviewerId, total: r.total, scores: r.scores, comment: r.comment })), conflicts: reviews.filter((r) => r.conflicted).length } : null,
  };
}

/** Everything the broker's board for one challenge shows: applications with scores and ranking, reviewers, objections. */
export async function challengeBoard(db: PrismaClient, actor: Actor | null, challengeId: string) {
  const challenge = await db.challenge.findUnique({ where: { id: challengeId } });
  if (!challenge) return null;
  const broker = isBroker(actor);
  const issuer = actor !== null && actor.memberships.some((m) => m.organizationId === challenge.issuerOrgId);
  const apps = await db.challengeApplication.findMany({ where: { challengeId, status: { not: "DRAFT" } }, orderBy: { submittedAt: "asc" } });
  const orgs = await db.organization.findMany({ where: { id: { in: apps.map((a) => a.leadOrgId) } }, select: { id: true, name: true } });
  const reviews = await db.applicationReview.findMany({ where: { applicationId: { in: apps.map((a) => a.id) } } });
  const qualified = apps.filter((a) => a.status === "QUALIFIED");
  let ranking: Awaited<ReturnType<typeof rankingFor>> = [];
  let bidRoomOpen = false;
  try {
    ranking = await rankingFor(db, challengeId, qualified);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    bidRoomOpen = true;
  }
  const reviewers = await db.challengeReviewer.findMany({ where: { challengeId }, select: { userId: true } });
  const users = await db.user.findMany({ where: { id: { in: reviewers.map((r) => r.userId) } }, select: { id: true, name: true } });
  const objections = await db.challengeObjection.findMany({ where: { challengeId }, orderBy: { createdAt: "asc" } });
  return {
    challenge: { id: challenge.id, title: challenge.title, status: challenge.status, evaluationMode: challenge.evaluationMode, publicNoticeEndsAt: challenge.publicNoticeEndsAt, bidRoomId: challenge.bidRoomId },
    broker,
    issuer,
    bidRoomOpen,
    applications: apps.map((a) => {
      const scored = reviews.filter((r) => r.applicationId === a.id && !r.conflicted && r.total !== null);
      const rank = ranking.find((r) => r.applicationId === a.id);
      return {
        id: a.id,
        leadOrgName: orgs.find((o) => o.id === a.leadOrgId)?.name ?? "",
        status: a.status,
        outcomeCode: a.outcomeCode,
        submittedAt: a.submittedAt,
        eligibilityFailures: a.eligibilityFailures,
        aggregate: aggregateScores(scored.map((r) => r.total as number)),
        conflicts: reviews.filter((r) => r.applicationId === a.id && r.conflicted).length,
        rank: rank?.rank ?? null,
        bidScore: rank?.bidScore ?? a.bidScore,
        finalScore: rank?.finalScore ?? a.finalScore,
      };
    }),
    reviewers: users,
    candidates: broker ? (await reviewerCandidates(db)).filter((u) => !users.some((r) => r.id === u.id)) : [],
    objections,
  };
}

/** The task books (任务书) and milestones of a challenge's awarded applications, for anyone who may see the challenge. */
export async function taskBooks(db: PrismaClient, challengeId: string) {
  const challenge = await db.challenge.findUnique({ where: { id: challengeId }, select: { id: true, title: true, status: true, evaluationMode: true, fundingWan: true, indicators: true } });
  if (!challenge) return null;
  const apps = await db.challengeApplication.findMany({
    where: { challengeId, taskBook: { not: { equals: null } } } as Prisma.ChallengeApplicationWhereInput,
    orderBy: { submittedAt: "asc" },
    include: { milestones: { orderBy: { seq: "asc" } } },
  });
  const orgs = await db.organization.findMany({ where: { id: { in: apps.map((a) => a.leadOrgId) } }, select: { id: true, name: true } });
  return {
    challenge: { ...challenge, fundingWan: challenge.fundingWan?.toNumber() ?? null, indicators: challengeIndicatorSchema.array().safeParse(challenge.indicators).data ?? [] },
    books: apps.map((a) => ({
      id: a.id,
      leadOrgName: orgs.find((o) => o.id === a.leadOrgId)?.name ?? "",
      status: a.status,
      outcomeCode: a.outcomeCode,
      taskBook: a.taskBook as { indicators: { name: string; target: string; unit: string; verification: string; approach: string }[]; milestones: { seq: number; title: string; deliverable: string; dueAt: string; tranche: number; trancheWan: number }[]; requestedWan: number; selfFundedWan: number; principalInvestigator: { name?: string } },
      acceptance: a.acceptance as { indicator: string; achieved: string; passed: boolean }[] | null,
      milestones: a.milestones.map((m) => ({ ...m, tranche: m.tranche?.toNumber() ?? null })),
    })),
  };
}

/** The 公示 page: the awarded leads (and withdrawn awards) with their scores, and the objections (objectors not named). */
export async function awardNotice(db: PrismaClient, challengeId: string) {
  const apps = await db.challengeApplication.findMany({
    where: { challengeId, OR: [{ status: { in: ["AWARDED", "TERMINATED"] } }, { outcomeCode: { in: ["AWARDED", "AWARD_WITHDRAWN", "ACCEPTED", "ACCEPTANCE_FAILED"] } }] },
    orderBy: { finalScore: { sort: "desc", nulls: "last" } },
    select: { id: true, leadOrgId: true, status: true, outcomeCode: true, finalScore: true, principalInvestigator: true },
  });
  const orgs = await db.organization.findMany({ where: { id: { in: apps.map((a) => a.leadOrgId) } }, select: { id: true, name: true, nameEn: true } });
  const objections = await db.challengeObjection.findMany({ where: { challengeId }, orderBy: { createdAt: "asc" }, select: { id: true, applicationId: true, reason: true, status: true, resolution: true, createdAt: true, resolvedAt: true } });
  return {
    awarded: apps.map((a) => ({
      id: a.id,
      status: a.status,
      outcomeCode: a.outcomeCode,
      finalScore: a.finalScore,
      leadOrgName: orgs.find((o) => o.id === a.leadOrgId)?.name ?? "",
      piName: (a.principalInvestigator as { name?: string }).name ?? "",
    })),
    objections,
  };
}
