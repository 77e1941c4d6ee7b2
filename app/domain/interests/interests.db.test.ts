import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "~/domain/accounts/accounts.server";
import { DomainError } from "~/domain/errors";
import type { PrismaClient } from "~/generated/prisma/client";
import { createTestDatabase, type TestDatabase } from "../../../tests/helpers/database";
import { actorFor, createAchievement, createMember, createNeed, createOrg } from "../../../tests/helpers/factories";
import { answerInterest, consentToContact, expressInterest, getInterestForActor, listInbox } from "./interests.server";
import { responseStats } from "./org-profile.server";

let database: TestDatabase;
let db: PrismaClient;
let owner: { id: string };
let tto: Actor;
let researcher: Actor;
let enterprise: Actor;
let enterpriseColleague: Actor;
let otherEnterprise: Actor;
let unverified: Actor;
let stranger: Actor;

async function rejects(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.prisma;
  owner = await createOrg(db, "UNIVERSITY");
  tto = await actorFor(db, (await createMember(db, owner.id, "TTO")).id);
  researcher = await actorFor(db, (await createMember(db, owner.id, "RESEARCHER")).id);
  const enterpriseOrg = await createOrg(db, "ENTERPRISE");
  enterprise = await actorFor(db, (await createMember(db, enterpriseOrg.id, "ENTERPRISE")).id);
  enterpriseColleague = await actorFor(db, (await createMember(db, enterpriseOrg.id, "ENTERPRISE")).id);
  otherEnterprise = await actorFor(db, (await createMember(db, (await createOrg(db, "ENTERPRISE")).id, "ENTERPRISE")).id);
  unverified = await actorFor(db, (await createMember(db, (await createOrg(db, "ENTERPRISE", { verified: false })).id, "ENTERPRISE")).id);
  stranger = await actorFor(db, (await createMember(db, (await createOrg(db, "INSTITUTE")).id, "TTO")).id);
});
afterAll(async () => {
  await database?.dispose();
});

describe("expressing interest", () => {
  test("one per organization and listing; only verified organizations other than the owner; published listings only", async () => {
    const achievement = await createAchievement(db, owner.id);
    const interest = await expressInterest(db, enterprise, { listingKind: "achievement", listingId: achievement.id, message: "我们想了解许可条件" });
    expect(interest.toOrgId).toBe(owner.id);
    // The owner's members are notified; the audit trail has the expression.
    expect(await db.notification.count({ where: { userId: tto.id, topic: "interest.received", entityId: interest.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "interest.express", entityId: interest.id } })).toBe(1);

    expect((await rejects(expressInterest(db, enterpriseColleague, { listingKind: "achievement", listingId: achievement.id, message: "再次表达" }))).status).toBe(409);
    expect((await rejects(expressInterest(db, unverified, { listingKind: "achievement", listingId: achievement.id, message: "未认证" }))).messageKey).toBe("interest.error.verifiedOnly");
    expect((await rejects(expressInterest(db, researcher, { listingKind: "achievement", listingId: achievement.id, message: "自己的" }))).messageKey).toBe("interest.error.ownListing");
    const draft = await createAchievement(db, owner.id, { status: "DRAFT", publishedAt: null });
    expect((await rejects(expressInterest(db, otherEnterprise, { listingKind: "achievement", listingId: draft.id, message: "草稿" }))).status).toBe(404);
    expect(await db.interest.count({ where: { listingId: achievement.id } })).toBe(1);
  });

  test("two members of one organization racing: exactly one interest is stored", async () => {
    const achievement = await createAchievement(db, owner.id);
    const results = await Promise.allSettled([
      expressInterest(db, enterprise, { listingKind: "achievement", listingId: achievement.id, message: "甲" }),
      expressInterest(db, enterpriseColleague, { listingKind: "achievement", listingId: achievement.id, message: "乙" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" ? (rejected.reason as DomainError).status : null).toBe(409);
    expect(await db.interest.count({ where: { listingId: achievement.id } })).toBe(1);
  });
});

describe("answering", () => {
  test("coded answers: the owner answers once, OTHER needs a note, the interested side cannot answer, strangers see nothing", async () => {
    const achievement = await createAchievement(db, owner.id);
    const interest = await expressInterest(db, enterprise, { listingKind: "achievement", listingId: achievement.id, message: "想合作" });
    expect((await rejects(answerInterest(db, stranger, interest.id, { code: "PRICE", note: "" }))).status).toBe(404);
    expect((await rejects(answerInterest(db, enterprise, interest.id, { code: "PRICE", note: "" }))).status).toBe(403);
    const noNote = await rejects(answerInterest(db, tto, interest.id, { code: "OTHER", note: "" }));
    expect([noNote.status, noNote.field]).toEqual([422, "note"]);
    expect((await db.interest.findUniqueOrThrow({ where: { id: interest.id } })).respondedAt).toBeNull();

    const answered = await answerInterest(db, researcher, interest.id, { code: "OTHER", note: "已转交课题组" });
    expect(answered.code).toBe("OTHER");
    const row = await db.interest.findUniqueOrThrow({ where: { id: interest.id } });
    expect([row.responseCode, row.responseNote, row.respondedById]).toEqual(["OTHER", "已转交课题组", researcher.id]);
    expect((await rejects(answerInterest(db, tto, interest.id, { code: "PROCEED", note: "" }))).status).toBe(409);
    expect(await db.auditEvent.count({ where: { action: "interest.answer", entityId: interest.id } })).toBe(1);
    const notice = await db.notification.findFirstOrThrow({ where: { userId: enterprise.id, topic: "interest.answered", entityId: interest.id } });
    expect(notice.data).toMatchObject({ code: "OTHER", note: "已转交课题组" });
    expect(await getInterestForActor(db, stranger, interest.id)).toBeNull();
  });

  test("PROCEED on a need opens one deal: the interested organization supplies, the need's owner demands", async () => {
    const needOrgId = (await db.membership.findFirstOrThrow({ where: { userId: enterprise.id } })).organizationId;
    const need = await createNeed(db, needOrgId);
    const interest = await expressInterest(db, tto, { listingKind: "need", listingId: need.id, message: "我们有相关成果" });
    const answered = await answerInterest(db, enterprise, interest.id, { code: "PROCEED", note: "" });
    expect(answered.dealId).toEqual(expect.any(String));
    const deal = await db.deal.findUniqueOrThrow({ where: { id: answered.dealId ?? "" } });
    expect(deal).toMatchObject({ origin: "interest", interestId: interest.id, needId: need.id, achievementId: null, supplierOrgId: interest.fromOrgId, demandOrgId: needOrgId, stage: "INTRODUCED" });
    expect((await db.interest.findUniqueOrThrow({ where: { id: interest.id } })).dealId).toBe(deal.id);
    expect(await db.dealEvent.count({ where: { dealId: deal.id, toStage: "INTRODUCED" } })).toBe(1);
    // a deal already open between the same organizations on the listing is reused, not doubled
    const again = await createNeed(db, needOrgId);
    const introduced = await db.deal.create({ data: { reference: `SX-T-${again.id.slice(-8)}`, title: "经纪人引荐", origin: "match", supplierOrgId: interest.fromOrgId, demandOrgId: needOrgId, needId: again.id } });
    const second = await expressInterest(db, tto, { listingKind: "need", listingId: again.id, message: "继续洽谈" });
    expect((await answerInterest(db, enterprise, second.id, { code: "PROCEED", note: "" })).dealId).toBe(introduced.id);
    expect(await db.deal.count({ where: { needId: again.id } })).toBe(1);
    // the other answers open none
    const other = await createNeed(db, needOrgId);
    const declined = await expressInterest(db, tto, { listingKind: "need", listingId: other.id, message: "再联系" });
    expect((await answerInterest(db, enterprise, declined.id, { code: "TIMING", note: "" })).dealId).toBeNull();
    expect(await db.deal.count({ where: { interestId: declined.id } })).toBe(0);
  });

  test("the received inbox lists unanswered interests first, oldest waiting on top, and paginates", async () => {
    const org = await createOrg(db, "INSTITUTE");
    const member = await actorFor(db, (await createMember(db, org.id, "TTO")).id);
    const senders = await Promise.all([0, 1, 2].map(async () => actorFor(db, (await createMember(db, (await createOrg(db, "ENTERPRISE")).id, "ENTERPRISE")).id)));
    const listing = await createAchievement(db, org.id);
    const ids: string[] = [];
    for (const sender of senders) ids.push((await expressInterest(db, sender, { listingKind: "achievement", listingId: listing.id, message: "你好" })).id);
    await db.interest.update({ where: { id: ids[0] }, data: { createdAt: new Date(Date.now() - 3 * 86_400_000) } });
    await db.interest.update({ where: { id: ids[1] }, data: { createdAt: new Date(Date.now() - 5 * 86_400_000) } });
    await answerInterest(db, member, ids[2] ?? "", { code: "TIMING", note: "" });
    const inbox = await listInbox(db, member, "received", 1);
    expect(inbox.rows.map((r) => r.id)).toEqual([ids[1], ids[0], ids[2]]);
    expect([inbox.total, inbox.unanswered]).toEqual([3, 2]);
    expect((await listInbox(db, member, "received", 2)).rows).toEqual([]);
    expect((await listInbox(db, senders[0] as Actor, "sent", 1)).rows.map((r) => r.id)).toEqual([ids[0]]);
  });
});

test("contact details stay hidden until both organizations agree", async () => {
  const achievement = await createAchievement(db, owner.id);
  const interest = await expressInterest(db, otherEnterprise, { listingKind: "achievement", listingId: achievement.id, message: "请联系" });
  await consentToContact(db, otherEnterprise, interest.id);
  expect((await getInterestForActor(db, otherEnterprise, interest.id))?.contacts).toBeNull();
  expect((await getInterestForActor(db, tto, interest.id))?.consent).toEqual({ mine: false, theirs: true });
  await expect(consentToContact(db, stranger, interest.id)).rejects.toBeInstanceOf(DomainError);
  await consentToContact(db, tto, interest.id);
  const seen = await getInterestForActor(db, otherEnterprise, interest.id);
  expect(seen?.contacts?.map((c) => c.email)).toEqual(expect.arrayContaining([tto.email, researcher.email]));
  expect((await getInterestForActor(db, tto, interest.id))?.contacts?.map((c) => c.email)).toEqual([otherEnterprise.email]);
});

test("response rate and median response time match a direct SQL computation (interests and challenge applications)", async () => {
  const org = await createOrg(db, "UNIVERSITY");
  const base = Date.UTC(2026, 0, 10);
  const hours = [5, 1, 30, 7, null, null, 2.5];
  for (const [index, h] of hours.entries()) {
    const from = await createOrg(db, "ENTERPRISE");
    const user = await createMember(db, from.id, "ENTERPRISE");
    const createdAt = new Date(base + index * 86_400_000);
    await db.interest.create({
      data: { listingKind: "achievement", listingId: `l-${index}`, fromOrgId: from.id, fromUserId: user.id, toOrgId: org.id, createdAt, respondedAt: h === null ? null : new Date(createdAt.getTime() + h * 3_600_000), responseCode: h === null ? null : "TIMING" },
    });
  }
  const challenge = await db.challenge.create({ data: { direction: "新能源", title: "测试榜单", issuerOrgId: org.id } });
  const lead = await createOrg(db, "UNIVERSITY");
  const applicant = await createMember(db, lead.id, "TTO");
  await db.challengeApplication.create({ data: { challengeId: challenge.id, leadOrgId: lead.id, createdById: applicant.id, status: "NOT_SELECTED", submittedAt: new Date(base), outcomeAt: new Date(base + 48 * 3_600_000), outcomeCode: "NOT_SELECTED" } });
  await db.challengeApplication.create({ data: { challengeId: challenge.id, leadOrgId: (await createOrg(db, "INSTITUTE")).id, createdById: applicant.id, status: "SUBMITTED", submittedAt: new Date(base) } });
  // A draft was never received.
  await db.challengeApplication.create({ data: { challengeId: challenge.id, leadOrgId: (await createOrg(db, "INSTITUTE")).id, createdById: applicant.id } });

  const stats = await responseStats(db, org.id);
  const [sql] = await db.$queryRawUnsafe<{ received: number; answered: number; median: number | null }[]>(
    `WITH items AS (
       SELECT "createdAt" AS arrived, "respondedAt" AS answered FROM "Interest" WHERE "toOrgId" = $1
       UNION ALL
       SELECT a."submittedAt", a."outcomeAt" FROM "ChallengeApplication" a JOIN "Challenge" c ON c.id = a."challengeId"
        WHERE c."issuerOrgId" = $1 AND a."submittedAt" IS NOT NULL)
     SELECT count(*)::int AS received, count(answered)::int AS answered,
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (answered - arrived)) / 3600)
              FILTER (WHERE answered IS NOT NULL))::float8 AS median
       FROM items`,
    org.id,
  );
  expect(stats.received).toBe(sql?.received);
  expect(stats.answered).toBe(sql?.answered);
  expect(stats.rate).toBeCloseTo((sql?.answered ?? 0) / (sql?.received ?? 1), 10);
  expect(stats.medianHours).toBeCloseTo(Number(sql?.median), 6);
  expect([stats.received, stats.answered]).toEqual([9, 6]);
  expect(await responseStats(db, (await createOrg(db)).id)).toEqual({ received: 0, answered: 0, rate: null, medianHours: null });
});
