import { afterEach, beforeEach, expect, test } from "vitest";
import { actorFor, createAchievement, createMember, createNeed, createOrg } from "../../../tests/helpers/factories";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/database";
import { commissionLedger, exportLedger, saveCommissionRule } from "./commissions.server";
import { createDeal, dealBoard, getDeal, listDeals, remindStalledDeals, transitionDeal } from "./deals.server";
import { registrationPacket } from "./packet.server";
import { introduceMatch } from "./workspace.server";
import { getTranslator } from "~/i18n/i18n";
import ExcelJS from "exceljs";

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const DAY = 24 * 3600_000;

async function setUp() {
  const { prisma } = database;
  const university = await createOrg(prisma, "UNIVERSITY");
  const enterprise = await createOrg(prisma, "ENTERPRISE");
  const agency = await createOrg(prisma, "BROKER_AGENCY");
  const otherAgency = await createOrg(prisma, "BROKER_AGENCY");
  const bureauOrg = await createOrg(prisma, "GOVERNMENT");
  const tto = await createMember(prisma, university.id, "TTO");
  const buyer = await createMember(prisma, enterprise.id, "ENTERPRISE");
  const broker = await createMember(prisma, agency.id, "BROKER", { orgAdmin: true });
  const colleague = await createMember(prisma, agency.id, "BROKER");
  const outsideBroker = await createMember(prisma, otherAgency.id, "BROKER", { orgAdmin: true });
  const bureau = await createMember(prisma, bureauOrg.id, "BUREAU");
  const achievement = await createAchievement(prisma, university.id);
  const need = await createNeed(prisma, enterprise.id);
  const deal = await createDeal(prisma, {
    origin: "match",
    title: `${achievement.title} → ${need.title}`,
    supplierOrgId: university.id,
    demandOrgId: enterprise.id,
    achievementId: achievement.id,
    needId: need.id,
    brokerOrgId: agency.id,
    brokerUserId: colleague.id,
    introducedById: broker.id,
    actorId: broker.id,
  });
  return { prisma, university, enterprise, agency, otherAgency, tto, buyer, broker, colleague, outsideBroker, bureau, deal };
}

const today = (now = new Date()) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Walks a deal to NEGOTIATION with the following broker. */
async function toNegotiation(prisma: TestDatabase["prisma"], dealId: string, brokerId: string) {
  const actor = await actorFor(prisma, brokerId);
  await transitionDeal(prisma, actor, dealId, { to: "INTEREST_CONFIRMED" });
  await transitionDeal(prisma, actor, dealId, { to: "NDA_SIGNED", ndaSignedAt: today() });
  await transitionDeal(prisma, actor, dealId, { to: "MEETING", meetingAt: today() });
  await transitionDeal(prisma, actor, dealId, { to: "NEGOTIATION" });
}

test("a deal walks the whole pipeline: each move one event, one audit row and the parties notified; the commission is computed at signing", async () => {
  const { prisma, agency, tto, buyer, broker, colleague, deal } = await setUp();
  expect(deal.reference).toMatch(/^SX-\d{4}-00001$/);
  await saveCommissionRule(prisma, await actorFor(prisma, broker.id), agency.id, { kind: "PERCENT", percent: "3", introducerShare: "60" }, { now: new Date(Date.now() - DAY) });
  await toNegotiation(prisma, deal.id, colleague.id);
  const follower = await actorFor(prisma, colleague.id);
  const signed = await transitionDeal(prisma, follower, deal.id, { to: "CONTRACT_SIGNED", contractType: "LICENSE", contractAmountWan: "250.50", contractSignedAt: today() });
  expect(signed.commission).toMatchObject({ amountWan: "7.52" });
  const commission = await prisma.commission.findUniqueOrThrow({ where: { dealId_brokerOrgId: { dealId: deal.id, brokerOrgId: agency.id } } });
  expect(commission.amountWan.toFixed(2)).toBe("7.52");
  expect(commission.splits).toEqual([
    { userId: broker.id, role: "introducer", share: 0.6, amountWan: "4.51" },
    { userId: colleague.id, role: "follower", share: 0.4, amountWan: "3.01" },
  ]);
  // the supplier files the registration
  const registeredAt = new Date(Date.now() - 400 * DAY);
  await prisma.deal.update({ where: { id: deal.id }, data: { contractSignedAt: new Date(registeredAt.getTime() - DAY) } });
  await transitionDeal(prisma, await actorFor(prisma, tto.id), deal.id, { to: "REGISTERED", registrationNumber: "2026350203000123", registeredAt: today(registeredAt) });
  const registered = await prisma.deal.findUniqueOrThrow({ where: { id: deal.id } });
  expect(registered.outcomeDueAt?.getTime()).toBeGreaterThan(registered.registeredAt?.getTime() ?? Infinity);
  // the demander reports the outcome twelve months later
  await transitionDeal(prisma, await actorFor(prisma, buyer.id), deal.id, { to: "OUTCOME_CHECKED", outcomeRevenueWan: "1200", outcomeJobs: "15", outcomeProducts: "2", outcomeNote: "量产线投产" });
  const done = await prisma.deal.findUniqueOrThrow({ where: { id: deal.id } });
  expect(done.stage).toBe("OUTCOME_CHECKED");
  expect(done.outcome).toEqual({ revenueWan: "1200", jobs: 15, products: 2, note: "量产线投产" });
  const events = await prisma.dealEvent.findMany({ where: { dealId: deal.id }, orderBy: { at: "asc" } });
  expect(events.map((e) => e.toStage)).toEqual(["INTRODUCED", "INTEREST_CONFIRMED", "NDA_SIGNED", "MEETING", "NEGOTIATION", "CONTRACT_SIGNED", "REGISTERED", "OUTCOME_CHECKED"]);
  expect(await prisma.auditEvent.count({ where: { entityType: "Deal", entityId: deal.id } })).toBe(8);
  // the parties hear of each move made by someone else
  const buyerTopics = await prisma.notification.findMany({ where: { userId: buyer.id, entityId: deal.id } });
  expect(buyerTopics.length).toBe(7);
  expect(await prisma.notification.count({ where: { userId: colleague.id, entityId: deal.id } })).toBe(3);
  // the packet is filled from the deal
  const packet = await registrationPacket(prisma, follower, deal.id);
  expect(packet.lines.find((line) => line.key === "deal.packet.registrationNumber")).toMatchObject({ value: "2026350203000123" });
});

test("refused moves write nothing: wrong stage, another side's step, a missing or bad fact, a future date, an outcome not yet due", async () => {
  const { prisma, buyer, tto, colleague, deal } = await setUp();
  const follower = await actorFor(prisma, colleague.id);
  const demander = await actorFor(prisma, buyer.id);
  await expect(transitionDeal(prisma, follower, deal.id, { to: "MEETING", meetingAt: today() })).rejects.toMatchObject({ status: 409, messageKey: "deal.error.wrongStage" });
  await transitionDeal(prisma, demander, deal.id, { to: "INTEREST_CONFIRMED" });
  await expect(transitionDeal(prisma, demander, deal.id, { to: "NDA_SIGNED", ndaSignedAt: today() })).rejects.toMatchObject({ status: 403, messageKey: "deal.error.notYourStep" });
  await expect(transitionDeal(prisma, follower, deal.id, { to: "NDA_SIGNED" })).rejects.toMatchObject({ status: 422, field: "ndaSignedAt" });
  await expect(transitionDeal(prisma, follower, deal.id, { to: "NDA_SIGNED", ndaSignedAt: "2026-13-45x" })).rejects.toMatchObject({ status: 422, field: "ndaSignedAt", messageKey: "deal.error.date" });
  await expect(transitionDeal(prisma, follower, deal.id, { to: "NDA_SIGNED", ndaSignedAt: today(new Date(Date.now() + 3 * DAY)) })).rejects.toMatchObject({ status: 422, messageKey: "deal.error.future" });
  await expect(transitionDeal(prisma, follower, deal.id, { to: "BOGUS" })).rejects.toMatchObject({ status: 422, field: "to" });
  await transitionDeal(prisma, follower, deal.id, { to: "NDA_SIGNED", ndaSignedAt: today() });
  await transitionDeal(prisma, follower, deal.id, { to: "MEETING", meetingAt: today() });
  await transitionDeal(prisma, follower, deal.id, { to: "NEGOTIATION" });
  await expect(transitionDeal(prisma, follower, deal.id, { to: "CONTRACT_SIGNED", contractType: "LICENSE", contractAmountWan: "-3", contractSignedAt: today() })).rejects.toMatchObject({ status: 422, field: "contractAmountWan" });
  await expect(transitionDeal(prisma, follower, deal.id, { to: "CONTRACT_SIGNED", contractType: "GIFT", contractAmountWan: "3", contractSignedAt: today() })).rejects.toMatchObject({ status: 422, field: "contractType" });
  await transitionDeal(prisma, follower, deal.id, { to: "CONTRACT_SIGNED", contractType: "DEVELOPMENT", contractAmountWan: "80", contractSignedAt: today() });
  // a signed contract can no longer be lost; the demander does not register it
  await expect(transitionDeal(prisma, follower, deal.id, { to: "CLOSED_LOST", lostReason: "PRICE" })).rejects.toMatchObject({ status: 409 });
  await expect(transitionDeal(prisma, demander, deal.id, { to: "REGISTERED", registrationNumber: "2026350203000999", registeredAt: today() })).rejects.toMatchObject({ status: 403 });
  await transitionDeal(prisma, await actorFor(prisma, tto.id), deal.id, { to: "REGISTERED", registrationNumber: "2026350203000999", registeredAt: today() });
  await expect(transitionDeal(prisma, demander, deal.id, { to: "OUTCOME_CHECKED", outcomeRevenueWan: "1", outcomeJobs: "1", outcomeProducts: "1" })).rejects.toMatchObject({ status: 409, messageKey: "deal.error.outcomeNotDue" });
  const row = await prisma.deal.findUniqueOrThrow({ where: { id: deal.id } });
  expect(row.stage).toBe("REGISTERED");
  expect(row.outcome).toBeNull();
  expect(await prisma.dealEvent.count({ where: { dealId: deal.id } })).toBe(7);
});

test("closing as lost needs a coded reason (and a note for OTHER), from an open stage only", async () => {
  const { prisma, buyer, deal } = await setUp();
  const demander = await actorFor(prisma, buyer.id);
  await expect(transitionDeal(prisma, demander, deal.id, { to: "CLOSED_LOST" })).rejects.toMatchObject({ status: 422, field: "lostReason" });
  await expect(transitionDeal(prisma, demander, deal.id, { to: "CLOSED_LOST", lostReason: "OTHER" })).rejects.toMatchObject({ status: 422, field: "lostNote" });
  await transitionDeal(prisma, demander, deal.id, { to: "CLOSED_LOST", lostReason: "TIMING" });
  expect(await prisma.deal.findUniqueOrThrow({ where: { id: deal.id }, select: { stage: true, lostReason: true } })).toEqual({ stage: "CLOSED_LOST", lostReason: "TIMING" });
  await expect(transitionDeal(prisma, demander, deal.id, { to: "INTEREST_CONFIRMED" })).rejects.toMatchObject({ status: 409 });
});

test("a party cannot see or move another organization's deal; brokers see their agency's deals; the bureau sees all and moves none", async () => {
  const { prisma, outsideBroker, bureau, broker, colleague, deal } = await setUp();
  const strangerOrg = await createOrg(prisma, "ENTERPRISE");
  const stranger = await actorFor(prisma, (await createMember(prisma, strangerOrg.id, "ENTERPRISE")).id);
  const other = await actorFor(prisma, outsideBroker.id);
  for (const actor of [stranger, other]) {
    await expect(getDeal(prisma, actor, deal.id)).rejects.toMatchObject({ status: 404 });
    await expect(transitionDeal(prisma, actor, deal.id, { to: "INTEREST_CONFIRMED" })).rejects.toMatchObject({ status: 404 });
    expect((await listDeals(prisma, actor, { page: 1 })).total).toBe(0);
  }
  // the agency's other broker sees it and may move it
  const agencyBroker = await actorFor(prisma, broker.id);
  expect((await listDeals(prisma, agencyBroker, { page: 1 })).items.map((d) => d.id)).toEqual([deal.id]);
  expect((await getDeal(prisma, agencyBroker, deal.id)).sides).toEqual(["broker"]);
  const overseer = await actorFor(prisma, bureau.id);
  expect((await listDeals(prisma, overseer, { page: 1 })).total).toBe(1);
  const board = await dealBoard(prisma, overseer);
  expect(board.find((column) => column.stage === "INTRODUCED")?.count).toBe(1);
  expect((await getDeal(prisma, overseer, deal.id)).moves).toEqual([]);
  await expect(transitionDeal(prisma, overseer, deal.id, { to: "INTEREST_CONFIRMED" })).rejects.toMatchObject({ status: 403 });
  expect((await getDeal(prisma, await actorFor(prisma, colleague.id), deal.id)).moves.map((m) => m.to)).toEqual(["INTEREST_CONFIRMED", "CLOSED_LOST"]);
  expect(await prisma.dealEvent.count({ where: { dealId: deal.id } })).toBe(1);
});

test("commission rules: fixed fee, the rule in force at signing, an introducer from outside the agency, and no rule at all", async () => {
  const { prisma, university, enterprise, agency, otherAgency, broker, colleague, outsideBroker, deal } = await setUp();
  const admin = await actorFor(prisma, broker.id);
  // only the agency's org admin edits its rules, and the input is checked
  await expect(saveCommissionRule(prisma, await actorFor(prisma, colleague.id), agency.id, { kind: "FIXED", fixedWan: "5", introducerShare: "50" })).rejects.toMatchObject({ status: 403 });
  await expect(saveCommissionRule(prisma, await actorFor(prisma, outsideBroker.id), agency.id, { kind: "FIXED", fixedWan: "5", introducerShare: "50" })).rejects.toMatchObject({ status: 403 });
  await expect(saveCommissionRule(prisma, admin, agency.id, { kind: "PERCENT", percent: "", introducerShare: "50" })).rejects.toMatchObject({ status: 422, field: "percent" });
  await expect(saveCommissionRule(prisma, admin, agency.id, { kind: "FIXED", fixedWan: "5", introducerShare: "150" })).rejects.toMatchObject({ status: 422, field: "introducerShare" });
  await saveCommissionRule(prisma, admin, agency.id, { kind: "PERCENT", percent: "10", introducerShare: "50" }, { now: new Date(Date.now() - 10 * DAY) });
  await saveCommissionRule(prisma, admin, agency.id, { kind: "FIXED", fixedWan: "6.66", introducerShare: "33.3" }, { now: new Date(Date.now() - 5 * DAY) });
  // signed eight days ago: the 10 % rule was in force
  await toNegotiation(prisma, deal.id, colleague.id);
  const follower = await actorFor(prisma, colleague.id);
  await transitionDeal(prisma, follower, deal.id, { to: "CONTRACT_SIGNED", contractType: "TRANSFER", contractAmountWan: "33.33", contractSignedAt: today(new Date(Date.now() - 8 * DAY)) });
  const first = await prisma.commission.findFirstOrThrow({ where: { dealId: deal.id } });
  expect(first.amountWan.toFixed(2)).toBe("3.33");
  expect(first.splits).toEqual([
    { userId: broker.id, role: "introducer", share: 0.5, amountWan: "1.67" },
    { userId: colleague.id, role: "follower", share: 0.5, amountWan: "1.66" },
  ]);
  // signed today: the fixed fee; the introducer is another agency's broker, so the follower takes the share
  const second = await createDeal(prisma, { origin: "manual", title: "第二项", supplierOrgId: university.id, demandOrgId: enterprise.id, brokerOrgId: agency.id, brokerUserId: colleague.id, introducedById: outsideBroker.id, actorId: colleague.id });
  expect(second.reference).toMatch(/-00002$/);
  await toNegotiation(prisma, second.id, colleague.id);
  await transitionDeal(prisma, follower, second.id, { to: "CONTRACT_SIGNED", contractType: "SERVICE", contractAmountWan: "1000", contractSignedAt: today() });
  const fixed = await prisma.commission.findFirstOrThrow({ where: { dealId: second.id } });
  expect(fixed.amountWan.toFixed(2)).toBe("6.66");
  expect(fixed.splits).toEqual([{ userId: colleague.id, role: "introducer", share: 1, amountWan: "6.66" }]);
  // the ledger and its export show both, to the agency only
  const ledger = await commissionLedger(prisma, admin, 1);
  expect(ledger).toMatchObject({ total: 2, totalWan: "9.99" });
  await expect(commissionLedger(prisma, await actorFor(prisma, outsideBroker.id), 1)).resolves.toMatchObject({ total: 0 });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Uint8Array.from(await exportLedger(prisma, admin, getTranslator("zh-CN"))).buffer);
  expect(workbook.worksheets[0]?.rowCount).toBe(1 + 2 + 1);
  // an agency without a rule computes nothing
  const bare = await createDeal(prisma, { origin: "manual", title: "第三项", supplierOrgId: university.id, demandOrgId: enterprise.id, brokerOrgId: otherAgency.id, brokerUserId: outsideBroker.id, introducedById: outsideBroker.id, actorId: null });
  await toNegotiation(prisma, bare.id, outsideBroker.id);
  const signed = await transitionDeal(prisma, await actorFor(prisma, outsideBroker.id), bare.id, { to: "CONTRACT_SIGNED", contractType: "SERVICE", contractAmountWan: "10", contractSignedAt: today() });
  expect(signed.commission).toBeNull();
  expect(await prisma.commission.count({ where: { dealId: bare.id } })).toBe(0);
});

test("a stalled deal reminds its broker once per period; a move resets the clock", async () => {
  const { prisma, colleague, buyer, deal } = await setUp();
  const start = new Date();
  expect(await remindStalledDeals(prisma, { now: new Date(start.getTime() + 13 * DAY), days: 14 })).toEqual([]);
  expect(await remindStalledDeals(prisma, { now: new Date(start.getTime() + 15 * DAY), days: 14 })).toEqual([deal.id]);
  expect(await remindStalledDeals(prisma, { now: new Date(start.getTime() + 20 * DAY), days: 14 })).toEqual([]);
  expect(await remindStalledDeals(prisma, { now: new Date(start.getTime() + 30 * DAY), days: 14 })).toEqual([deal.id]);
  const reminders = await prisma.notification.findMany({ where: { userId: colleague.id, topic: "deal.stalled" } });
  expect(reminders).toHaveLength(2);
  expect(reminders[0]?.data).toMatchObject({ reference: deal.reference, stage: "INTRODUCED" });
  await transitionDeal(prisma, await actorFor(prisma, buyer.id), deal.id, { to: "INTEREST_CONFIRMED" });
  const moved = new Date();
  expect(await remindStalledDeals(prisma, { now: new Date(moved.getTime() + 13 * DAY), days: 14 })).toEqual([]);
  expect(await remindStalledDeals(prisma, { now: new Date(moved.getTime() + 15 * DAY), days: 14 })).toEqual([deal.id]);
});

test("createDeal for an expression of interest is idempotent and refuses a deal with itself", async () => {
  const { prisma, university, enterprise, buyer } = await setUp();
  const interest = await prisma.interest.create({ data: { listingKind: "achievement", listingId: "a1", fromOrgId: enterprise.id, fromUserId: buyer.id, toOrgId: university.id } });
  const input = { origin: "interest" as const, title: "意向", supplierOrgId: university.id, demandOrgId: enterprise.id, interestId: interest.id, actorId: buyer.id };
  const first = await createDeal(prisma, input);
  const again = await createDeal(prisma, input);
  expect(first.created).toBe(true);
  expect(again).toEqual({ id: first.id, reference: first.reference, created: false });
  await expect(createDeal(prisma, { ...input, interestId: null, demandOrgId: university.id })).rejects.toMatchObject({ status: 422 });
});

test("a broker's introduction writes the match decision and the deal together, or neither", async () => {
  const { prisma, enterprise, broker } = await setUp();
  const actor = await actorFor(prisma, broker.id);
  const need = await createNeed(prisma, enterprise.id);
  // The enterprise's own achievement: a deal would have the same organization on both sides, which is refused.
  const own = await createAchievement(prisma, enterprise.id);
  await expect(introduceMatch(prisma, actor, need.id, { candidateId: own.id })).rejects.toMatchObject({ status: 422, messageKey: "deal.error.sameParty" });
  expect(await prisma.matchDecision.count({ where: { sourceId: need.id } })).toBe(0);
  expect(await prisma.auditEvent.count({ where: { action: "match.accept", actorId: broker.id } })).toBe(0);

  const other = await createAchievement(prisma, (await createOrg(prisma, "UNIVERSITY")).id);
  const deal = await introduceMatch(prisma, actor, need.id, { candidateId: other.id, note: "推荐对接" });
  const decision = await prisma.matchDecision.findFirstOrThrow({ where: { sourceId: need.id, candidateId: other.id } });
  expect(decision).toMatchObject({ decision: "ACCEPT", byBroker: true, note: "推荐对接" });
  expect(await prisma.deal.findUniqueOrThrow({ where: { id: deal.id }, select: { matchDecisionId: true } })).toEqual({ matchDecisionId: decision.id });
});
