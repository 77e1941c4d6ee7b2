import fc from "fast-check";
import { io } from "socket.io-client";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createApiToken } from "~/domain/accounts/api-tokens.server";
import type { PrismaClient } from "~/generated/prisma/client";
import { openDatabase } from "~/utils/db.server";
import { actorFor, createAchievement, createMember, createNeed, createOrg, TEST_PASSWORD } from "../helpers/factories";
import { startPreparedServer } from "../helpers/prepared-server";
import type { LiveClient } from "../helpers/rooms";
import { type AppServer, Client } from "../helpers/server";
import { routeEntries } from "../security/authorization-table";
import { type Caller, type FuzzRecords, fuzzTargets, type Payload } from "./fuzz-targets";

/**
 * Generated payloads against every form action (./fuzz-targets.ts has one target for each
 * `<route> POST` of the authorization table), /api/v1 write and socket event: each must be refused
 * with a clear 4xx (field messages on forms, problem+json on the API, an error acknowledgement on
 * sockets), never a 5xx or a crash, and the database must be unchanged after
 * all of them (fingerprinted before the server starts and after it stops). Bounded: few runs each.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
// Rows that refusals may legitimately leave: sessions of the logins, throttling records of failed logins.
const VOLATILE = new Set(["Session", "LoginAttempt"]);
// Columns that reads legitimately touch: a token's last use; a reader's last read of a conversation
// (a refused message re-renders the conversation page, whose loader marks it read).
const IGNORED_COLUMNS: Record<string, string[]> = { ApiToken: ["lastUsedAt"], ConversationRead: ["lastReadAt"] };

/** Row count and content hash of every table, in a form that compares. */
async function fingerprint(db: PrismaClient): Promise<Record<string, string>> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`);
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (VOLATILE.has(name)) continue;
    const ignored = IGNORED_COLUMNS[name] ?? [];
    const value = ignored.length ? `(to_jsonb(t) - ARRAY[${ignored.map((c) => `'${c}'`).join(",")}])::text` : "t::text";
    const [row] = await db.$queryRawUnsafe<{ n: bigint | number; h: string | null }[]>(`SELECT count(*) AS n, md5(coalesce(string_agg(${value}, '|' ORDER BY ${value}), '')) AS h FROM "${name}" t`);
    out[name] = `${String(row?.n)}:${row?.h ?? ""}`;
  }
  return out;
}

let server: AppServer;
let before: Record<string, string> = {};
const records: FuzzRecords = { achievement: "", need: "", deal: "", interest: "", challenge: "", draftChallenge: "", application: "", room: "", closedRoom: "", conversation: "", agency: "", measureCode: "模糊" };
const emails: Record<Exclude<Caller, "visitor" | "visitorEn">, string> = { researcher: "", tto: "", enterprise: "", broker: "", admin: "" };
const tokens = { university: "", company: "" };
let otherAchievement = "";

beforeAll(async () => {
  server = await startPreparedServer(async (db) => {
    const university = await createOrg(db, "UNIVERSITY");
    const company = await createOrg(db, "ENTERPRISE");
    const agency = await createOrg(db, "BROKER_AGENCY");
    const bureau = await createOrg(db, "GOVERNMENT");
    const researcher = await createMember(db, university.id, "RESEARCHER", { orgAdmin: true });
    const tto = await createMember(db, university.id, "TTO");
    const enterprise = await createMember(db, company.id, "ENTERPRISE", { orgAdmin: true });
    const broker = await createMember(db, agency.id, "BROKER", { orgAdmin: true });
    emails.researcher = researcher.email;
    emails.tto = tto.email;
    emails.enterprise = enterprise.email;
    emails.broker = broker.email;
    emails.admin = (await createMember(db, bureau.id, "ADMIN")).email;
    records.agency = agency.id;
    records.achievement = (await createAchievement(db, university.id, { status: "DRAFT", publishedAt: null })).id;
    otherAchievement = (await createAchievement(db, company.id)).id;
    records.need = (await createNeed(db, company.id, { status: "DRAFT", publishedAt: null })).id;
    // A deal between the two with its conversation, and an interest of the university in the company's need.
    records.deal = (await db.deal.create({ data: { reference: "SX-FUZZ-00001", title: "模糊测试项目", supplierOrgId: university.id, demandOrgId: company.id, origin: "DIRECT" } })).id;
    records.conversation = (await db.conversation.create({ data: { subjectKind: "deal", subjectId: records.deal } })).id;
    await db.conversationRead.create({ data: { conversationId: records.conversation, userId: researcher.id, lastReadAt: new Date(Date.now() - 3_600_000) } });
    records.interest = (await db.interest.create({ data: { listingKind: "need", listingId: records.need, fromOrgId: university.id, fromUserId: researcher.id, toOrgId: company.id, message: "有意合作" } })).id;
    // An open challenge of the company with the university's draft application and the broker as its expert; a draft challenge to edit.
    const now = Date.now();
    const day = 86_400_000;
    const window = { applicationOpensAt: new Date(now - day), applicationClosesAt: new Date(now + 30 * day), deadline: new Date(now + 400 * day) };
    records.challenge = (await db.challenge.create({ data: { direction: "新材料", title: "模糊测试榜单", issuerOrgId: company.id, status: "PUBLISHED", publishedAt: new Date(now - day), ...window } })).id;
    records.draftChallenge = (await db.challenge.create({ data: { direction: "新材料", title: "模糊测试草稿榜单", issuerOrgId: company.id, ...window } })).id;
    records.application = (await db.challengeApplication.create({ data: { challengeId: records.challenge, leadOrgId: university.id, createdById: researcher.id } })).id;
    await db.challengeReviewer.create({ data: { challengeId: records.challenge, userId: broker.id, assignedById: broker.id } });
    // A scheduled and a closed auction of the university, the agency's commission rule, a policy measure in force.
    const [opensAt, closesAt] = [now + day, now + 2 * day];
    const config = { startPrice: 100_000, increment: 5_000, reservePrice: null, opensAt, closesAt, softCloseSeconds: 0, maxExtensions: null };
    const room = { kind: "AUCTION" as const, title: "模糊测试竞价", hostOrgId: university.id, createdById: tto.id, config, opensAt: new Date(opensAt), closesAt: new Date(closesAt) };
    records.room = (await db.bidRoom.create({ data: room })).id;
    records.closedRoom = (await db.bidRoom.create({ data: { ...room, title: "模糊测试已结束竞价", status: "CLOSED", opensAt: new Date(now - 2 * day), closesAt: new Date(now - day) } })).id;
    const splits = [
      { role: "introducer", share: 0.5 },
      { role: "follower", share: 0.5 },
    ];
    await db.commissionRule.create({ data: { brokerOrgId: agency.id, kind: "PERCENT", percent: "3", splits, createdById: broker.id } });
    const measure = { code: records.measureCode, version: 1, title: "模糊测试措施", titleEn: "Fuzz measure", textExcerpt: "按技术合同成交额给予奖励。", kind: "FIXED", group: "fuzz", parameters: { amountWan: 1 } };
    await db.policyMeasure.create({ data: { ...measure, validFrom: new Date(now - day) } });
    const scopes: ("listings:read" | "listings:write" | "listings:transition")[] = ["listings:read", "listings:write", "listings:transition"];
    tokens.university = (await createApiToken(db, await actorFor(db, researcher.id), university.id, { name: "fuzz", scopes })).secret;
    tokens.company = (await createApiToken(db, await actorFor(db, enterprise.id), company.id, { name: "fuzz", scopes })).secret;
    await db.session.deleteMany();
    before = await fingerprint(db);
  });
});

afterAll(async () => {
  await server?.dispose();
});

async function signedIn(email: string): Promise<Client> {
  const client = new Client(server.url, { "Accept-Language": "zh-CN" });
  const response = await client.post("/login", { email, password: TEST_PASSWORD, redirectTo: "/" });
  if (response.status !== 302) throw new Error(`login of ${email}: ${response.status}`);
  return client;
}

function clientFor(caller: Caller): Promise<Client> | Client {
  if (caller === "visitor") return new Client(server.url, { "Accept-Language": "zh-CN" });
  if (caller === "visitorEn") return new Client(server.url, { "Accept-Language": "en" });
  return signedIn(emails[caller]);
}

/** Sends a payload the way a browser would: URL-encoded, or multipart with its files. */
async function send(client: Client, path: string, payload: Payload): Promise<{ status: number; text: string }> {
  if ("form" in payload) return client.post(path, payload.form);
  const body = new FormData();
  for (const part of payload.parts) {
    if ("file" in part) body.append(part.name, new Blob([new Uint8Array(part.file)], { type: part.type }), part.fileName);
    else body.append(part.name, part.value);
  }
  const response = await fetch(server.url + path, { method: "POST", body, redirect: "manual", headers: { Cookie: client.cookieHeader(), Origin: server.url, "Accept-Language": "zh-CN" } });
  return { status: response.status, text: await response.text() };
}

const describePayload = (payload: Payload) =>
  JSON.stringify("form" in payload ? payload.form : payload.parts.map((p) => ("file" in p ? { name: p.name, fileName: p.fileName, type: p.type, bytes: p.file.length } : p))).slice(0, 160);

const postKeys = () => routeEntries().filter((key) => key.endsWith(" POST"));

test("every form action and /api/v1 write has a fuzz target", () => {
  expect(postKeys().filter((key) => !(key in fuzzTargets))).toEqual([]);
  expect(Object.keys(fuzzTargets).filter((key) => !postKeys().includes(key))).toEqual([]);
});

test("form actions refuse generated input with a 4xx and field messages", { timeout: 150_000 }, async () => {
  const failures: string[] = [];
  const clients = new Map<Caller, Client>();
  // Logging out ends the session and failed logins throttle the address: those two go last.
  const last = ["logout POST", "login POST"];
  const keys = Object.keys(fuzzTargets).sort((a, b) => last.indexOf(a) - last.indexOf(b));
  for (const key of keys) {
    const target = fuzzTargets[key];
    if (target?.kind !== "form") continue;
    const client = clients.get(target.as) ?? (await clientFor(target.as));
    clients.set(target.as, client);
    const path = target.path(records);
    await fc.assert(
      fc.asyncProperty(target.payloads(records), async (payload) => {
        const where = `${key} ${path} ${describePayload(payload)}`;
        const response = await send(client, path, payload).catch((error: unknown) => {
          failures.push(`${where}: ${String(error)} ${error instanceof Error ? String(error.cause) : ""}`);
          return null;
        });
        if (!response) return true;
        if (target.expect === "acceptsAny") {
          if (response.status >= 500) failures.push(`${where}: ${response.status}`);
          return true;
        }
        const refused = response.status >= 400 && response.status < 500;
        if (!refused) failures.push(`${where}: ${response.status}`);
        if (refused && target.expect === "fieldMessages" && !/role="alert"|aria-invalid="true"/.test(response.text)) failures.push(`${where}: ${response.status} without a field message`);
        return true;
      }),
      { numRuns: RUNS },
    );
  }
  expect(failures).toEqual([]);
});

test("/api/v1 refuses generated bodies with a 4xx problem+json", { timeout: 60_000 }, async () => {
  const problems: string[] = [];
  const call = async (method: string, path: string, token: string, body: string, contentType: string) => {
    const response = await fetch(server.url + path, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": contentType }, body });
    const type = response.headers.get("content-type") ?? "";
    if (response.status < 400 || response.status >= 500 || !type.startsWith("application/problem+json")) problems.push(`${method} ${path} ${body.slice(0, 100)} → ${response.status} ${type}`);
    else {
      const problem = (await response.json()) as { title?: string; status?: number };
      if (problem.status !== response.status || !problem.title) problems.push(`${method} ${path}: problem body ${JSON.stringify(problem)}`);
    }
  };
  // Any JSON value that is not a valid listing or transition (objects get an empty title and an unknown transition), raw text, and the wrong media type.
  const body = fc.oneof(
    fc.jsonValue().map((v) => (v !== null && typeof v === "object" && !Array.isArray(v) ? { ...v, title: "", transition: "no-such-transition" } : v)).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 60 }).filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
  );
  const targets = Object.entries(fuzzTargets).flatMap(([key, target]) => (target.kind === "api" ? [{ key, ...target }] : []));
  await fc.assert(
    fc.asyncProperty(body, fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"), async (text, type) => {
      for (const target of targets) await call(target.method, target.path(records), tokens[target.token], text, type);
      // Another organization's record: refused whatever the body.
      await call("PATCH", `/api/v1/achievements/${otherAchievement}`, tokens.university, text, type);
      return true;
    }),
    { numRuns: RUNS },
  );
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 40 }), async (ref) => {
      const response = await fetch(`${server.url}/api/v1/needs/${encodeURIComponent(ref || "x")}?cursor=${encodeURIComponent(ref)}`);
      if (response.status >= 500) problems.push(`GET /api/v1/needs/${ref} → ${response.status}`);
      const list = await fetch(`${server.url}/api/v1/achievements?cursor=${encodeURIComponent(ref)}&limit=${encodeURIComponent(ref)}`);
      if (list.status >= 500 || (list.status >= 400 && !list.headers.get("content-type")?.startsWith("application/problem+json"))) problems.push(`GET /api/v1/achievements?cursor=${ref} → ${list.status}`);
      return true;
    }),
    { numRuns: RUNS },
  );
  expect(problems).toEqual([]);
});

test("socket events answer generated payloads with an error acknowledgement and stay connected", async () => {
  const client = await signedIn(emails.tto);
  const socket: LiveClient = io(`${server.url}/live`, { transports: ["websocket"], reconnection: false, extraHeaders: { Cookie: client.cookieHeader() } });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const wrong: string[] = [];
  try {
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.constantFrom("room:join", "room:command", "conversation:join", "conversation:send", "conversation:read", "ping"), async (payload, event) => {
        const reply = (await socket.timeout(10_000).emitWithAck(event as "ping", payload)) as { ok: boolean; error?: string };
        // What the server receives is the payload as JSON: NaN arrives as null, undefined properties not at all.
        const wire: unknown = payload === undefined ? undefined : JSON.parse(JSON.stringify(payload) ?? "null");
        const harmlessPing = event === "ping" && (wire === undefined || wire === null || (typeof wire === "object" && !Array.isArray(wire) && Object.keys(wire).length === 0));
        if (!harmlessPing && (reply.ok || !reply.error)) wrong.push(`${event} ${JSON.stringify(payload)?.slice(0, 100)} → ${JSON.stringify(reply)}`);
        socket.emit("room:leave", payload);
        socket.emit("conversation:leave", payload);
        return true;
      }),
      { numRuns: RUNS * 4 },
    );
    expect(((await socket.timeout(10_000).emitWithAck("ping", {})) as { ok: boolean }).ok).toBe(true);
  } finally {
    socket.close();
  }
  expect(wrong).toEqual([]);
});

test("after every refusal the server logged no unhandled error and the database is unchanged", async () => {
  expect(server.output()).not.toMatch(/"level":"error"/);
  await server.stop();
  const after = await (async () => {
    const database = server.databaseUrl ? await openDatabase({ kind: "postgres", url: server.databaseUrl }) : await openDatabase({ kind: "pglite", dir: server.pgliteDir ?? "" });
    try {
      return await fingerprint(database.prisma);
    } finally {
      await database.close();
    }
  })();
  expect(after).toEqual(before);
});
