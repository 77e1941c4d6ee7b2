import { afterAll, beforeAll, expect, test } from "vitest";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { actorFor, createMember, createOrg } from "../../../tests/helpers/factories";
import { achievementInputSchema, needInputSchema } from "./listing-input";
import { createAchievement, createNeed, expireListings, myListings, reviewQueue, saveAchievement, transitionListing } from "./listing-writes.server";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.dispose();
});

async function setup() {
  const db = database.prisma;
  const university = await createOrg(db, "UNIVERSITY");
  const agency = await createOrg(db, "BROKER_AGENCY");
  const other = await createOrg(db, "UNIVERSITY");
  const researcherUser = await createMember(db, university.id, "RESEARCHER");
  const researcher = await actorFor(db, researcherUser.id);
  const broker = await actorFor(db, (await createMember(db, agency.id, "BROKER")).id);
  const stranger = await actorFor(db, (await createMember(db, other.id, "TTO")).id);
  const input = achievementInputSchema.parse({ title: "钙钛矿太阳能电池", summary: "高效稳定", description: "详细工艺", techField: "新能源-太阳能", maturity: "PILOT", cooperationModes: ["LICENSE"], priceMin: 50, priceMax: 100 });
  const draft = await createAchievement(db, researcher, input);
  return { db, university, researcher, researcherUser, broker, stranger, draft, input };
}

test("draft → submitted → under review → published: each step audited, sent to the outbox and notified to the owner", async () => {
  const { db, researcher, researcherUser, broker, draft } = await setup();
  expect(draft.status).toBe("DRAFT");
  expect(await transitionListing(db, researcher, "achievement", draft.id, "submit")).toMatchObject({ from: "DRAFT", to: "SUBMITTED" });
  expect((await reviewQueue(db, broker)).map((r) => r.id)).toContain(draft.id);
  await transitionListing(db, broker, "achievement", draft.id, "startReview");
  await transitionListing(db, broker, "achievement", draft.id, "publish");

  const row = await db.achievement.findUniqueOrThrow({ where: { id: draft.id }, select: { status: true, publishedAt: true, reviewerId: true, trl: true, techFieldMajor: true } });
  expect(row).toMatchObject({ status: "PUBLISHED", reviewerId: broker.id, trl: 6, techFieldMajor: "新能源" });
  expect(row.publishedAt).toBeInstanceOf(Date);

  const audits = await db.auditEvent.findMany({ where: { entityId: draft.id }, orderBy: { id: "asc" }, select: { action: true, actorId: true, createdAt: true } });
  expect(audits.map((a) => a.action)).toEqual(["achievement.created", "achievement.submit", "achievement.startReview", "achievement.publish"]);
  expect(audits.map((a) => a.actorId)).toEqual([researcher.id, researcher.id, broker.id, broker.id]);
  const outbox = await db.outbox.findMany({ where: { aggregateId: draft.id }, orderBy: { id: "asc" }, select: { topic: true, payload: true } });
  expect(outbox.map((o) => o.topic)).toEqual(["achievement.created", "achievement.status_changed", "achievement.status_changed", "achievement.published"]);
  expect(outbox.at(-1)?.payload).toEqual({ id: draft.id, status: "PUBLISHED" });
  // the owner is not notified of their own submit, but of the broker's two steps
  const notes = await db.notification.findMany({ where: { userId: researcherUser.id, entityId: draft.id }, select: { topic: true } });
  expect(notes.map((n) => n.topic).sort()).toEqual(["achievement.publish", "achievement.startReview"]);
});

test("returned with reasons, resubmitted, withdrawn; archived and reopened", async () => {
  const { db, researcher, broker, draft } = await setup();
  await transitionListing(db, researcher, "achievement", draft.id, "submit");
  await expect(transitionListing(db, broker, "achievement", draft.id, "return", " ")).rejects.toMatchObject({ status: 422, messageKey: "workflow.error.reasonRequired" });
  await transitionListing(db, broker, "achievement", draft.id, "return", "请补充专利号");
  const returned = await db.achievement.findUniqueOrThrow({ where: { id: draft.id }, select: { status: true, returnReason: true } });
  expect(returned).toEqual({ status: "RETURNED", returnReason: "请补充专利号" });
  const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: draft.id, action: "achievement.return" }, select: { after: true } });
  expect(audit.after).toEqual({ status: "RETURNED", reason: "请补充专利号" });

  await transitionListing(db, researcher, "achievement", draft.id, "submit");
  await transitionListing(db, researcher, "achievement", draft.id, "withdraw");
  await transitionListing(db, researcher, "achievement", draft.id, "submit");
  await transitionListing(db, broker, "achievement", draft.id, "startReview");
  await transitionListing(db, broker, "achievement", draft.id, "publish");
  await transitionListing(db, researcher, "achievement", draft.id, "archive");
  expect((await db.outbox.findFirstOrThrow({ where: { aggregateId: draft.id }, orderBy: { id: "desc" } })).topic).toBe("achievement.unpublished");
  await transitionListing(db, researcher, "achievement", draft.id, "reopen");
  expect((await db.achievement.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("DRAFT");
});

test("refused transitions change nothing: wrong status, wrong role, a stranger", async () => {
  const { db, researcher, broker, stranger, draft } = await setup();
  await expect(transitionListing(db, broker, "achievement", draft.id, "publish")).rejects.toMatchObject({ status: 409 });
  await expect(transitionListing(db, researcher, "achievement", draft.id, "publish")).rejects.toMatchObject({ status: 403 });
  await expect(transitionListing(db, stranger, "achievement", draft.id, "submit")).rejects.toMatchObject({ status: 404 });
  await transitionListing(db, researcher, "achievement", draft.id, "submit");
  await expect(transitionListing(db, researcher, "achievement", draft.id, "startReview")).rejects.toMatchObject({ status: 403 });
  await expect(transitionListing(db, researcher, "achievement", draft.id, "submit")).rejects.toMatchObject({ status: 409 });
  // locked while under review
  await expect(saveAchievement(db, researcher, draft.id, achievementInputSchema.parse({ title: "改名" }))).rejects.toMatchObject({ status: 409 });
  await expect(reviewQueue(db, researcher)).rejects.toMatchObject({ status: 403 });
  expect((await db.achievement.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe("SUBMITTED");
  expect(await db.auditEvent.count({ where: { entityId: draft.id } })).toBe(2);
});

test("another organization can neither edit nor transition a listing", async () => {
  const { db, stranger, draft } = await setup();
  await expect(saveAchievement(db, stranger, draft.id, achievementInputSchema.parse({ title: "篡改" }))).rejects.toMatchObject({ status: 403 });
  expect((await db.achievement.findUniqueOrThrow({ where: { id: draft.id } })).title).toBe("钙钛矿太阳能电池");
});

test("published listings past their validity expire; those without validUntil stay published", async () => {
  const { db, researcher, broker } = await setup();
  const enterpriseOrg = await createOrg(db, "ENTERPRISE");
  const enterprise = await actorFor(db, (await createMember(db, enterpriseOrg.id, "ENTERPRISE")).id);
  const need = await createNeed(db, enterprise, needInputSchema.parse({ title: "LED 手电筒红外开关", validUntil: "2020-01-01", indicators: [{ name: "功耗", target: "≤0.5", unit: "W" }] }));
  const keep = await createAchievement(db, researcher, achievementInputSchema.parse({ title: "不过期的成果" }));
  for (const [kind, id] of [["need", need.id], ["achievement", keep.id]] as const) {
    await transitionListing(db, kind === "need" ? enterprise : researcher, kind, id, "submit");
    await transitionListing(db, broker, kind, id, "startReview");
    await transitionListing(db, broker, kind, id, "publish");
  }
  expect(await expireListings(db)).toBeGreaterThanOrEqual(1);
  expect((await db.need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe("EXPIRED");
  expect((await db.achievement.findUniqueOrThrow({ where: { id: keep.id } })).status).toBe("PUBLISHED");
  const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: need.id, action: "need.expire" } });
  expect(audit.actorId).toBeNull();
  expect((await db.outbox.findFirstOrThrow({ where: { aggregateId: need.id }, orderBy: { id: "desc" } })).payload).toEqual({ id: need.id, status: "EXPIRED" });
  expect((await myListings(db, enterprise)).needs.map((n) => n.id)).toEqual([need.id]);
});
