import { afterAll, beforeAll, expect, test } from "vitest";
import type { Actor } from "~/domain/accounts/accounts.server";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { actorFor, createMember, createOrg } from "../../../tests/helpers/factories";
import { type ChallengeInput, challengeInputSchema } from "./challenge-input";
import { closeDueApplicationWindows, createChallenge, getChallenge, listPublicChallenges, transitionChallenge, updateChallenge } from "./challenges.server";

let database: TestDatabase;
let issuer: Actor;
let colleague: Actor;
let otherEnterprise: Actor;
let broker: Actor;
let researcher: Actor;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  const company = await createOrg(db, "ENTERPRISE");
  issuer = await actorFor(db, (await createMember(db, company.id, "ENTERPRISE")).id);
  colleague = await actorFor(db, (await createMember(db, company.id, "ENTERPRISE")).id);
  otherEnterprise = await actorFor(db, (await createMember(db, (await createOrg(db, "ENTERPRISE")).id, "ENTERPRISE")).id);
  broker = await actorFor(db, (await createMember(db, (await createOrg(db, "BROKER_AGENCY")).id, "BROKER")).id);
  researcher = await actorFor(db, (await createMember(db, (await createOrg(db, "UNIVERSITY")).id, "RESEARCHER")).id);
});
afterAll(async () => {
  await database?.dispose();
});

const day = 86_400_000;
const ymd = (offsetDays: number) => new Date(Date.now() + offsetDays * day + 8 * 3_600_000).toISOString().slice(0, 10);

function input(overrides: Record<string, unknown> = {}): ChallengeInput {
  return challengeInputSchema.parse({
    direction: "新能源",
    title: "高效钙钛矿叠层电池稳定性攻关",
    background: "现有钙钛矿电池湿热稳定性不足。",
    researchContent: "开发封装与界面钝化技术。",
    indicators: [{ name: "湿热老化后效率保持率", target: "≥ 90", unit: "%", verification: "IEC 61215 第三方检测" }],
    deadline: ymd(400),
    fundingWan: "800",
    fundingSource: "企业自筹 + 市级财政",
    targetMaturity: "PILOT",
    eligibleOrgKinds: ["UNIVERSITY", "INSTITUTE"],
    maxConsortiumMembers: "4",
    maxApplicationsPerOrg: "1",
    ipArrangement: "JOINT",
    evaluationMode: "RACE",
    applicationOpensAt: ymd(-1),
    applicationClosesAt: ymd(30),
    ...overrides,
  });
}

test("an enterprise posts a challenge; it passes review (论证) and is published, each step audited and notified", async () => {
  const db = database.prisma;
  const { id } = await createChallenge(db, issuer, input());
  expect(await getChallenge(db, null, id)).toBeNull();
  expect(await getChallenge(db, otherEnterprise, id)).toBeNull();

  await transitionChallenge(db, issuer, id, "submit");
  await transitionChallenge(db, broker, id, "startReview");
  await transitionChallenge(db, broker, id, "publish");
  const page = await getChallenge(db, null, id);
  expect(page?.challenge.status).toBe("PUBLISHED");
  expect((await listPublicChallenges(db, 1)).items.some((c) => c.id === id)).toBe(true);

  const audit = await db.auditEvent.findMany({ where: { entityId: id }, orderBy: { id: "asc" }, select: { action: true, actorId: true } });
  expect(audit.map((a) => a.action)).toEqual(["challenge.created", "challenge.submit", "challenge.startReview", "challenge.publish"]);
  expect(audit.at(-1)?.actorId).toBe(broker.id);
  // The issuer's colleague hears of every step taken by others.
  const notes = await db.notification.findMany({ where: { userId: colleague.id, entityId: id } });
  expect(notes.map((n) => (n.data as { to: string }).to).sort()).toEqual(["IN_REVIEW", "PUBLISHED", "SUBMITTED"]);
  expect(await db.outbox.count({ where: { aggregateId: id, topic: "challenge.published" } })).toBe(1);
});

test("a reviewer returns an incomplete challenge with the checklist; publishing is refused until it is complete", async () => {
  const db = database.prisma;
  const { id } = await createChallenge(db, issuer, input({ indicators: [{ name: "效率", target: "显著提高", unit: "", verification: "" }], fundingWan: "" }));
  await transitionChallenge(db, issuer, id, "submit");
  await transitionChallenge(db, broker, id, "startReview");
  await expect(transitionChallenge(db, broker, id, "publish")).rejects.toMatchObject({ messageKey: "challenge.notReady", params: { items: "indicators,funding" } });
  await expect(transitionChallenge(db, broker, id, "return")).rejects.toMatchObject({ status: 422 });
  await transitionChallenge(db, broker, id, "return", { checklist: ["indicators", "funding"], reason: "指标需量化" });
  const returned = await getChallenge(db, issuer, id);
  expect(returned?.challenge).toMatchObject({ status: "RETURNED", returnChecklist: ["indicators", "funding"], returnReason: "指标需量化" });
  expect(returned?.canEdit).toBe(true);

  await updateChallenge(db, issuer, id, input());
  await transitionChallenge(db, issuer, id, "submit");
  await transitionChallenge(db, broker, id, "startReview");
  await transitionChallenge(db, broker, id, "publish");
  expect((await getChallenge(db, null, id))?.challenge.returnChecklist).toEqual([]);
});

test("only the issuer edits, only in draft or returned; strangers and researchers cannot move a challenge", async () => {
  const db = database.prisma;
  const { id } = await createChallenge(db, issuer, input());
  await expect(updateChallenge(db, otherEnterprise, id, input({ title: "被篡改" }))).rejects.toMatchObject({ status: 403 });
  await expect(transitionChallenge(db, otherEnterprise, id, "submit")).rejects.toMatchObject({ status: 403 });
  await expect(transitionChallenge(db, researcher, id, "submit")).rejects.toMatchObject({ status: 403 });
  await expect(transitionChallenge(db, issuer, id, "startReview")).rejects.toMatchObject({ status: 403 });
  await expect(createChallenge(db, researcher, input())).rejects.toMatchObject({ status: 403 });
  await transitionChallenge(db, issuer, id, "submit");
  await expect(updateChallenge(db, issuer, id, input({ title: "提交后修改" }))).rejects.toMatchObject({ status: 409 });
  expect((await db.challenge.findUniqueOrThrow({ where: { id } })).title).toBe("高效钙钛矿叠层电池稳定性攻关");
  await expect(transitionChallenge(db, issuer, id, "submit")).rejects.toMatchObject({ status: 409 });
});

test("application windows close on time, once", async () => {
  const db = database.prisma;
  const { id } = await createChallenge(db, issuer, input({ applicationClosesAt: ymd(2) }));
  await transitionChallenge(db, issuer, id, "submit");
  await transitionChallenge(db, broker, id, "startReview");
  await transitionChallenge(db, broker, id, "publish");
  expect(await closeDueApplicationWindows(db, new Date())).not.toContain(id);
  const later = new Date(Date.now() + 4 * day);
  expect(await closeDueApplicationWindows(db, later)).toContain(id);
  expect((await db.challenge.findUniqueOrThrow({ where: { id } })).status).toBe("APPLICATIONS_CLOSED");
  expect(await closeDueApplicationWindows(db, later)).not.toContain(id);
});

test("bad input is refused field by field: consortium too large, custom IP without a note, markup in the title", () => {
  const result = challengeInputSchema.safeParse({ ...input(), maxConsortiumMembers: "6", ipArrangement: "CUSTOM", ipNote: "", title: "<b>x</b>" });
  expect(result.success).toBe(false);
  const fields = result.success ? [] : result.error.issues.map((i) => `${String(i.path[0])}:${i.message}`);
  expect(fields).toEqual(expect.arrayContaining(["maxConsortiumMembers:challenge.consortiumMax", "title:validation.noMarkup"]));
});
