import { afterAll, beforeAll, expect, test } from "vitest";
import type { Actor } from "~/domain/accounts/accounts.server";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { actorFor, createMember, createOrg } from "../../../tests/helpers/factories";
import { type PublishedFormula, challengeRanking, openChallengeRoom } from "./challenge-rooms.server";
import { closeDueRooms, forgetRoomCache, roomLog, submitRoomCommand, verifyChain } from "./rooms.server";

let database: TestDatabase;
let issuer: Actor;
let broker: Actor;
let applicants: Actor[];
let unqualified: Actor;

const formula: PublishedFormula = {
  maxMonths: 36,
  fundingWeight: 0.4,
  timeWeight: 0.2,
  indicators: [{ key: "eff", name: "湿热老化后效率保持率", unit: "%", target: 90, better: "higher", weight: 0.4 }],
};

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  const company = await createOrg(db, "ENTERPRISE");
  issuer = await actorFor(db, (await createMember(db, company.id, "ENTERPRISE")).id);
  const agency = await createOrg(db, "BROKER_AGENCY");
  broker = await actorFor(db, (await createMember(db, agency.id, "BROKER")).id);
  applicants = [];
  for (let i = 0; i < 3; i += 1) {
    const university = await createOrg(db, "UNIVERSITY");
    applicants.push(await actorFor(db, (await createMember(db, university.id, "RESEARCHER")).id));
  }
  const other = await createOrg(db, "INSTITUTE");
  unqualified = await actorFor(db, (await createMember(db, other.id, "RESEARCHER")).id);
});
afterAll(async () => {
  await database?.dispose();
});

const orgOf = (actor: Actor) => actor.memberships[0]?.organizationId ?? "";
let n = 0;
const key = () => `ch-${(n += 1)}-key`;

async function challengeWithApplications(fundingWan: number | null = 800) {
  const db = database.prisma;
  const challenge = await db.challenge.create({
    data: { direction: "新能源", title: "钙钛矿组件湿热稳定性攻关", issuerOrgId: orgOf(issuer), fundingWan, status: "BIDDING" },
    select: { id: true },
  });
  for (const applicant of applicants) {
    await db.challengeApplication.create({ data: { challengeId: challenge.id, leadOrgId: orgOf(applicant), createdById: applicant.id, status: "QUALIFIED", submittedAt: new Date() } });
  }
  await db.challengeApplication.create({ data: { challengeId: challenge.id, leadOrgId: orgOf(unqualified), createdById: unqualified.id, status: "INELIGIBLE" } });
  return challenge.id;
}

test("the room admits exactly the qualified applicants' lead organizations; one room per challenge; only the issuer or a broker opens it", async () => {
  const db = database.prisma;
  const challengeId = await challengeWithApplications();
  const now = Date.now();
  const window = { opensAt: new Date(now - 1_000), closesAt: new Date(now + 600_000), formula };
  await expect(openChallengeRoom(db, applicants[0] as Actor, challengeId, window)).rejects.toMatchObject({ status: 403 });
  const room = await openChallengeRoom(db, issuer, challengeId, window);
  expect((await db.challenge.findUniqueOrThrow({ where: { id: challengeId }, select: { bidRoomId: true } })).bidRoomId).toBe(room.id);
  expect(room.participants).toBe(3);
  const participants = await db.bidRoomParticipant.findMany({ where: { roomId: room.id }, select: { organizationId: true, status: true } });
  expect(participants.map((p) => p.organizationId).sort()).toEqual(applicants.map(orgOf).sort());
  expect(participants.every((p) => p.status === "APPROVED")).toBe(true);
  const stored = await db.bidRoom.findUniqueOrThrow({ where: { id: room.id }, select: { kind: true, config: true } });
  expect(stored.kind).toBe("CHALLENGE");
  expect(stored.config).toMatchObject({ kind: "challenge", formula: { ceiling: 800 } });
  await expect(openChallengeRoom(db, broker, challengeId, window)).rejects.toMatchObject({ messageKey: "challengeRoom.exists" });
  expect(await db.auditEvent.count({ where: { entityId: room.id, action: "room.challenge_opened" } })).toBe(1);

  const noMoney = await challengeWithApplications(null);
  await expect(openChallengeRoom(db, broker, noMoney, window)).rejects.toMatchObject({ messageKey: "challengeRoom.noCeiling" });
});

test("offers are sequenced, idempotent and scored; moderation is audited; the close writes the ranking by organization", async () => {
  const db = database.prisma;
  const challengeId = await challengeWithApplications();
  const now = Date.now();
  const { id: roomId } = await openChallengeRoom(db, broker, challengeId, { opensAt: new Date(now - 1_000), closesAt: new Date(now + 600_000), formula });
  const [a, b, c] = applicants as [Actor, Actor, Actor];
  const offer = (funding: number, months: number, eff: number) => ({ type: "offer" as const, funding, months, commitments: { eff } });

  const first = await submitRoomCommand(db, { roomId, actor: a, idempotencyKey: "a-1-offer", command: offer(700, 30, 90) });
  expect(first.outcome).toMatchObject({ ok: true, status: "leading" });
  const again = await submitRoomCommand(db, { roomId, actor: a, idempotencyKey: "a-1-offer", command: offer(700, 30, 90) });
  expect(again).toMatchObject({ replayed: true, seq: first.seq });
  expect((await submitRoomCommand(db, { roomId, actor: b, idempotencyKey: key(), command: offer(900, 12, 95) })).outcome).toEqual({ ok: false, reason: "over_ceiling" });
  expect((await submitRoomCommand(db, { roomId, actor: b, idempotencyKey: key(), command: offer(400, 18, 95) })).outcome).toMatchObject({ ok: true, status: "leading" });
  expect((await submitRoomCommand(db, { roomId, actor: c, idempotencyKey: key(), command: offer(600, 24, 92) })).outcome).toMatchObject({ ok: true, status: "outbid" });
  // An auction command in a challenge room, and an organization that is not admitted, are refused.
  expect((await submitRoomCommand(db, { roomId, actor: broker, idempotencyKey: key(), command: { type: "extend", seconds: 60 } })).outcome).toMatchObject({ ok: true });
  await expect(submitRoomCommand(db, { roomId, actor: unqualified, idempotencyKey: key(), command: offer(100, 6, 99) })).rejects.toMatchObject({ messageKey: "room.notParticipant" });
  await expect(submitRoomCommand(db, { roomId, actor: a, idempotencyKey: key(), command: { type: "disqualify", bidder: "x", reason: "x" } })).rejects.toMatchObject({ status: 403 });

  const participantOf = async (actor: Actor) => (await db.bidRoomParticipant.findFirstOrThrow({ where: { roomId, organizationId: orgOf(actor) }, select: { id: true } })).id;
  const disqualified = await submitRoomCommand(db, { roomId, actor: broker, idempotencyKey: key(), command: { type: "disqualify", bidder: await participantOf(c), reason: "联合体成员资质不符" } });
  expect(disqualified.outcome).toMatchObject({ ok: true });
  expect(await db.auditEvent.count({ where: { entityId: roomId, action: { in: ["room.extend", "room.disqualify"] } } })).toBe(2);

  // Closing: the scheduled close runs once the time has come (here: a clock moved past the end).
  forgetRoomCache(roomId);
  const closed = await closeDueRooms(db, new Date(now + 700_000));
  expect(closed.filter((r) => r.roomId === roomId).map((r) => r.outcome.ok)).toEqual([true]);
  const ranking = await challengeRanking(db, roomId);
  expect(ranking?.outcome).toBe("ranked");
  expect(ranking?.ranking.map((r) => [r.organizationId, r.label])).toEqual([
    [orgOf(b), "B"],
    [orgOf(a), "A"],
  ]);
  expect(ranking?.ranking[0]?.score).toBeGreaterThan(ranking?.ranking[1]?.score ?? Infinity);
  const log = await roomLog(db, roomId);
  expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
  expect(verifyChain(log)).toEqual({ valid: true });
  expect(log.map((e) => e.type)).toEqual(["offer", "offer", "offer", "extend", "disqualify", "close"]);
});

test("concurrent offers from every applicant get distinct consecutive sequence numbers", async () => {
  const db = database.prisma;
  const challengeId = await challengeWithApplications();
  const now = Date.now();
  const { id: roomId } = await openChallengeRoom(db, issuer, challengeId, { opensAt: new Date(now - 1_000), closesAt: new Date(now + 600_000), formula });
  const results = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      submitRoomCommand(db, { roomId, actor: applicants[i % 3] as Actor, idempotencyKey: `race-${i}-offer`, command: { type: "offer", funding: 100 + i * 10, months: 6 + (i % 20), commitments: { eff: 80 + (i % 15) } } }),
    ),
  );
  const seqs = results.map((r) => r.seq).filter((s): s is number => s !== null).sort((x, y) => x - y);
  expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  expect(verifyChain(await roomLog(db, roomId))).toEqual({ valid: true });
});
