import { topics } from "~/domain/notifications/topics";
import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can, grantsOf } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { type NewNotification, pushNotifications, recordNotifications } from "../notifications/notifications.server";
import { computeCommission, type RuleSplit, ruleSplitsSchema } from "./commission";
import {
  ACTIVE_STAGES,
  checkTransition,
  CONTRACT_TYPES,
  DEAL_STAGES,
  type DealField,
  type DealSide,
  type DealStageName,
  LOST_REASONS,
  nextTransitions,
  outcomeDueDate,
} from "./pipeline";

export const DEALS_PAGE_SIZE = 20;
export const BOARD_COLUMN_SIZE = 12;
export const DEAL_STAGE_TOPIC = topics.dealStage;
export const DEAL_STALLED_TOPIC = topics.dealStalled;

type Tx = Prisma.TransactionClient;
type Meta = { now?: Date; ip?: string | null };

// ─── creating a deal ─────────────────────────────────────────────────────────────────────────────

export type DealOrigin = "match" | "interest" | "room" | "manual";

/**
 * What another part of the platform passes to open a deal. Expressions of interest call createDeal with
 * origin "interest" and their interestId; the broker workspace uses origin "match" with the match decision.
 * Permission is the caller's decision: createDeal trusts that the caller checked who may open it.
 */
export type CreateDealInput = {
  origin: DealOrigin;
  title: string;
  supplierOrgId: string;
  demandOrgId: string;
  achievementId?: string | null;
  needId?: string | null;
  challengeId?: string | null;
  roomId?: string | null;
  /** the broker agency following the deal and its broker; null when the parties work without one */
  brokerOrgId?: string | null;
  brokerUserId?: string | null;
  /** attribution: the user who made the introduction */
  introducedById?: string | null;
  matchDecisionId?: string | null;
  interestId?: string | null;
  /** who opened it (audit, and left out of the notifications) */
  actorId: string | null;
};

export type CreatedDeal = { id: string; reference: string; created: boolean };

/**
 * Opens a deal inside the caller's transaction: the deal, its first DealEvent (→ INTRODUCED) and an audit row.
 * Returns the notifications to push once the caller's transaction has committed. Idempotent per match decision
 * and per interest: a second call returns the deal already opened.
 */
export async function createDealInTransaction(tx: Tx, input: CreateDealInput, meta: Meta = {}): Promise<{ deal: CreatedDeal; notifications: NewNotification[] }> {
  if (input.supplierOrgId === input.demandOrgId) throw new DomainError("deal.error.sameParty", 422);
  const existing = input.matchDecisionId
    ? await tx.deal.findUnique({ where: { matchDecisionId: input.matchDecisionId }, select: { id: true, reference: true } })
    : input.interestId
      ? await tx.deal.findUnique({ where: { interestId: input.interestId }, select: { id: true, reference: true } })
      : null;
  if (existing) return { deal: { ...existing, created: false }, notifications: [] };
  const now = meta.now ?? new Date();
  const reference = await nextReference(tx, now);
  const deal = await tx.deal.create({
    data: {
      reference,
      title: input.title.slice(0, 300),
      origin: input.origin,
      supplierOrgId: input.supplierOrgId,
      demandOrgId: input.demandOrgId,
      achievementId: input.achievementId ?? null,
      needId: input.needId ?? null,
      challengeId: input.challengeId ?? null,
      roomId: input.roomId ?? null,
      brokerOrgId: input.brokerOrgId ?? null,
      brokerUserId: input.brokerUserId ?? null,
      introducedById: input.introducedById ?? null,
      matchDecisionId: input.matchDecisionId ?? null,
      interestId: input.interestId ?? null,
      stage: "INTRODUCED",
      stageChangedAt: now,
      createdAt: now,
    },
    select: { id: true, reference: true, title: true, supplierOrgId: true, demandOrgId: true, brokerUserId: true },
  });
  await tx.dealEvent.create({ data: { dealId: deal.id, fromStage: null, toStage: "INTRODUCED", actorId: input.actorId, data: { origin: input.origin }, at: now } });
  await recordAudit(tx, { actorId: input.actorId, orgId: input.brokerOrgId ?? null, action: "deal.create", entityType: "Deal", entityId: deal.id, after: { ...input, reference }, ip: meta.ip ?? null });
  const notifications = await partyNotifications(tx, deal, input.actorId, { reference, title: deal.title, stage: "INTRODUCED" });
  await recordNotifications(tx, notifications);
  return { deal: { id: deal.id, reference, created: true }, notifications };
}

/** Opens a deal in its own transaction and pushes the parties' notifications after commit. */
export async function createDeal(db: PrismaClient, input: CreateDealInput, meta: Meta = {}): Promise<CreatedDeal> {
  const { deal, notifications } = await db.$transaction((tx) => createDealInTransaction(tx, input, meta));
  pushNotifications(notifications);
  return deal;
}

/**
 * SX-<year>-<5 digits>, numbered per year. Two concurrent creations on PostgreSQL can pick the same number:
 * the unique index refuses the second, whose transaction fails and may be retried by its caller.
 */
async function nextReference(tx: Tx, now: Date): Promise<string> {
  const prefix = `SX-${now.getUTCFullYear()}-`;
  const last = await tx.deal.findFirst({ where: { reference: { startsWith: prefix } }, orderBy: { reference: "desc" }, select: { reference: true } });
  const number = last ? Number(last.reference.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(Number.isFinite(number) ? number : 1).padStart(5, "0")}`;
}

// ─── who sees and moves a deal ───────────────────────────────────────────────────────────────────

type DealParties = { supplierOrgId: string; demandOrgId: string; brokerOrgId: string | null };

/** The sides a user takes in a deal. Without a following agency, the parties themselves do the broker's steps. */
export function sidesOf(actor: Pick<Actor, "memberships">, deal: DealParties): DealSide[] {
  const sides = new Set<DealSide>();
  for (const membership of actor.memberships) {
    if (!can([membership], "update:deal", membership.organizationId)) continue;
    if (membership.organizationId === deal.supplierOrgId) sides.add("supplier");
    if (membership.organizationId === deal.demandOrgId) sides.add("demand");
    if (membership.role === "BROKER" && membership.organizationId === deal.brokerOrgId) sides.add("broker");
  }
  if (!deal.brokerOrgId && (sides.has("supplier") || sides.has("demand"))) sides.add("broker");
  return [...sides];
}

export function canReadDeal(actor: Pick<Actor, "memberships">, deal: DealParties): boolean {
  return [deal.supplierOrgId, deal.demandOrgId, deal.brokerOrgId].some((orgId) => orgId !== null && can(actor.memberships, "read:deal", orgId));
}

/** The deals a user may see, as a where clause: every deal for the bureau and the platform, else their organizations' deals. */
export function visibleDealsWhere(actor: Pick<Actor, "memberships">): Prisma.DealWhereInput {
  if (grantsOf(actor.memberships).some((grant) => grant.permission === "read:deal:any")) return {};
  const orgIds = actor.memberships.filter((membership) => can([membership], "read:deal", membership.organizationId)).map((membership) => membership.organizationId);
  if (orgIds.length === 0) return { id: { in: [] } };
  return { OR: [{ supplierOrgId: { in: orgIds } }, { demandOrgId: { in: orgIds } }, { brokerOrgId: { in: orgIds } }] };
}

// ─── reading deals ───────────────────────────────────────────────────────────────────────────────

const listSelect = {
  id: true,
  reference: true,
  title: true,
  stage: true,
  stageChangedAt: true,
  contractAmountWan: true,
  supplierOrgId: true,
  demandOrgId: true,
  brokerUserId: true,
} as const;

type ListRow = Prisma.DealGetPayload<{ select: typeof listSelect }>;

async function withNames(db: PrismaClient, rows: ListRow[]) {
  const orgIds = [...new Set(rows.flatMap((row) => [row.supplierOrgId, row.demandOrgId]))];
  const userIds = [...new Set(rows.flatMap((row) => (row.brokerUserId ? [row.brokerUserId] : [])))];
  const [orgs, users] = await Promise.all([
    db.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true, nameEn: true } }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
  ]);
  const org = new Map(orgs.map((o) => [o.id, o]));
  const user = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    title: row.title,
    stage: row.stage,
    stageChangedAt: row.stageChangedAt.toISOString(),
    contractAmountWan: row.contractAmountWan?.toNumber() ?? null,
    supplier: org.get(row.supplierOrgId) ?? null,
    demand: org.get(row.demandOrgId) ?? null,
    brokerName: row.brokerUserId ? (user.get(row.brokerUserId) ?? null) : null,
  }));
}

export type DealListItem = Awaited<ReturnType<typeof withNames>>[number];

export async function listDeals(db: PrismaClient, actor: Actor, options: { page: number; stage?: DealStageName | null }) {
  const where: Prisma.DealWhereInput = { AND: [visibleDealsWhere(actor), options.stage ? { stage: options.stage } : {}] };
  const [total, rows] = await Promise.all([
    db.deal.count({ where }),
    db.deal.findMany({ where, select: listSelect, orderBy: [{ stageChangedAt: "desc" }, { id: "asc" }], skip: (options.page - 1) * DEALS_PAGE_SIZE, take: DEALS_PAGE_SIZE }),
  ]);
  return { total, page: options.page, pages: Math.max(1, Math.ceil(total / DEALS_PAGE_SIZE)), items: await withNames(db, rows) };
}

/** The board: one column per stage with its count and its most recently moved deals. */
export async function dealBoard(db: PrismaClient, actor: Actor) {
  const visible = visibleDealsWhere(actor);
  const columns = await Promise.all(
    DEAL_STAGES.map(async (stage) => {
      const where: Prisma.DealWhereInput = { AND: [visible, { stage }] };
      const [count, rows] = await Promise.all([
        db.deal.count({ where }),
        db.deal.findMany({ where, select: listSelect, orderBy: [{ stageChangedAt: "desc" }, { id: "asc" }], take: BOARD_COLUMN_SIZE }),
      ]);
      return { stage, count, items: await withNames(db, rows) };
    }),
  );
  return columns;
}

/** One deal with its parties, history, commission and the moves the user may make; 404 when not the user's to see. */
export async function getDeal(db: PrismaClient, actor: Actor, id: string) {
  const deal = await db.deal.findUnique({ where: { id }, include: { events: { orderBy: { at: "asc" } }, commissions: true } });
  if (!deal || !canReadDeal(actor, deal)) throw new DomainError("error.notFound.title", 404);
  const orgIds = [deal.supplierOrgId, deal.demandOrgId, ...(deal.brokerOrgId ? [deal.brokerOrgId] : [])];
  const userIds = [
    ...new Set([deal.brokerUserId, deal.introducedById, ...deal.events.map((event) => event.actorId), ...deal.commissions.flatMap((c) => splitLines(c.splits).map((line) => line.userId))].filter((v): v is string => Boolean(v))),
  ];
  const [orgs, users, achievement, need] = await Promise.all([
    db.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true, nameEn: true, region: true } }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
    deal.achievementId ? db.achievement.findUnique({ where: { id: deal.achievementId }, select: { id: true, title: true, techField: true } }) : null,
    deal.needId ? db.need.findUnique({ where: { id: deal.needId }, select: { id: true, title: true } }) : null,
  ]);
  const org = (orgId: string | null) => orgs.find((o) => o.id === orgId) ?? null;
  const name = (userId: string | null) => (userId ? (users.find((u) => u.id === userId)?.name ?? null) : null);
  const sides = sidesOf(actor, deal);
  return {
    id: deal.id,
    reference: deal.reference,
    title: deal.title,
    origin: deal.origin,
    stage: deal.stage,
    stageChangedAt: deal.stageChangedAt.toISOString(),
    supplier: org(deal.supplierOrgId),
    demand: org(deal.demandOrgId),
    brokerOrg: org(deal.brokerOrgId),
    brokerName: name(deal.brokerUserId),
    introducedByName: name(deal.introducedById),
    achievement,
    need,
    ndaSignedAt: deal.ndaSignedAt?.toISOString() ?? null,
    meetingAt: deal.meetingAt?.toISOString() ?? null,
    contractType: deal.contractType,
    contractAmountWan: deal.contractAmountWan?.toFixed(2) ?? null,
    contractSignedAt: deal.contractSignedAt?.toISOString() ?? null,
    registrationNumber: deal.registrationNumber,
    registeredAt: deal.registeredAt?.toISOString() ?? null,
    outcomeDueAt: deal.outcomeDueAt?.toISOString() ?? null,
    outcomeCheckedAt: deal.outcomeCheckedAt?.toISOString() ?? null,
    outcome: outcomeOf(deal.outcome),
    lostReason: deal.lostReason,
    lostNote: deal.lostNote,
    events: deal.events.map((event) => ({ id: event.id, fromStage: event.fromStage, toStage: event.toStage, actorName: name(event.actorId), at: event.at.toISOString() })),
    commissions: deal.commissions.map((commission) => ({
      amountWan: commission.amountWan.toFixed(2),
      splits: splitLines(commission.splits).map((line) => ({ ...line, name: name(line.userId) })),
    })),
    sides,
    moves: nextTransitions(deal.stage, sides).map((rule) => ({ to: rule.to, requires: [...rule.requires] })),
  };
}

export type DealView = Awaited<ReturnType<typeof getDeal>>;

const outcomeSchema = z.object({ revenueWan: z.string(), jobs: z.number(), products: z.number(), note: z.string().optional() });
function outcomeOf(value: unknown) {
  const parsed = outcomeSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const splitLineSchema = z.array(z.object({ userId: z.string().nullable(), role: z.string(), share: z.number(), amountWan: z.string() }));
export function splitLines(value: unknown) {
  const parsed = splitLineSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

// ─── moving a deal ───────────────────────────────────────────────────────────────────────────────

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const wan = z.preprocess(
  blankToUndefined,
  z
    .string()
    .trim()
    .regex(/^\d{1,12}(\.\d{1,2})?$/, { message: "deal.error.amount" })
    .optional(),
);
const day = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "deal.error.date" })
    .transform((value) => new Date(`${value}T00:00:00+08:00`))
    .refine((value) => !Number.isNaN(value.getTime()), { message: "deal.error.date" })
    .optional(),
);
const count = z.preprocess(blankToUndefined, z.coerce.number({ message: "deal.error.count" }).int({ message: "deal.error.count" }).min(0, { message: "deal.error.count" }).max(1_000_000_000, { message: "deal.error.count" }).optional());

export const transitionSchema = z.object({
  to: z.enum(DEAL_STAGES, { message: "deal.error.stage" }),
  ndaSignedAt: day,
  meetingAt: day,
  contractType: z.preprocess(blankToUndefined, z.enum(CONTRACT_TYPES, { message: "deal.error.contractType" }).optional()),
  contractAmountWan: wan.refine((value) => value === undefined || Number(value) > 0, { message: "deal.error.amount" }),
  contractSignedAt: day,
  registrationNumber: z.preprocess(blankToUndefined, z.string().trim().min(4, { message: "deal.error.registrationNumber" }).max(64, { message: "deal.error.registrationNumber" }).optional()),
  registeredAt: day,
  outcomeRevenueWan: wan,
  outcomeJobs: count,
  outcomeProducts: count,
  outcomeNote: z.preprocess(blankToUndefined, z.string().trim().max(1000).optional()),
  lostReason: z.preprocess(blankToUndefined, z.enum(LOST_REASONS, { message: "deal.error.lostReason" }).optional()),
  lostNote: z.preprocess(blankToUndefined, z.string().trim().max(1000).optional()),
});
export type TransitionInput = Partial<Record<keyof z.input<typeof transitionSchema>, string>>;

/**
 * Moves a deal one step along the pipeline (or closes it as lost). Checks, in order: the deal is the user's to
 * see (404), the input parses (422 on the field), the pipeline table allows the move for the user's side (409 /
 * 403 / 422). Then one transaction: the stage change guarded by the stage read (a concurrent move gets 409), the
 * recorded facts, a DealEvent, the commission when a contract is signed, an audit row and the parties' notifications.
 */
export async function transitionDeal(db: PrismaClient, actor: Actor, id: string, input: TransitionInput, meta: Meta = {}) {
  const deal = await db.deal.findUnique({ where: { id } });
  if (!deal || !canReadDeal(actor, deal)) throw new DomainError("error.notFound.title", 404);
  const sides = sidesOf(actor, deal);
  if (sides.length === 0) throw new DomainError("error.forbidden.title", 403);
  const parsed = transitionSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DomainError(messageKeyOf(issue?.message), 422, String(issue?.path[0] ?? "to"));
  }
  const values = parsed.data;
  const now = meta.now ?? new Date();
  const check = checkTransition(deal.stage, values.to, sides, values satisfies Partial<Record<DealField, unknown>>);
  if (!check.ok) {
    if (check.problem === "noSuchTransition") throw new DomainError("deal.error.wrongStage", 409);
    if (check.problem === "notYourStep") throw new DomainError("deal.error.notYourStep", 403);
    throw new DomainError("validation.required", 422, check.field);
  }
  for (const field of ["ndaSignedAt", "meetingAt", "contractSignedAt", "registeredAt"] as const) {
    const date = values[field];
    // A signature or a registration is recorded after the fact; the meeting may be booked ahead.
    if (date && field !== "meetingAt" && date.getTime() > now.getTime()) throw new DomainError("deal.error.future", 422, field);
  }
  if (values.to === "REGISTERED" && values.registeredAt && deal.contractSignedAt && values.registeredAt < startOfDay(deal.contractSignedAt)) {
    throw new DomainError("deal.error.registeredBeforeSigned", 422, "registeredAt");
  }
  if (values.to === "OUTCOME_CHECKED" && deal.outcomeDueAt && now < deal.outcomeDueAt) throw new DomainError("deal.error.outcomeNotDue", 409);
  if (values.to === "CLOSED_LOST" && values.lostReason === "OTHER" && !values.lostNote) throw new DomainError("validation.required", 422, "lostNote");

  const facts = factsFor(values, now);
  const { notifications, commission } = await db.$transaction(async (tx) => {
    const { count: moved } = await tx.deal.updateMany({ where: { id, stage: deal.stage }, data: { ...facts, stage: values.to, stageChangedAt: now, stalledRemindedAt: null } });
    if (moved === 0) throw new DomainError("deal.error.conflict", 409);
    await tx.dealEvent.create({ data: { dealId: id, fromStage: deal.stage, toStage: values.to, actorId: actor.id, data: eventData(values), at: now } });
    const commission = values.to === "CONTRACT_SIGNED" && values.contractAmountWan ? await computeDealCommission(tx, deal, values.contractAmountWan, values.contractSignedAt ?? now, now) : null;
    await recordAudit(tx, {
      actorId: actor.id,
      orgId: actor.memberships.find((m) => [deal.supplierOrgId, deal.demandOrgId, deal.brokerOrgId].includes(m.organizationId))?.organizationId ?? null,
      action: `deal.${values.to.toLowerCase()}`,
      entityType: "Deal",
      entityId: id,
      before: { stage: deal.stage },
      after: { stage: values.to, ...facts, commission },
      ip: meta.ip ?? null,
    });
    const notifications = await partyNotifications(tx, deal, actor.id, { reference: deal.reference, title: deal.title, stage: values.to });
    await recordNotifications(tx, notifications);
    return { notifications, commission };
  });
  pushNotifications(notifications);
  return { id, stage: values.to, commission };
}

function messageKeyOf(message: string | undefined) {
  const known = ["deal.error.amount", "deal.error.date", "deal.error.count", "deal.error.contractType", "deal.error.registrationNumber", "deal.error.lostReason", "deal.error.stage"] as const;
  return known.find((key) => key === message) ?? "validation.invalid";
}

function startOfDay(date: Date): Date {
  // Dates are entered as days in China Standard Time.
  const shanghai = new Date(date.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate()) - 8 * 3600_000);
}

type ParsedTransition = z.output<typeof transitionSchema>;

function factsFor(values: ParsedTransition, now: Date): Prisma.DealUpdateManyMutationInput {
  switch (values.to) {
    case "NDA_SIGNED":
      return { ndaSignedAt: values.ndaSignedAt };
    case "MEETING":
      return { meetingAt: values.meetingAt };
    case "CONTRACT_SIGNED":
      return { contractType: values.contractType, contractAmountWan: values.contractAmountWan, contractSignedAt: values.contractSignedAt };
    case "REGISTERED":
      return { registrationNumber: values.registrationNumber, registeredAt: values.registeredAt, outcomeDueAt: values.registeredAt ? outcomeDueDate(values.registeredAt) : null };
    case "OUTCOME_CHECKED":
      return {
        outcomeCheckedAt: now,
        outcome: { revenueWan: values.outcomeRevenueWan ?? "0", jobs: values.outcomeJobs ?? 0, products: values.outcomeProducts ?? 0, note: values.outcomeNote ?? "" },
      };
    case "CLOSED_LOST":
      return { lostReason: values.lostReason, lostNote: values.lostNote ?? null };
    default:
      return {};
  }
}

function eventData(values: ParsedTransition): Prisma.InputJsonObject {
  const { to: _to, ...rest } = values;
  return JSON.parse(JSON.stringify(rest));
}

/** The agency's rule in force when the contract was signed, applied to the amount; one ledger line per agency and deal. */
async function computeDealCommission(tx: Tx, deal: { id: string; brokerOrgId: string | null; brokerUserId: string | null; introducedById: string | null }, amountWan: string, signedAt: Date, now: Date) {
  if (!deal.brokerOrgId) return null;
  const rule = await tx.commissionRule.findFirst({ where: { brokerOrgId: deal.brokerOrgId, validFrom: { lte: signedAt > now ? now : endOfDay(signedAt) } }, orderBy: [{ validFrom: "desc" }, { id: "desc" }] });
  if (!rule) return null;
  const splits: RuleSplit[] = ruleSplitsSchema.safeParse(rule.splits).data ?? [{ role: "follower", share: 1 }];
  // Only the agency's own brokers share its commission: an introducer from elsewhere passes the share to the follower.
  const agencyBrokers = await tx.membership.findMany({ where: { organizationId: deal.brokerOrgId, role: "BROKER", status: "ACTIVE" }, select: { userId: true } });
  const isAgencyBroker = (userId: string | null) => (userId && agencyBrokers.some((m) => m.userId === userId) ? userId : null);
  const result = computeCommission(
    rule.kind === "FIXED" ? { kind: "FIXED", fixedWan: rule.fixedWan?.toString() ?? "0", splits } : { kind: "PERCENT", percent: rule.percent?.toString() ?? "0", splits },
    amountWan,
    { introducerId: isAgencyBroker(deal.introducedById), followerId: isAgencyBroker(deal.brokerUserId) },
  );
  await tx.commission.upsert({
    where: { dealId_brokerOrgId: { dealId: deal.id, brokerOrgId: deal.brokerOrgId } },
    create: { dealId: deal.id, brokerOrgId: deal.brokerOrgId, ruleId: rule.id, amountWan: result.amountWan, splits: result.splits, computedAt: now },
    update: { ruleId: rule.id, amountWan: result.amountWan, splits: result.splits, computedAt: now },
  });
  return { ruleId: rule.id, ...result };
}

function endOfDay(date: Date): Date {
  return new Date(startOfDay(date).getTime() + 24 * 3600_000 - 1);
}

/** Everyone on the deal but the actor: the parties' active members and the following broker. */
async function partyNotifications(tx: Tx, deal: { id: string; supplierOrgId: string; demandOrgId: string; brokerUserId: string | null }, actorId: string | null, data: { reference: string; title: string; stage: DealStageName }): Promise<NewNotification[]> {
  const members = await tx.membership.findMany({
    where: { organizationId: { in: [deal.supplierOrgId, deal.demandOrgId] }, status: "ACTIVE", role: { in: ["TTO", "RESEARCHER", "ENTERPRISE"] } },
    select: { userId: true },
    take: 200,
  });
  const userIds = new Set([...members.map((m) => m.userId), ...(deal.brokerUserId ? [deal.brokerUserId] : [])]);
  if (actorId) userIds.delete(actorId);
  return [...userIds].map((userId) => ({ userId, topic: DEAL_STAGE_TOPIC, entityType: "Deal", entityId: deal.id, data: { ...data, link: `/deals/${deal.id}` } }));
}

// ─── stalled deals ───────────────────────────────────────────────────────────────────────────────

/**
 * The scheduler's tick: deals in an active stage with no stage change for `days` days remind their broker, once
 * per period (the reminder time is kept on the deal and cleared by the next move). Safe to run in several
 * processes: the reminder is claimed by a guarded update before it is written.
 */
export async function remindStalledDeals(db: PrismaClient, options: { now?: Date; days: number }): Promise<string[]> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.days * 24 * 3600_000);
  const due = { stage: { in: [...ACTIVE_STAGES] }, brokerUserId: { not: null }, stageChangedAt: { lte: cutoff }, OR: [{ stalledRemindedAt: null }, { stalledRemindedAt: { lte: cutoff } }] } satisfies Prisma.DealWhereInput;
  const deals = await db.deal.findMany({ where: due, select: { id: true, reference: true, title: true, stage: true, stageChangedAt: true, brokerUserId: true }, take: 500 });
  const reminded: string[] = [];
  for (const deal of deals) {
    if (!deal.brokerUserId) continue;
    const notification: NewNotification = {
      userId: deal.brokerUserId,
      topic: DEAL_STALLED_TOPIC,
      entityType: "Deal",
      entityId: deal.id,
      data: { reference: deal.reference, title: deal.title, stage: deal.stage, days: Math.floor((now.getTime() - deal.stageChangedAt.getTime()) / (24 * 3600_000)), link: `/deals/${deal.id}` },
    };
    const claimed = await db.$transaction(async (tx) => {
      const { count: claimed } = await tx.deal.updateMany({ where: { id: deal.id, ...due }, data: { stalledRemindedAt: now } });
      if (claimed === 0) return false;
      await recordNotifications(tx, [notification]);
      return true;
    });
    if (!claimed) continue;
    pushNotifications([notification]);
    reminded.push(deal.id);
  }
  return reminded;
}
