import { afterAll, beforeAll, expect, test } from "vitest";
import type { Actor } from "~/domain/accounts/accounts.server";
import type { OrgKindName, RoleName } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { actorFor, createMember, createOrg } from "../../../tests/helpers/factories";
import { type ApplicationInput, applicationInputSchema } from "./application-input";
import {
  assignReviewer,
  awardApplications,
  challengeBoard,
  declareConflict,
  EligibilityError,
  formalReview,
  raiseObjection,
  recordAcceptance,
  recordMidTermReview,
  resolveObjection,
  saveApplication,
  scoreApplication,
  shortlistApplications,
  submitApplication,
  taskBooks,
  withdrawApplication,
} from "./applications.server";
import { challengeInputSchema } from "./challenge-input";
import { createChallenge, transitionChallenge } from "./challenges.server";

let database: TestDatabase;
let issuer: Actor;
let broker: Actor;
let broker2: Actor;
let expert: Actor;
let outsider: Actor;

const day = 86_400_000;
const ymd = (offsetDays: number) => new Date(Date.now() + offsetDays * day + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  issuer = await actorFor(db, (await createMember(db, (await createOrg(db, "ENTERPRISE")).id, "ENTERPRISE")).id);
  const agency = await createOrg(db, "BROKER_AGENCY");
  broker = await actorFor(db, (await createMember(db, agency.id, "BROKER")).id);
  broker2 = await actorFor(db, (await createMember(db, agency.id, "BROKER")).id);
  // An expert from a university carries the reviewer flag.
  const expertUser = await createMember(db, (await createOrg(db, "UNIVERSITY")).id, "RESEARCHER");
  await db.expertReviewer.create({ data: { userId: expertUser.id, fields: ["新能源"] } });
  expert = await actorFor(db, expertUser.id);
  outsider = await actorFor(db, (await createMember(db, (await createOrg(db, "ENTERPRISE")).id, "ENTERPRISE")).id);
});
afterAll(async () => {
  await database?.dispose();
});

async function applicantOf(kind: OrgKindName, role: RoleName = kind === "ENTERPRISE" ? "ENTERPRISE" : "TTO") {
  const db = database.prisma;
  const org = await createOrg(db, kind);
  const user = await createMember(db, org.id, role);
  return { orgId: org.id, actor: await actorFor(db, user.id) };
}

async function publishedChallenge(overrides: Record<string, unknown> = {}) {
  const db = database.prisma;
  const input = challengeInputSchema.parse({
    direction: "新能源",
    title: `钙钛矿叠层电池稳定性攻关-${Math.random().toString(36).slice(2, 7)}`,
    indicators: [
      { name: "湿热老化后效率保持率", target: "≥ 90", unit: "%", verification: "IEC 61215 第三方检测" },
      { name: "组件效率", target: "≥ 26", unit: "%", verification: "第三方检测" },
    ],
    deadline: ymd(400),
    fundingWan: "800",
    targetMaturity: "PILOT",
    eligibleOrgKinds: ["UNIVERSITY", "INSTITUTE"],
    maxConsortiumMembers: "2",
    maxApplicationsPerOrg: "1",
    evaluationMode: "RACE",
    applicationOpensAt: ymd(-1),
    applicationClosesAt: ymd(30),
    ...overrides,
  });
  const { id } = await createChallenge(db, issuer, input);
  await transitionChallenge(db, issuer, id, "submit");
  await transitionChallenge(db, broker, id, "startReview");
  await transitionChallenge(db, broker, id, "publish");
  return id;
}

function plan(overrides: Record<string, unknown> = {}): ApplicationInput {
  return applicationInputSchema.parse({
    consortium: [{ orgName: "苏州某新能源有限公司", orgKind: "ENTERPRISE", role: "中试线与组件封装" }],
    consortiumAgreement: "on",
    piName: "张教授",
    piTitle: "教授",
    piEmail: "pi@example.com",
    summary: "界面钝化 + 封装双路线。",
    indicators: [
      { indicator: "湿热老化后效率保持率", approach: "二维/三维异质结钝化与原子层沉积封装" },
      { indicator: "组件效率", approach: "宽带隙顶电池组分工程" },
    ],
    subTasks: [
      { title: "材料与界面", months: "6", milestone: "小面积器件效率 ≥ 27 %" },
      { title: "组件与封装", months: "12", milestone: "组件通过 IEC 湿热 1000 h" },
    ],
    requestedWan: "300",
    selfFundedWan: "300",
    integrityPledge: "on",
    ...overrides,
  });
}

async function expectDomainError(promise: Promise<unknown>, key: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).messageKey).toBe(key);
  return error as DomainError;
}

test("揭榜挂帅 from application to acceptance: eligibility, formal review, COI, scores, shortlist, award, 公示 objections, task book, 赛马 merge, acceptance, close", async () => {
  const db = database.prisma;
  const challengeId = await publishedChallenge();
  const [a, b, c, d, e, f, g, h] = await Promise.all([
    applicantOf("UNIVERSITY"),
    applicantOf("UNIVERSITY", "RESEARCHER"),
    applicantOf("INSTITUTE"),
    applicantOf("UNIVERSITY"),
    applicantOf("ENTERPRISE"),
    applicantOf("INSTITUTE"),
    applicantOf("UNIVERSITY"),
    applicantOf("INSTITUTE"),
  ]);

  // The issuer cannot apply to its own challenge.
  await expectDomainError(saveApplication(db, issuer, challengeId, plan()), "error.forbidden.body");
  // A draft that breaks two rules is refused at submission with both rules named; nothing changes.
  const appA = await saveApplication(db, a.actor, challengeId, plan({ selfFundedWan: "100", indicators: [{ indicator: "组件效率", approach: "宽带隙顶电池" }] }));
  const refusal = await expectDomainError(submitApplication(db, a.actor, appA.id), "application.notEligible");
  expect((refusal as EligibilityError).rules).toEqual(["INDICATORS", "FUNDING_RATIO"]);
  expect((await db.challengeApplication.findUniqueOrThrow({ where: { id: appA.id } })).status).toBe("DRAFT");
  // Another organization cannot touch it.
  await expectDomainError(submitApplication(db, b.actor, appA.id), "error.forbidden.body");
  await saveApplication(db, a.actor, challengeId, plan(), appA.id);
  await submitApplication(db, a.actor, appA.id);
  // One application per organization.
  const second = await saveApplication(db, a.actor, challengeId, plan());
  expect(((await expectDomainError(submitApplication(db, a.actor, second.id), "application.notEligible")) as EligibilityError).rules).toEqual(["MAX_APPLICATIONS"]);
  await withdrawApplication(db, a.actor, second.id);

  const ids: Record<string, string> = { a: appA.id };
  for (const [key, who] of Object.entries({ b, c, f, g, h })) {
    ids[key] = (await saveApplication(db, who.actor, challengeId, plan())).id;
    await submitApplication(db, who.actor, ids[key] as string);
  }
  // D keeps a draft; E (an enterprise) is not an eligible kind and a consortium without agreement.
  ids.d = (await saveApplication(db, d.actor, challengeId, plan())).id;
  ids.e = (await saveApplication(db, e.actor, challengeId, plan({ consortiumAgreement: "" })).then((r) => r.id));
  expect(((await expectDomainError(submitApplication(db, e.actor, ids.e), "application.notEligible")) as EligibilityError).rules).toEqual(["ORG_KIND", "CONSORTIUM_AGREEMENT"]);

  // 形式审查: only brokers; C fails with a coded reason.
  await expectDomainError(formalReview(db, a.actor, ids.b as string, { pass: true }), "error.forbidden.body");
  for (const key of ["a", "b", "f", "g", "h"]) await formalReview(db, broker, ids[key] as string, { pass: true });
  await formalReview(db, broker, ids.c as string, { pass: false, reasonCode: "DOCUMENTS", note: "缺少联合体协议原件" });
  expect(await db.challengeApplication.findUniqueOrThrow({ where: { id: ids.c as string }, select: { status: true, outcomeCode: true } })).toEqual({ status: "INELIGIBLE", outcomeCode: "INELIGIBLE_DOCUMENTS" });

  await transitionChallenge(db, broker, challengeId, "closeApplications");
  expect((await db.challengeApplication.findUniqueOrThrow({ where: { id: ids.d as string } })).outcomeCode).toBe("NOT_SUBMITTED");
  await transitionChallenge(db, broker, challengeId, "startExpertReview");

  // Reviewers: brokers and flagged experts only.
  await expectDomainError(assignReviewer(db, broker, challengeId, outsider.id), "application.notAReviewer");
  await assignReviewer(db, broker, challengeId, broker2.id);
  await assignReviewer(db, broker, challengeId, expert.id);
  // An unassigned user cannot declare or score.
  await expectDomainError(declareConflict(db, outsider, ids.a as string, { conflicted: false }), "error.forbidden.body");

  const full = { approach: 90, feasibility: 80, team: 70, budget: 60 };
  // Scoring before the declaration is refused; a conflicted reviewer can never score that application.
  await expectDomainError(scoreApplication(db, expert, ids.a as string, full), "application.declareFirst");
  await declareConflict(db, expert, ids.a as string, { conflicted: true, note: "曾与该团队合作发表论文" });
  await expectDomainError(scoreApplication(db, expert, ids.a as string, full), "application.conflicted");
  await expectDomainError(declareConflict(db, expert, ids.a as string, { conflicted: false }), "application.alreadyDeclared");
  expect(await db.applicationReview.findFirstOrThrow({ where: { applicationId: ids.a as string, reviewerId: expert.id } })).toMatchObject({ conflicted: true, total: null });

  const scoresOf: Record<string, [number, number | null]> = { a: [90, null], b: [70, 90], f: [60, 80], h: [50, 70] };
  for (const [key, [s1, s2]] of Object.entries(scoresOf)) {
    const id = ids[key] as string;
    await declareConflict(db, broker2, id, { conflicted: false });
    await scoreApplication(db, broker2, id, { approach: s1, feasibility: s1, team: s1, budget: s1 });
    if (s2 !== null) {
      await declareConflict(db, expert, id, { conflicted: false });
      await scoreApplication(db, expert, id, { approach: s2, feasibility: s2, team: s2, budget: s2 });
    }
  }
  await expectDomainError(scoreApplication(db, broker2, ids.g as string, { approach: 101, feasibility: 1, team: 1, budget: 1 }), "application.declareFirst");

  const board = await challengeBoard(db, broker, challengeId);
  const rowB = board?.applications.find((r) => r.id === ids.b);
  expect(rowB?.aggregate).toMatchObject({ count: 2, mean: 80, spread: 20 });
  expect(board?.applications.find((r) => r.id === ids.a)).toMatchObject({ conflicts: 1, aggregate: { count: 1, mean: 90 } });
  expect(board?.applications
      .filter((r) => r.rank !== null)
      .sort((x, y) => (x.rank ?? 0) - (y.rank ?? 0))
      .map((r) => [r.id, r.rank])).toEqual([
    [ids.a, 1],
    [ids.b, 2],
    [ids.f, 3],
    [ids.h, 4],
    [ids.g, 5],
  ]);

  // Shortlist ≤ 5 from qualified ones; then award 1–3 leads (赛马).
  await expectDomainError(shortlistApplications(db, broker, challengeId, [ids.a as string, ids.c as string]), "application.notQualified");
  await expectDomainError(transitionChallenge(db, broker, challengeId, "shortlist"), "application.shortlistSize");
  await shortlistApplications(db, broker, challengeId, [ids.a, ids.b, ids.f, ids.h] as string[]);
  expect((await db.challengeApplication.findUniqueOrThrow({ where: { id: ids.g as string } })).outcomeCode).toBe("NOT_SHORTLISTED");
  expect((await db.challengeApplication.findUniqueOrThrow({ where: { id: ids.a as string } })).finalScore).toBe(90);
  await expectDomainError(awardApplications(db, broker, challengeId, [ids.a, ids.b, ids.f, ids.h] as string[]), "application.awardSize");
  const awardedAt = new Date();
  await awardApplications(db, broker, challengeId, [ids.a, ids.b, ids.f] as string[], awardedAt);
  expect((await db.challengeApplication.findUniqueOrThrow({ where: { id: ids.h as string } })).outcomeCode).toBe("SHORTLISTED_NOT_AWARDED");
  const notice = await db.challenge.findUniqueOrThrow({ where: { id: challengeId }, select: { status: true, publicNoticeEndsAt: true } });
  expect(notice.status).toBe("PUBLIC_NOTICE");
  const noticeEnds = notice.publicNoticeEndsAt as Date;

  // 公示: anyone signed in objects; upheld withdraws the award, rejected lets it stand.
  await expectDomainError(raiseObjection(db, outsider, challengeId, ids.h as string, "该单位并未挂帅，但材料有问题。"), "application.notAwarded");
  await raiseObjection(db, outsider, challengeId, ids.b as string, "项目负责人同期承担同类国家项目，存在重复申报。");
  await raiseObjection(db, issuer, challengeId, ids.a as string, "联合体成员资质存疑，请核查营业执照。");
  await expectDomainError(raiseObjection(db, outsider, challengeId, ids.a as string, "公示期结束后才提出的异议。", new Date(noticeEnds.getTime() + 1)), "application.noticeOver");
  const [againstB, againstA] = await db.challengeObjection.findMany({ where: { challengeId }, orderBy: { createdAt: "asc" } });
  await expectDomainError(transitionChallenge(db, broker, challengeId, "confirmAward", { now: new Date(noticeEnds.getTime() + 1) }), "application.objectionsOpen");
  await expectDomainError(resolveObjection(db, outsider, againstB?.id as string, true, "x"), "error.forbidden.body");
  await resolveObjection(db, broker, againstB?.id as string, true, "经核查，确属重复申报。");
  await resolveObjection(db, broker, againstA?.id as string, false, "经核查，资质齐全。");
  await expectDomainError(resolveObjection(db, broker, againstA?.id as string, true, "再次处理"), "application.objectionResolved");
  expect(await db.challengeApplication.findUniqueOrThrow({ where: { id: ids.b as string }, select: { status: true, outcomeCode: true } })).toEqual({ status: "NOT_SELECTED", outcomeCode: "AWARD_WITHDRAWN" });
  expect((await db.challengeApplication.findUniqueOrThrow({ where: { id: ids.a as string } })).status).toBe("AWARDED");

  // The task book comes only after the notice period.
  await expectDomainError(transitionChallenge(db, broker, challengeId, "confirmAward", { now: new Date(noticeEnds.getTime() - 1000) }), "application.noticeRunning");
  await transitionChallenge(db, broker, challengeId, "confirmAward", { now: new Date(noticeEnds.getTime() + 1) });
  const books = await taskBooks(db, challengeId);
  expect(books?.books.map((book) => book.id).sort()).toEqual([ids.a, ids.f].sort());
  const bookA = books?.books.find((book) => book.id === ids.a);
  expect(bookA?.taskBook.indicators.map((i) => i.name)).toEqual(["湿热老化后效率保持率", "组件效率"]);
  expect(bookA?.milestones.map((m) => [m.title, m.tranche])).toEqual([
    ["材料与界面", 0.3],
    ["组件与封装", 0.35],
    ["验收", 0.35],
  ]);
  expect(bookA?.taskBook.milestones[0]?.trancheWan).toBe(90);

  // 赛马 mid-term review: A continues, F merges into A.
  const milestoneA = bookA?.milestones[0]?.id as string;
  const milestoneF = books?.books.find((book) => book.id === ids.f)?.milestones[0]?.id as string;
  await recordMidTermReview(db, broker, milestoneA, { passed: true, decision: "continue", evidence: "第三方检测报告 No.2026-118" });
  await expectDomainError(recordMidTermReview(db, broker, milestoneA, { passed: true, decision: "continue", evidence: "重复" }), "application.milestoneDone");
  await expectDomainError(recordMidTermReview(db, broker, milestoneF, { passed: false, decision: "merge", evidence: "进度落后", mergeIntoApplicationId: ids.f }), "application.mergeTarget");
  await recordMidTermReview(db, broker, milestoneF, { passed: false, decision: "merge", evidence: "进度落后，团队并入 A", mergeIntoApplicationId: ids.a });
  expect(await db.challengeApplication.findUniqueOrThrow({ where: { id: ids.f as string }, select: { status: true, outcomeCode: true } })).toEqual({ status: "TERMINATED", outcomeCode: "MERGED" });

  await transitionChallenge(db, issuer, challengeId, "startAcceptance");
  await expectDomainError(transitionChallenge(db, broker, challengeId, "close"), "application.acceptancePending");
  await expectDomainError(recordAcceptance(db, broker, ids.a as string, [{ indicator: "组件效率", achieved: "26.4 %", passed: true }]), "application.acceptanceIncomplete");
  await recordAcceptance(db, broker, ids.a as string, [
    { indicator: "湿热老化后效率保持率", achieved: "92.1 %", passed: true },
    { indicator: "组件效率", achieved: "26.4 %", passed: true },
  ]);
  await transitionChallenge(db, broker, challengeId, "close");

  // Every applicant has a coded outcome, and each lead organization was notified of it.
  const apps = await db.challengeApplication.findMany({ where: { challengeId }, select: { id: true, leadOrgId: true, outcomeCode: true } });
  expect(apps.length).toBe(9);
  expect(apps.filter((app) => app.outcomeCode === null)).toEqual([]);
  expect(Object.fromEntries(apps.map((app) => [app.id, app.outcomeCode]))).toMatchObject({
    [ids.a as string]: "ACCEPTED",
    [ids.b as string]: "AWARD_WITHDRAWN",
    [ids.c as string]: "INELIGIBLE_DOCUMENTS",
    [ids.d as string]: "NOT_SUBMITTED",
    [ids.e as string]: "NOT_SUBMITTED",
    [ids.f as string]: "MERGED",
    [ids.g as string]: "NOT_SHORTLISTED",
    [ids.h as string]: "SHORTLISTED_NOT_AWARDED",
    [second.id]: "WITHDRAWN",
  });
  for (const app of apps.filter((x) => x.id !== second.id)) {
    const members = await db.membership.findMany({ where: { organizationId: app.leadOrgId }, select: { userId: true } });
    const notes = await db.notification.findMany({ where: { userId: { in: members.map((m) => m.userId) }, topic: "application.outcome", entityId: app.id } });
    expect(notes.map((n) => (n.data as { outcome: string }).outcome)).toContain(app.outcomeCode);
  }
  // Every step audited.
  const actions = new Set((await db.auditEvent.findMany({ where: { OR: [{ entityId: { in: apps.map((x) => x.id) } }, { entityId: challengeId }] }, select: { action: true } })).map((x) => x.action));
  for (const action of ["application.created", "application.submit", "application.qualify", "application.disqualify", "application.conflictDeclared", "application.scored", "application.shortlist", "application.award", "application.withdrawAward", "application.taskBookGenerated", "application.terminate", "application.outcome", "challenge.reviewerAssigned", "challenge.close"]) {
    expect(actions).toContain(action);
  }
});

test("cancelling a challenge answers every open application with CHALLENGE_CANCELLED; a bid room must close before the shortlist and its ranking is combined", async () => {
  const db = database.prisma;
  const challengeId = await publishedChallenge({ evaluationMode: "PROPOSAL", maxConsortiumMembers: "4" });
  const [a, b, c, d] = await Promise.all([applicantOf("UNIVERSITY"), applicantOf("UNIVERSITY"), applicantOf("INSTITUTE"), applicantOf("INSTITUTE")]);
  const draft = await saveApplication(db, a.actor, challengeId, plan());
  const submitted = await saveApplication(db, b.actor, challengeId, plan());
  await submitApplication(db, b.actor, submitted.id);
  const qualified = await saveApplication(db, c.actor, challengeId, plan());
  await submitApplication(db, c.actor, qualified.id);
  await formalReview(db, broker, qualified.id, { pass: true });
  const withdrawn = await saveApplication(db, d.actor, challengeId, plan());
  await submitApplication(db, d.actor, withdrawn.id);
  await withdrawApplication(db, d.actor, withdrawn.id);

  await transitionChallenge(db, issuer, challengeId, "cancel", { reason: "企业战略调整" });
  const apps = await db.challengeApplication.findMany({ where: { challengeId }, select: { id: true, outcomeCode: true, leadOrgId: true } });
  expect(Object.fromEntries(apps.map((x) => [x.id, x.outcomeCode]))).toEqual({
    [draft.id]: "CHALLENGE_CANCELLED",
    [submitted.id]: "CHALLENGE_CANCELLED",
    [qualified.id]: "CHALLENGE_CANCELLED",
    [withdrawn.id]: "WITHDRAWN",
  });
  for (const app of apps.filter((x) => x.id !== withdrawn.id)) {
    const members = await db.membership.findMany({ where: { organizationId: app.leadOrgId }, select: { userId: true } });
    expect(await db.notification.count({ where: { userId: { in: members.map((m) => m.userId) }, topic: "application.outcome", entityId: app.id } })).toBe(1);
  }

  // Bid-room seam: a second challenge reaches BIDDING; its room must be CLOSED before the shortlist.
  const other = await publishedChallenge({ evaluationMode: "PROPOSAL", maxConsortiumMembers: "4" });
  const one = await saveApplication(db, a.actor, other, plan());
  await submitApplication(db, a.actor, one.id);
  const two = await saveApplication(db, b.actor, other, plan());
  await submitApplication(db, b.actor, two.id);
  await expectDomainError(transitionChallenge(db, broker, other, "startExpertReview"), "challenge.wrongStatus");
  await transitionChallenge(db, broker, other, "closeApplications");
  await expectDomainError(transitionChallenge(db, broker, other, "startExpertReview"), "application.formalReviewPending");
  await formalReview(db, broker, one.id, { pass: true });
  await formalReview(db, broker, two.id, { pass: true });
  await transitionChallenge(db, broker, other, "startExpertReview");
  await assignReviewer(db, broker, other, broker2.id);
  for (const [id, s] of [[one.id, 80], [two.id, 70]] as const) {
    await declareConflict(db, broker2, id, { conflicted: false });
    await scoreApplication(db, broker2, id, { approach: s, feasibility: s, team: s, budget: s });
  }
  await transitionChallenge(db, broker, other, "openBidding");
  const room = await db.bidRoom.create({
    data: { kind: "CHALLENGE", title: "竞标", hostOrgId: a.orgId, config: {}, status: "OPEN", opensAt: new Date(), closesAt: new Date(Date.now() + day) },
  });
  await db.challenge.update({ where: { id: other }, data: { bidRoomId: room.id } });
  await expectDomainError(shortlistApplications(db, broker, other, [one.id]), "application.bidRoomOpen");
  await db.bidRoom.update({ where: { id: room.id }, data: { status: "CLOSED", result: { ranking: [{ organizationId: b.orgId, score: 60 }, { organizationId: a.orgId, score: 30 }] } } });
  await shortlistApplications(db, broker, other, [one.id, two.id]);
  const scored = await db.challengeApplication.findMany({ where: { challengeId: other }, select: { id: true, expertScore: true, bidScore: true, finalScore: true } });
  expect(scored.find((x) => x.id === one.id)).toMatchObject({ expertScore: 80, bidScore: 50, finalScore: 68 });
  expect(scored.find((x) => x.id === two.id)).toMatchObject({ expertScore: 70, bidScore: 100, finalScore: 82 });
  // PROPOSAL mode awards exactly one lead.
  await expectDomainError(awardApplications(db, broker, other, [one.id, two.id]), "application.awardSize");
});
