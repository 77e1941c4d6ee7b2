import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiToken } from "~/domain/accounts/api-tokens.server";
import { can, type GrantSource, type OrgKindName, type RoleName, roles } from "~/domain/accounts/permissions";
import type { LiveClient } from "../helpers/rooms";
import { actorFor, createAchievement, createMember, createNeed, createOrg, TEST_PASSWORD } from "../helpers/factories";
import { startPreparedServer } from "../helpers/prepared-server";
import { type AppServer, Client } from "../helpers/server";
import { type Fixture, type Rule, routeEntries, routeRules, socketEvents, socketRules } from "../security/authorization-table";

/**
 * The authorization matrix. Every route, API endpoint and socket event must have an entry in the
 * test-side table; every entry the permissions table decides is exercised for every role, as a
 * plain member and as an organization administrator, on records of its own and of another
 * organization. Expected outcomes are computed from app/domain/accounts/permissions.ts.
 */

const kindOf: Record<RoleName, OrgKindName> = { RESEARCHER: "UNIVERSITY", TTO: "UNIVERSITY", ENTERPRISE: "ENTERPRISE", BROKER: "BROKER_AGENCY", BUREAU: "GOVERNMENT", ADMIN: "GOVERNMENT" };

type Subject = {
  label: string;
  email: string;
  grant: GrantSource;
  own: Fixture;
  other: Fixture;
  /** separate records for the API checks (the page checks delete theirs) */
  api: { own: Fixture; other: Fixture };
  ownOrgId: string;
  otherOrgId: string;
  token?: string;
  readOnlyToken?: string;
};

const subjects: Subject[] = [];
let server: AppServer;

beforeAll(async () => {
  server = await startPreparedServer(async (db) => {
    for (const role of roles) {
      for (const orgAdmin of [false, true]) {
        const org = await createOrg(db, kindOf[role]);
        const otherOrg = await createOrg(db, role === "ENTERPRISE" ? "UNIVERSITY" : "ENTERPRISE");
        const user = await createMember(db, org.id, role, { orgAdmin });
        const records = async (orgId: string): Promise<Fixture> => ({
          achievement: (await createAchievement(db, orgId, { status: "DRAFT", publishedAt: null })).id,
          need: (await createNeed(db, orgId, { status: "DRAFT", publishedAt: null })).id,
        });
        const subject: Subject = {
          label: `${role}${orgAdmin ? " (org admin)" : ""}`,
          email: user.email,
          grant: { role, organizationId: org.id, orgAdmin },
          own: await records(org.id),
          other: await records(otherOrg.id),
          api: { own: await records(org.id), other: await records(otherOrg.id) },
          ownOrgId: org.id,
          otherOrgId: otherOrg.id,
        };
        if (orgAdmin) {
          const actor = await actorFor(db, user.id);
          subject.token = (await createApiToken(db, actor, org.id, { name: "matrix", scopes: ["listings:read", "listings:write", "listings:transition"] })).secret;
          subject.readOnlyToken = (await createApiToken(db, actor, org.id, { name: "matrix-read", scopes: ["listings:read"] })).secret;
        }
        subjects.push(subject);
      }
    }
  });
}, 240_000);

afterAll(async () => {
  await server?.dispose();
});

const toLogin = (status: number, location: string | null) => (status === 302 || status === 303) && (location ?? "").startsWith("/login");

async function call(client: Client, probe: { path: (f: Fixture) => string; form?: Record<string, string> }, records: Fixture) {
  const response = probe.form ? await client.post(probe.path(records), probe.form) : await client.get(probe.path(records));
  return { status: response.status, location: response.headers.get("location") };
}

/**
 * What the app answers: denied = 401/403, or 404 for a record that exists (the app may hide what a
 * caller may not see); allowed = anything else below 500 that is not the login redirect.
 */
function verdict(status: number, location: string | null, existingRecord: boolean): "allowed" | "denied" | "login" | "error" {
  if (status >= 500) return "error";
  if (toLogin(status, location)) return "login";
  if (status === 403 || status === 401 || (existingRecord && status === 404)) return "denied";
  return "allowed";
}

describe("every route, endpoint and socket event has an authorization entry", () => {
  test("routes", () => {
    const missing = routeEntries().filter((entry) => !(entry in routeRules));
    expect(missing.map((entry) => `route ${entry} has no authorization entry`)).toEqual([]);
    const stale = Object.keys(routeRules).filter((entry) => !routeEntries().includes(entry));
    expect(stale.map((entry) => `authorization entry ${entry} names no route`)).toEqual([]);
  });

  test("socket events", () => {
    const events = socketEvents();
    expect(events).toContain("room:command");
    expect(events.filter((event) => !(event in socketRules)).map((event) => `socket event ${event} has no authorization entry`)).toEqual([]);
  });
});

test("visitors: public pages answer, everything else sends them to the login page (API writes: 401 problem+json)", async () => {
  const visitor = new Client(server.url, { "Accept-Language": "zh-CN" });
  const any = subjects[0];
  if (!any) throw new Error("no subjects");
  const wrong: string[] = [];
  for (const [entry, rule] of Object.entries(routeRules)) {
    if (rule.kind === "domain") continue;
    if (rule.kind === "api") {
      const response = await fetch(server.url + rule.probe.path(any.other), {
        method: rule.probe.method,
        headers: rule.probe.body === undefined ? {} : { "Content-Type": "application/json" },
        body: rule.probe.body === undefined ? undefined : JSON.stringify(rule.probe.body),
      });
      const expected = rule.scope ? [401] : [200, 404];
      if (!expected.includes(response.status)) wrong.push(`${entry}: visitor got ${response.status}, expected ${expected.join("/")}`);
      if (rule.scope && !response.headers.get("content-type")?.startsWith("application/problem+json")) wrong.push(`${entry}: 401 without problem+json`);
      continue;
    }
    const { status, location } = await call(visitor, rule.probe, any.other);
    if (rule.kind === "public") {
      if (status !== (rule.status ?? 200)) wrong.push(`${entry}: visitor got ${status}, expected ${rule.status ?? 200}`);
    } else if (!toLogin(status, location)) {
      wrong.push(`${entry}: visitor got ${status} ${location ?? ""}, expected the login redirect`);
    }
  }
  expect(wrong).toEqual([]);
});

test("visitors cannot open the live namespace", async () => {
  const socket: LiveClient = io(`${server.url}/live`, { transports: ["websocket"], reconnection: false });
  const error = await new Promise<Error>((resolve, reject) => {
    socket.once("connect_error", resolve);
    socket.once("connect", () => reject(new Error("a visitor connected")));
  });
  socket.close();
  expect(error.message).toBe("unauthorized");
});

/** The expected verdict of a rule for a subject on its own or the other organization's records, from the permissions table. */
function expected(rule: Rule, subject: Subject, side: "own" | "other"): "allowed" | "denied" {
  const grants = [subject.grant];
  if (rule.kind === "signedIn" || rule.kind === "public") return "allowed";
  if (rule.kind === "permission") return rule.checks.some((check) => can(grants, check)) ? "allowed" : "denied";
  if (rule.kind === "record") return can(grants, rule.check, side === "own" ? subject.ownOrgId : subject.otherOrgId) ? "allowed" : "denied";
  if (rule.kind === "api") {
    if (!rule.check) return "allowed";
    // creation happens in the token's organization: the other side means nothing there
    const owner = rule.probe.method === "POST" && !rule.probe.path(subject.own).includes("/transitions") ? undefined : side === "own" ? subject.ownOrgId : subject.otherOrgId;
    return can(grants, rule.check, owner) ? "allowed" : "denied";
  }
  return "allowed";
}

// Reads first, then writes that are refused by validation, then deletions (which change the records).
const order = (entry: string, rule: Rule) => (entry.endsWith(" GET") ? 0 : rule.kind === "record" && rule.probe.form?.intent === "delete" ? 2 : 1);
const exercised = Object.entries(routeRules)
  .filter(([, rule]) => rule.kind === "signedIn" || rule.kind === "permission" || rule.kind === "record")
  .sort(([a, ra], [b, rb]) => order(a, ra) - order(b, rb));

describe.each(roles.flatMap((role) => [false, true].map((orgAdmin) => ({ role, orgAdmin }))))("$role, org admin: $orgAdmin", ({ role, orgAdmin }) => {
  const subject = () => {
    const found = subjects.find((s) => s.grant.role === role && s.grant.orgAdmin === orgAdmin);
    if (!found) throw new Error(`no subject for ${role}`);
    return found;
  };

  test("pages and form actions answer as the permissions table says, on its own and another organization's records", async () => {
    const s = subject();
    const client = new Client(server.url, { "Accept-Language": "zh-CN" });
    const login = await client.post("/login", { email: s.email, password: TEST_PASSWORD, redirectTo: "/" });
    expect(login.status).toBe(302);
    const wrong: string[] = [];
    for (const [entry, rule] of exercised) {
      for (const side of rule.kind === "record" ? (["own", "other"] as const) : (["own"] as const)) {
        const { status, location } = await call(client, (rule as { probe: Parameters<typeof call>[1] }).probe, s[side]);
        const got = verdict(status, location, rule.kind === "record");
        const want = expected(rule, s, side);
        if (got !== want) wrong.push(`${s.label} ${entry} (${side} organization): got ${got} (${status}), the permissions table says ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test("the live namespace: ping answers, unknown rooms are refused with an error acknowledgement", async () => {
    const s = subject();
    const client = new Client(server.url, { "Accept-Language": "zh-CN" });
    expect((await client.post("/login", { email: s.email, password: TEST_PASSWORD, redirectTo: "/" })).status).toBe(302);
    const socket: LiveClient = io(`${server.url}/live`, { transports: ["websocket"], reconnection: false, extraHeaders: { Cookie: client.cookieHeader() } });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      for (const [event, rule] of Object.entries(socketRules)) {
        if (event === "room:leave" || event === "conversation:leave") {
          socket.emit(event, rule.probe.payload);
          continue;
        }
        const reply = (await socket.timeout(10_000).emitWithAck(event as "ping", rule.probe.payload)) as { ok: boolean; error?: string };
        if (rule.kind === "signedIn") expect(reply.ok, `${s.label} ${event}`).toBe(rule.probe.expectOk);
        else {
          expect(reply.ok, `${s.label} ${event} on an unknown room`).toBe(false);
          expect(reply.error, `${s.label} ${event} error message`).toBeTruthy();
        }
      }
      // room:leave and conversation:leave have no acknowledgement: the connection still answers after it.
      expect(((await socket.timeout(10_000).emitWithAck("ping", {})) as { ok: boolean }).ok).toBe(true);
    } finally {
      socket.close();
    }
  });

  // API tokens are issued by organization administrators only (manage:token): the API checks run for them.
  if (!orgAdmin) return;
  test("/api/v1 with the organization's token: scopes and the permissions table decide", async () => {
    const s = subject();
    const wrong: string[] = [];
    for (const [entry, rule] of Object.entries(routeRules)) {
      if (rule.kind !== "api" || !rule.scope) continue;
      const send = (token: string | undefined, records: Fixture) =>
        fetch(server.url + rule.probe.path(records), {
          method: rule.probe.method,
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: JSON.stringify(rule.probe.body),
        });
      const narrow = await send(s.readOnlyToken, s.api.own);
      if (narrow.status !== 403) wrong.push(`${s.label} ${entry}: a token without ${rule.scope} got ${narrow.status}, expected 403`);
      for (const side of ["own", "other"] as const) {
        const response = await send(s.token, s.api[side]);
        const got = verdict(response.status, null, rule.probe.path(s.api[side]).includes(s.api[side].achievement) || rule.probe.path(s.api[side]).includes(s.api[side].need));
        const want = expected(rule, s, side);
        if (got !== want) wrong.push(`${s.label} ${entry} (${side} organization): got ${got} (${response.status}), the permissions table says ${want}`);
        if (response.status >= 400 && !response.headers.get("content-type")?.startsWith("application/problem+json")) wrong.push(`${entry}: ${response.status} without problem+json`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
