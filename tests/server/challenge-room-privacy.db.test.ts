import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Actor } from "~/domain/accounts/accounts.server";
import { createSession } from "~/domain/accounts/accounts.server";
import { openChallengeRoom } from "~/domain/bidding/challenge-rooms.server";
import { attachGateway, type Gateway } from "~/realtime/gateway.server";
import type { ChallengeRoomView, ClientToServerEvents, RoomJoinAck, ServerToClientEvents } from "~/realtime/protocol";
import { startRoomScheduler } from "~/realtime/rooms.server";
import { getEnv } from "~/utils/env.server";
import { type TestDatabase, createTestDatabase } from "../helpers/database";
import { actorFor, createMember, createOrg } from "../helpers/factories";

/**
 * The challenge room's privacy rule, end to end over socket.io: the gateway runs in this process on the
 * test database; each participant records every byte-level payload it receives (events and acks).
 */
type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let database: TestDatabase;
let server: http.Server;
let gateway: Gateway;
let base: string;
let scheduler: { stop(): void };

beforeAll(async () => {
  database = await createTestDatabase();
  (globalThis as { __susongDatabase?: Promise<unknown> }).__susongDatabase = Promise.resolve(database);
  server = http.createServer();
  gateway = await attachGateway(server, {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  scheduler = startRoomScheduler(gateway.io, 100);
});
afterAll(async () => {
  scheduler?.stop();
  await gateway?.close();
  await new Promise((resolve) => server?.close(resolve));
  (globalThis as { __susongDatabase?: Promise<unknown> }).__susongDatabase = undefined;
  await database?.dispose();
});

async function cookieFor(userId: string): Promise<string> {
  const { token } = await createSession(database.prisma, userId);
  const signature = crypto.createHmac("sha256", getEnv().sessionSecret).update(token).digest("base64url");
  return `susong_session=${token}.${signature}`;
}

async function live(userId: string) {
  const socket: LiveSocket = connect(`${base}/live`, { transports: ["websocket"], extraHeaders: { Cookie: await cookieFor(userId) }, reconnection: false });
  const received: string[] = [];
  const views: ChallengeRoomView[] = [];
  socket.onAny((event: string, ...args: unknown[]) => {
    received.push(JSON.stringify([event, args]));
    const message = args[0] as { view?: ChallengeRoomView; events?: { view: ChallengeRoomView }[] } | undefined;
    if (event === "room:event" && message?.view) views.push(message.view);
    if (event === "room:events") for (const e of message?.events ?? []) views.push(e.view);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return { socket, received, views };
}

test("participants see labels, scores and their own offer only; the issuer and brokers see who is who", async () => {
  const db = database.prisma;
  const issuerOrg = await createOrg(db, "ENTERPRISE", { name: `发榜企业-${crypto.randomUUID().slice(0, 6)}` });
  const issuer = await actorFor(db, (await createMember(db, issuerOrg.id, "ENTERPRISE")).id);
  const agency = await createOrg(db, "BROKER_AGENCY");
  const broker = await actorFor(db, (await createMember(db, agency.id, "BROKER")).id);
  const orgA = await createOrg(db, "UNIVERSITY", { name: `甲大学-${crypto.randomUUID().slice(0, 6)}` });
  const orgB = await createOrg(db, "INSTITUTE", { name: `乙研究院-${crypto.randomUUID().slice(0, 6)}` });
  const a = await actorFor(db, (await createMember(db, orgA.id, "RESEARCHER")).id);
  const b = await actorFor(db, (await createMember(db, orgB.id, "RESEARCHER")).id);
  const challenge = await db.challenge.create({ data: { direction: "新能源", title: "钙钛矿组件湿热稳定性攻关", issuerOrgId: issuerOrg.id, fundingWan: 800 }, select: { id: true } });
  for (const [org, actor] of [
    [orgA, a],
    [orgB, b],
  ] as const) {
    await db.challengeApplication.create({ data: { challengeId: challenge.id, leadOrgId: org.id, createdById: actor.id, status: "QUALIFIED", submittedAt: new Date() } });
  }
  const now = Date.now();
  const { id: roomId } = await openChallengeRoom(db, broker, challenge.id, {
    opensAt: new Date(now - 1_000),
    closesAt: new Date(now + 6_000),
    formula: { maxMonths: 36, fundingWeight: 0.5, timeWeight: 0.2, indicators: [{ key: "eff", name: "效率保持率", unit: "%", target: 90, better: "higher", weight: 0.3 }] },
  });
  const participants = await db.bidRoomParticipant.findMany({ where: { roomId }, select: { id: true, organizationId: true } });
  const participantOf = (orgId: string) => participants.find((p) => p.organizationId === orgId)?.id ?? "";

  const clients = { a: await live(a.id), b: await live(b.id), broker: await live(broker.id), issuer: await live(issuer.id) };
  const joins: Record<string, RoomJoinAck> = {};
  for (const [name, client] of Object.entries(clients)) {
    joins[name] = await client.socket.timeout(10_000).emitWithAck("room:join", { roomId, lastSeq: 0 });
    client.received.push(JSON.stringify(joins[name]));
    expect(joins[name]?.ok).toBe(true);
  }

  const offer = async (client: { socket: LiveSocket; received: string[] }, key: string, funding: number, months: number, eff: number) => {
    const ack = await client.socket.timeout(10_000).emitWithAck("room:command", { roomId, idempotencyKey: key, command: { type: "offer", funding, months, commitments: { eff } } });
    client.received.push(JSON.stringify(ack));
    return ack;
  };
  expect(await offer(clients.a, "offer-a-0001", 600, 24, 92)).toMatchObject({ ok: true, outcome: { ok: true }, you: "A" });
  expect(await offer(clients.b, "offer-b-0001", 500, 18, 95)).toMatchObject({ ok: true, outcome: { ok: true }, you: "B" });
  expect(await offer(clients.a, "offer-a-0002", 450, 20, 93)).toMatchObject({ ok: true, outcome: { ok: true }, you: "A" });

  // Everyone receives the scheduled close.
  const closed = (views: ChallengeRoomView[]) => views.some((v) => v.status === "closed");
  await expect.poll(() => Object.values(clients).every((c) => closed(c.views)), { timeout: 30_000, interval: 200 }).toBe(true);

  const identityOf = (org: { id: string; name: string }, actor: Actor) => [org.id, org.name, participantOf(org.id), actor.id];
  const leaks = (received: string[], secrets: string[]) => secrets.filter((secret) => received.some((line) => line.includes(secret)));
  expect(leaks(clients.a.received, identityOf(orgB, b))).toEqual([]);
  expect(leaks(clients.b.received, identityOf(orgA, a))).toEqual([]);

  // A participant's own row carries its offer; the other's row carries only label, rank and score.
  const lastA = clients.a.views.at(-1);
  expect(lastA?.leaderboard.find((r) => r.label === "A")?.offer).toEqual({ funding: 450, months: 20, commitments: { eff: 93 } });
  expect(lastA?.leaderboard.find((r) => r.label === "B")).toEqual({ label: "B", rank: expect.any(Number), score: expect.any(Number) });
  expect(lastA?.result?.ranking.map((r) => r.label).sort()).toEqual(["A", "B"]);

  // The issuer and the broker see identities, live and in the final ranking.
  for (const observer of [clients.broker, clients.issuer]) {
    const last = observer.views.at(-1);
    expect(last?.leaderboard.map((r) => r.organizationName).sort()).toEqual([orgA.name, orgB.name].sort());
    expect(last?.result?.ranking.map((r) => r.organizationName).sort()).toEqual([orgA.name, orgB.name].sort());
  }
  const room = await db.bidRoom.findUniqueOrThrow({ where: { id: roomId }, select: { result: true } });
  expect((room.result as { ranking: { organizationId: string }[] }).ranking.map((r) => r.organizationId).sort()).toEqual([orgA.id, orgB.id].sort());
  for (const client of Object.values(clients)) client.socket.disconnect();
});
