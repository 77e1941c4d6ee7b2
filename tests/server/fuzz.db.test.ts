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

/**
 * Generated payloads against every form action, /api/v1 endpoint and socket event: each must be
 * refused with a clear 4xx (field messages on forms, problem+json on the API, an error
 * acknowledgement on sockets), never a 5xx or a crash, and the database must be unchanged after
 * all of them (fingerprinted before the server starts and after it stops). Bounded: few runs each.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
// Rows that refusals may legitimately leave: sessions of the logins, throttling records of failed logins.
const VOLATILE = new Set(["Session", "LoginAttempt"]);
// Columns that reads legitimately touch: a token's last use.
const IGNORED_COLUMNS: Record<string, string[]> = { ApiToken: ["lastUsedAt"] };

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
const ids = { achievement: "", need: "", otherAchievement: "", deal: "", interest: "", challenge: "" };
const emails = { researcher: "", enterprise: "", tto: "" };
let token = "";

beforeAll(async () => {
  server = await startPreparedServer(async (db) => {
    const university = await createOrg(db, "UNIVERSITY");
    const company = await createOrg(db, "ENTERPRISE");
    const researcher = await createMember(db, university.id, "RESEARCHER", { orgAdmin: true });
    emails.researcher = researcher.email;
    emails.tto = (await createMember(db, university.id, "TTO")).email;
    emails.enterprise = (await createMember(db, company.id, "ENTERPRISE", { orgAdmin: true })).email;
    ids.achievement = (await createAchievement(db, university.id, { status: "DRAFT", publishedAt: null })).id;
    ids.otherAchievement = (await createAchievement(db, company.id)).id;
    ids.need = (await createNeed(db, company.id, { status: "DRAFT", publishedAt: null })).id;
    // A deal between the two, an interest of the university in the company's need, and an open challenge of the company.
    ids.deal = (await db.deal.create({ data: { reference: "SX-FUZZ-00001", title: "模糊测试项目", supplierOrgId: university.id, demandOrgId: company.id, origin: "DIRECT" } })).id;
    ids.interest = (await db.interest.create({ data: { listingKind: "need", listingId: ids.need, fromOrgId: university.id, fromUserId: researcher.id, toOrgId: company.id, message: "有意合作" } })).id;
    const now = Date.now();
    ids.challenge = (
      await db.challenge.create({
        data: { direction: "新材料", title: "模糊测试榜单", issuerOrgId: company.id, status: "PUBLISHED", publishedAt: new Date(now - 86_400_000), applicationOpensAt: new Date(now - 86_400_000), applicationClosesAt: new Date(now + 30 * 86_400_000), deadline: new Date(now + 400 * 86_400_000) },
      })
    ).id;
    token = (await createApiToken(db, await actorFor(db, researcher.id), university.id, { name: "fuzz", scopes: ["listings:read", "listings:write", "listings:transition"] })).secret;
    await db.session.deleteMany();
    before = await fingerprint(db);
  });
});

afterAll(async () => {
  await server?.dispose();
});

// Text that tends to break things: markup, formulas, control and bidi characters, astral planes, very long strings, numbers out of range.
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("<script>alert(1)</script>", '=HYPERLINK("http://evil.example")', "\u0000\u202e\ufeff", "💥".repeat(30), "-1", "1e309", "NaN", "9".repeat(40), "../../etc/passwd", "' OR 1=1 --", "{}", "[]", "null"),
  fc.integer({ min: 2_001, max: 20_000 }).map((n) => "长".repeat(n)),
);
const formOf = (fields: readonly string[]) => fc.dictionary(fc.constantFrom(...fields, "intent", "__proto__", "constructor"), nasty, { maxKeys: fields.length + 2 });
/** A form that the route must refuse: its required title is missing or absurdly long. */
const invalidListing = (fields: readonly string[]) => fc.tuple(formOf(fields), fc.constantFrom("", " ", "长".repeat(5_000))).map(([form, title]) => ({ ...form, title }));

const listingFields = ["summary", "description", "techField", "maturity", "ip.0.type", "ip.0.number", "cooperationModes", "priceMin", "priceMax", "region", "validUntil", "budgetMin", "budgetMax"];
const challengeFields = ["summary", "description", "budgetMin", "budgetMax", "deadline", "applicationDeadline", "field", "region"];
const roomFields = ["startPrice", "increment", "reservePrice", "maxExtensions", "opensAt", "closesAt", "softCloseSeconds", "achievementId"];

async function signedIn(email: string): Promise<Client> {
  const client = new Client(server.url, { "Accept-Language": "zh-CN" });
  const response = await client.post("/login", { email, password: TEST_PASSWORD, redirectTo: "/" });
  if (response.status !== 302) throw new Error(`login of ${email}: ${response.status}`);
  return client;
}

const failures: string[] = [];
const record = (where: string, status: number, detail = "") => failures.push(`${where}: ${status} ${detail}`.trim());

/** Posts generated forms; each must be a 4xx that re-renders the form with its messages (or a plain refusal for unknown intents). */
async function fuzzForm(client: Client, path: string, arbitrary: fc.Arbitrary<Record<string, string>>, expectFieldMessages: boolean) {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (form) => {
      const response = await client.post(path, form);
      const ok = response.status >= 400 && response.status < 500;
      if (!ok) record(`POST ${path} ${JSON.stringify(form).slice(0, 120)}`, response.status);
      if (ok && expectFieldMessages && !/role="alert"|aria-invalid="true"/.test(response.text)) record(`POST ${path} ${JSON.stringify(form).slice(0, 120)}`, response.status, "without a field message");
      return true;
    }),
    { numRuns: RUNS },
  );
}

test("form actions refuse generated input with a 4xx and field messages", async () => {
  const researcher = await signedIn(emails.researcher);
  const enterprise = await signedIn(emails.enterprise);
  const tto = await signedIn(emails.tto);
  await fuzzForm(researcher, "/achievements/new", invalidListing(listingFields), true);
  await fuzzForm(researcher, `/achievements/${ids.achievement}/edit`, invalidListing(listingFields), true);
  await fuzzForm(enterprise, "/needs/new", invalidListing(listingFields), true);
  await fuzzForm(enterprise, `/needs/${ids.need}/edit`, invalidListing(listingFields), true);
  await fuzzForm(enterprise, "/challenges/new", invalidListing(challengeFields), true);
  await fuzzForm(tto, "/rooms/new", invalidListing(roomFields), true);
  await fuzzForm(researcher, "/tokens", formOf(["name", "scopes"]).map((f) => ({ ...f, intent: "create", name: "" })), true);
  const unknownIntent = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !["submit", "withdraw", "startReview", "publish", "return", "reject", "archive", "delete", "acceptDisclosure", "expire", "unpublish", "reopen"].includes(s));
  await fuzzForm(researcher, `/achievements/${ids.achievement}`, fc.tuple(unknownIntent, formOf(["reason"])).map(([intent, f]) => ({ ...f, intent })), false);
  await fuzzForm(researcher, "/approvals", fc.tuple(nasty, fc.string({ maxLength: 10 }).filter((d) => d !== "approve" && d !== "reject")).map(([membershipId, decision]) => ({ membershipId, decision })), false);
  await fuzzForm(new Client(server.url, { "Accept-Language": "en" }), "/signup", formOf(["mode", "email", "name", "orgName", "orgKind", "role", "orgId", "locale"]).map((f) => ({ ...f, password: "short" })), true);
  // Deals, expressions of interest and challenge applications: never a valid stage, answer code or application.
  const stages = ["INTRODUCED", "INTEREST_CONFIRMED", "NDA_SIGNED", "DUE_DILIGENCE", "NEGOTIATING", "CONTRACT_SIGNED", "REGISTERED", "OUTCOME_CHECKED", "CLOSED_LOST"];
  await fuzzForm(researcher, `/deals/${ids.deal}`, fc.tuple(nasty.filter((to) => !stages.includes(to)), formOf(["ndaSignedAt", "contractSignedAt", "contractType", "amountWan", "lostReason", "lostNote"])).map(([to, f]) => ({ ...f, to })), false);
  const codes = ["PROCEED", "NEED_INFO", "TECH_MISMATCH", "IMMATURE", "PRICE", "OTHER"];
  await fuzzForm(enterprise, `/interests/${ids.interest}`, fc.tuple(nasty.filter((code) => !codes.includes(code)), formOf(["note"])).map(([code, f]) => ({ ...f, intent: "answer", code })), false);
  await fuzzForm(researcher, "/interests/express", formOf(["listingKind", "listingId", "message"]), false);
  await fuzzForm(researcher, `/challenges/${ids.challenge}/apply`, formOf(["piTitle", "piEmail", "summary", "requestedWan", "selfFundedWan", "memberName", "memberKind", "subTaskTitle", "subTaskMonths"]).map((f) => ({ ...f, piName: "" })), true);
  // Last: failed logins throttle the address.
  await fuzzForm(new Client(server.url, { "Accept-Language": "zh-CN" }), "/login", fc.record({ email: nasty, password: nasty, redirectTo: nasty }), false);
  expect(failures).toEqual([]);
});

test("/api/v1 refuses generated bodies with a 4xx problem+json", async () => {
  const problems: string[] = [];
  const send = async (method: string, path: string, body: string, contentType = "application/json") => {
    const response = await fetch(server.url + path, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": contentType }, body });
    const type = response.headers.get("content-type") ?? "";
    if (response.status < 400 || response.status >= 500 || !type.startsWith("application/problem+json")) problems.push(`${method} ${path} ${body.slice(0, 100)} → ${response.status} ${type}`);
    else {
      const problem = (await response.json()) as { title?: string; status?: number };
      if (problem.status !== response.status || !problem.title) problems.push(`${method} ${path}: problem body ${JSON.stringify(problem)}`);
    }
  };
  // Any JSON value that is not a valid listing (the title is forced empty when it is an object), raw text, and the wrong media type.
  const body = fc.oneof(
    fc.jsonValue().map((v) => (v !== null && typeof v === "object" && !Array.isArray(v) ? { ...v, title: "" } : v)).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 60 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }),
  );
  await fc.assert(
    fc.asyncProperty(body, fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded"), async (text, type) => {
      await send("POST", "/api/v1/achievements", text, type);
      await send("PATCH", `/api/v1/achievements/${ids.achievement}`, text, type);
      await send("POST", `/api/v1/achievements/${ids.achievement}/transitions`, text, type);
      await send("PATCH", `/api/v1/achievements/${ids.otherAchievement}`, text, type);
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
        const harmlessPing = event === "ping" && (payload === undefined || payload === null || (typeof payload === "object" && !Array.isArray(payload) && Object.keys(payload).length === 0));
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
