import fs from "node:fs";
import path from "node:path";
import type { ApiScope } from "~/domain/accounts/api-tokens";
import type { PermissionCheck } from "~/domain/accounts/permissions";

/**
 * The test-side authorization table: for every Remix route module (loader = GET, action = POST),
 * every /api/v1 endpoint and every socket event, what it requires. The matrix test
 * (tests/server/authz-matrix.db.test.ts) fails for any route or event missing here, and exercises
 * every rule that the permissions table decides, for every role, in its own and another organization.
 */

/** Records created for each signed-in subject: one of its own organization, one of another. */
export type Fixture = { achievement: string; need: string };

export type Probe = {
  /** the URL to call, built from the record ids of the organization under test */
  path: (records: Fixture) => string;
  /** POST body (forms); GET when absent */
  form?: Record<string, string>;
};

export type Rule =
  /** anyone, signed in or not, gets the page */
  | { kind: "public"; probe: Probe; status?: number }
  /** any signed-in member; visitors are sent to the login page */
  | { kind: "signedIn"; probe: Probe }
  /** the role decides: allowed when the permissions table grants any of the checks (no record involved) */
  | { kind: "permission"; checks: readonly PermissionCheck[]; probe: Probe }
  /** the role and the record's organization decide: checked for a record of the member's own and of another organization */
  | { kind: "record"; check: PermissionCheck; probe: Probe }
  /** /api/v1: public reads, writes need a bearer token with the scope (and the token's organization must be allowed) */
  | { kind: "api"; scope: ApiScope | null; check?: PermissionCheck; probe: Probe & { method: "GET" | "POST" | "PATCH"; body?: unknown } }
  /** decided inside the domain by rules beyond the role (registration, disclosure, ownership of a batch); `coveredBy` names the test */
  | { kind: "domain"; rule: string; coveredBy: string; probe?: Probe };

const own = (f: Fixture) => f;
const probe = (path: (records: Fixture) => string, form?: Record<string, string>): Probe => ({ path, ...(form ? { form } : {}) });
const fixed = (url: string, form?: Record<string, string>) => probe(() => url, form);

/** Keyed by `<route file without extension> <GET|POST>`. */
export const routeRules: Record<string, Rule> = {
  "$ GET": { kind: "public", probe: fixed("/no/such/page"), status: 404 },
  "_index GET": { kind: "public", probe: fixed("/") },
  "login GET": { kind: "public", probe: fixed("/login") },
  "login POST": { kind: "domain", rule: "credentials; a fresh session id at login", coveredBy: "tests/server/security.db.test.ts" },
  "signup GET": { kind: "public", probe: fixed("/signup") },
  "signup POST": { kind: "domain", rule: "open sign-up; the new membership is pending", coveredBy: "tests/server/http.db.test.ts" },
  "logout GET": { kind: "public", probe: fixed("/logout"), status: 302 },
  "logout POST": { kind: "domain", rule: "ends the caller's own session", coveredBy: "tests/server/http.db.test.ts" },
  "search GET": { kind: "public", probe: fixed("/search?q=电池") },
  "achievements._index GET": { kind: "public", probe: fixed("/achievements") },
  "needs._index GET": { kind: "public", probe: fixed("/needs") },
  "challenges._index GET": { kind: "public", probe: fixed("/challenges") },
  "rooms._index GET": { kind: "public", probe: fixed("/rooms") },
  "achievements.export GET": { kind: "public", probe: fixed("/achievements/export") },
  "needs.export GET": { kind: "public", probe: fixed("/needs/export") },
  "api.v1.openapi[.]json GET": { kind: "public", probe: fixed("/api/v1/openapi.json") },

  "account GET": { kind: "signedIn", probe: fixed("/account") },
  "account POST": { kind: "signedIn", probe: fixed("/account", { intent: "matrix-probe" }) },
  "my GET": { kind: "signedIn", probe: fixed("/my") },
  "notifications GET": { kind: "signedIn", probe: fixed("/notifications") },
  "notifications POST": { kind: "signedIn", probe: fixed("/notifications", { intent: "matrix-probe" }) },

  "achievements.new GET": { kind: "permission", checks: ["create:achievement"], probe: fixed("/achievements/new") },
  "achievements.new POST": { kind: "permission", checks: ["create:achievement"], probe: fixed("/achievements/new", { title: "" }) },
  "needs.new GET": { kind: "permission", checks: ["create:need"], probe: fixed("/needs/new") },
  "needs.new POST": { kind: "permission", checks: ["create:need"], probe: fixed("/needs/new", { title: "" }) },
  "challenges.new GET": { kind: "permission", checks: ["create:challenge"], probe: fixed("/challenges/new") },
  "challenges.new POST": { kind: "permission", checks: ["create:challenge"], probe: fixed("/challenges/new", { title: "" }) },
  "rooms.new GET": { kind: "permission", checks: ["create:room"], probe: fixed("/rooms/new") },
  "rooms.new POST": { kind: "permission", checks: ["create:room"], probe: fixed("/rooms/new", { title: "" }) },
  "review GET": { kind: "permission", checks: ["review:listing"], probe: fixed("/review") },
  "import GET": { kind: "permission", checks: ["create:achievement", "create:need"], probe: fixed("/import") },
  "import POST": { kind: "permission", checks: ["create:achievement", "create:need"], probe: fixed("/import", { intent: "matrix-probe" }) },
  "approvals GET": { kind: "permission", checks: ["approve:membership"], probe: fixed("/approvals") },
  "approvals POST": { kind: "permission", checks: ["approve:membership"], probe: fixed("/approvals", { membershipId: "none", decision: "approve" }) },
  "tokens GET": { kind: "permission", checks: ["manage:token"], probe: fixed("/tokens") },
  "tokens POST": { kind: "permission", checks: ["manage:token"], probe: fixed("/tokens", { intent: "matrix-probe" }) },

  "achievements.$id_.edit GET": { kind: "record", check: "update:achievement", probe: probe((f) => `/achievements/${own(f).achievement}/edit`) },
  "achievements.$id_.edit POST": { kind: "record", check: "update:achievement", probe: probe((f) => `/achievements/${f.achievement}/edit`, { title: "" }) },
  "needs.$id_.edit GET": { kind: "record", check: "update:need", probe: probe((f) => `/needs/${f.need}/edit`) },
  "needs.$id_.edit POST": { kind: "record", check: "update:need", probe: probe((f) => `/needs/${f.need}/edit`, { title: "" }) },
  "achievements.$id GET": { kind: "domain", rule: "published listings are public; drafts only to the owner and reviewers; the description behind the disclosure terms", coveredBy: "tests/server/listings-http.db.test.ts" },
  "achievements.$id POST": { kind: "record", check: "delete:achievement", probe: probe((f) => `/achievements/${f.achievement}`, { intent: "delete" }) },
  "needs.$id GET": { kind: "domain", rule: "as achievements.$id", coveredBy: "tests/server/listings-http.db.test.ts" },
  "needs.$id POST": { kind: "record", check: "delete:need", probe: probe((f) => `/needs/${f.need}`, { intent: "delete" }) },
  "achievements.$id.attachments POST": { kind: "domain", rule: "update:achievement of the owner, file sniffed and size-capped", coveredBy: "tests/server/listings-files-http.db.test.ts" },
  "attachments.$id GET": { kind: "domain", rule: "the listing's disclosure gate", coveredBy: "tests/server/listings-files-http.db.test.ts" },
  "matches.$kind.$id GET": { kind: "domain", rule: "the listing's visibility; match cards for reviewers and owners", coveredBy: "tests/server/search-page.db.test.ts" },
  "matches.$kind.$id POST": { kind: "domain", rule: "create:match or the listing's owner", coveredBy: "tests/server/search-page.db.test.ts" },
  "challenges.$id GET": { kind: "domain", rule: "published challenges are public; drafts to the poster and reviewers", coveredBy: "tests/server/challenges.db.test.ts" },
  "challenges.$id POST": { kind: "domain", rule: "review:challenge / update:challenge of the poster", coveredBy: "tests/server/challenges.db.test.ts" },
  "challenges.$id_.edit GET": { kind: "domain", rule: "update:challenge of the poster", coveredBy: "tests/server/challenges.db.test.ts" },
  "challenges.$id_.edit POST": { kind: "domain", rule: "update:challenge of the poster", coveredBy: "tests/server/challenges.db.test.ts" },
  "rooms.$id GET": { kind: "domain", rule: "the room's visibility", coveredBy: "tests/server/bidroom.db.test.ts" },
  "rooms.$id POST": { kind: "domain", rule: "registration: create:bid; admission: moderate:room", coveredBy: "tests/server/bidroom.db.test.ts" },
  "rooms.$id.log GET": { kind: "domain", rule: "participants and moderators of the room", coveredBy: "tests/server/bidroom.db.test.ts" },
  "rooms.$id_.confirmation GET": { kind: "domain", rule: "the parties of a closed room", coveredBy: "tests/e2e/bidroom.spec.ts" },
  "rooms.$id_.verify GET": { kind: "domain", rule: "participants and moderators of the room", coveredBy: "tests/server/bidroom.db.test.ts" },
  "rooms.$id_.verify POST": { kind: "domain", rule: "participants and moderators of the room", coveredBy: "tests/server/bidroom.db.test.ts" },
  "import.$batchId.errors[.]xlsx GET": { kind: "domain", rule: "the user who uploaded the batch", coveredBy: "tests/server/listings-http.db.test.ts" },
  "import.$batchId.progress GET": { kind: "domain", rule: "the user who uploaded the batch", coveredBy: "tests/server/listings-files-http.db.test.ts" },

  // Organization profiles, the broker workspace, deals, the bureau dashboard, the policy advisor.
  "orgs.$id GET": { kind: "public", probe: fixed("/orgs/no-such-org"), status: 404 },
  "broker GET": { kind: "domain", rule: "the workspace layout: any signed-in member; its tabs follow review:listing, create:deal and a managed agency; each child page decides", coveredBy: "tests/server/deals-http.db.test.ts" },
  "advisor._index GET": { kind: "signedIn", probe: fixed("/advisor") },
  "advisor.measures GET": { kind: "permission", checks: ["manage:policy"], probe: fixed("/advisor/measures") },
  "advisor.measures POST": { kind: "permission", checks: ["manage:policy"], probe: fixed("/advisor/measures", { code: "" }) },
  "broker._index GET": { kind: "permission", checks: ["review:listing"], probe: fixed("/broker") },
  "broker.matches GET": { kind: "permission", checks: ["create:deal"], probe: fixed("/broker/matches") },
  "broker.matches POST": { kind: "permission", checks: ["create:deal"], probe: fixed("/broker/matches", { intent: "dismiss", needId: "no-such-need" }) },
  "broker.rules GET": { kind: "domain", rule: "manage:commission of an organization administrator whose organization is a broker agency", coveredBy: "tests/server/deals-http.db.test.ts" },
  "broker.rules POST": { kind: "domain", rule: "manage:commission of an administrator of that broker agency", coveredBy: "tests/server/deals-http.db.test.ts" },
  "deals._index GET": { kind: "permission", checks: ["read:deal"], probe: fixed("/deals") },
  "deals.ledger GET": { kind: "permission", checks: ["read:commission"], probe: fixed("/deals/ledger") },
  "deals.ledger[.]xlsx GET": { kind: "permission", checks: ["export:commission"], probe: fixed("/deals/ledger.xlsx") },
  "deals.$id GET": { kind: "domain", rule: "read:deal: the deal's parties (supplier, demander, following agency) or read:deal:any", coveredBy: "tests/server/deals-http.db.test.ts" },
  "deals.$id POST": { kind: "domain", rule: "update:deal of a party, and only that party's step of the pipeline", coveredBy: "tests/server/deals-http.db.test.ts" },
  "deals.$id_.packet GET": { kind: "domain", rule: "as deals.$id GET", coveredBy: "app/domain/deals/deals.db.test.ts" },
  "deals.$id_.packet[.]xlsx GET": { kind: "domain", rule: "as deals.$id GET", coveredBy: "app/domain/deals/deals.db.test.ts" },
  "bureau._index GET": { kind: "permission", checks: ["read:report"], probe: fixed("/bureau") },
  "bureau.records GET": { kind: "permission", checks: ["read:report"], probe: fixed("/bureau/records?stage=SIGNED") },
  "bureau.report[.]html GET": { kind: "permission", checks: ["read:report"], probe: fixed("/bureau/report.html") },
  "bureau.report[.]pdf GET": { kind: "permission", checks: ["read:report"], probe: fixed("/bureau/report.pdf") },
  "bureau.report[.]xlsx GET": { kind: "permission", checks: ["read:report"], probe: fixed("/bureau/report.xlsx") },

  // Expressions of interest, conversations, notification settings.
  "interests._index GET": { kind: "signedIn", probe: fixed("/interests") },
  "interests.express POST": { kind: "domain", rule: "create:interest for a verified organization other than the listing's owner, on a published listing", coveredBy: "app/domain/interests/interests.db.test.ts" },
  "interests.$id GET": { kind: "domain", rule: "members of the interested organization and of the listing's owner", coveredBy: "tests/server/messaging.db.test.ts" },
  "interests.$id POST": { kind: "domain", rule: "update:interest: only the listing's owner answers", coveredBy: "tests/server/messaging.db.test.ts" },
  "conversations._index GET": { kind: "signedIn", probe: fixed("/conversations") },
  "conversations.open POST": { kind: "domain", rule: "the parties of the deal or interest the conversation is about", coveredBy: "tests/server/messaging.db.test.ts" },
  "conversations.$id GET": { kind: "domain", rule: "participants of the conversation", coveredBy: "tests/server/messaging.db.test.ts" },
  "conversations.$id POST": { kind: "domain", rule: "participants of the conversation; contact sharing by the two organizations", coveredBy: "app/domain/messaging/conversations.db.test.ts" },
  "conversations.$id_.files.$messageId.$index GET": { kind: "domain", rule: "participants of the conversation", coveredBy: "app/domain/messaging/conversations.db.test.ts" },
  "notifications_.settings GET": { kind: "signedIn", probe: fixed("/notifications/settings") },
  "notifications_.settings POST": { kind: "signedIn", probe: fixed("/notifications/settings", { intent: "matrix-probe" }) },

  // 揭榜申报: applications, review, award, task book, milestones, the challenge's bid room.
  "applications._index GET": { kind: "signedIn", probe: fixed("/applications") },
  "challenges.$id_.apply GET": { kind: "permission", checks: ["create:application"], probe: fixed("/challenges/no-such-challenge/apply") },
  "challenges.$id_.apply POST": { kind: "permission", checks: ["create:application"], probe: fixed("/challenges/no-such-challenge/apply", { title: "" }) },
  "applications.$id GET": { kind: "domain", rule: "read:application of the applicant's organization, the challenge's issuer, assigned reviewers, read:application:any", coveredBy: "tests/server/challenge-apps.db.test.ts" },
  "applications.$id POST": { kind: "domain", rule: "submit/withdraw by the applicant; formal review by review:application", coveredBy: "tests/server/challenge-apps.db.test.ts" },
  "applications.$id_.edit GET": { kind: "domain", rule: "update:application of the applicant's organization while a draft", coveredBy: "app/domain/challenges/applications.db.test.ts" },
  "applications.$id_.edit POST": { kind: "domain", rule: "update:application of the applicant's organization while a draft", coveredBy: "app/domain/challenges/applications.db.test.ts" },
  "applications.$id_.review GET": { kind: "domain", rule: "the expert reviewers assigned to the challenge, after declaring no conflict", coveredBy: "app/domain/challenges/applications.db.test.ts" },
  "applications.$id_.review POST": { kind: "domain", rule: "the expert reviewers assigned to the challenge, after declaring no conflict", coveredBy: "app/domain/challenges/applications.db.test.ts" },
  "challenges.$id_.applications GET": { kind: "domain", rule: "the challenge's issuer and review:application; reviewers are assigned there", coveredBy: "tests/server/challenge-apps.db.test.ts" },
  "challenges.$id_.applications POST": { kind: "domain", rule: "review:application assigns reviewers, shortlists and awards; the challenge's transitions", coveredBy: "app/domain/challenges/applications.db.test.ts" },
  "challenges.$id_.award GET": { kind: "domain", rule: "the 公示 of a visible challenge is public (the challenge's visibility)", coveredBy: "tests/server/challenge-apps.db.test.ts" },
  "challenges.$id_.award POST": { kind: "domain", rule: "any signed-in member objects while 公示 runs; review:application resolves objections", coveredBy: "app/domain/challenges/applications.db.test.ts" },
  "challenges.$id_.taskbook GET": { kind: "domain", rule: "the issuer and review:application see every task book; otherwise read:application of each book's lead organization", coveredBy: "tests/server/challenge-followup-access.db.test.ts" },
  "challenges.$id_.milestones GET": { kind: "domain", rule: "the challenge's issuer and review:application", coveredBy: "tests/server/challenge-followup-access.db.test.ts" },
  "challenges.$id_.milestones POST": { kind: "domain", rule: "mid-term review and acceptance by review:application; starting acceptance and closing by the challenge's transitions", coveredBy: "app/domain/challenges/applications.db.test.ts" },
  "rooms.challenge.$challengeId GET": { kind: "domain", rule: "update:challenge of the issuer or moderate:room", coveredBy: "tests/server/challenge-room-page.db.test.ts" },
  "rooms.challenge.$challengeId POST": { kind: "domain", rule: "update:challenge of the issuer or moderate:room", coveredBy: "tests/server/challenge-room-page.db.test.ts" },

  "api.v1.achievements GET": { kind: "api", scope: null, probe: { method: "GET", path: () => "/api/v1/achievements" } },
  "api.v1.achievements POST": { kind: "api", scope: "listings:write", check: "create:achievement", probe: { method: "POST", path: () => "/api/v1/achievements", body: {} } },
  "api.v1.achievements.$ref GET": { kind: "api", scope: null, probe: { method: "GET", path: () => "/api/v1/achievements/no-such-ref" } },
  "api.v1.achievements.$ref POST": { kind: "api", scope: "listings:write", check: "update:achievement", probe: { method: "PATCH", path: (f) => `/api/v1/achievements/${f.achievement}`, body: { title: "" } } },
  "api.v1.achievements.$ref.transitions POST": { kind: "api", scope: "listings:transition", check: "submit:achievement", probe: { method: "POST", path: (f) => `/api/v1/achievements/${f.achievement}/transitions`, body: { transition: "submit" } } },
  "api.v1.needs GET": { kind: "api", scope: null, probe: { method: "GET", path: () => "/api/v1/needs" } },
  "api.v1.needs POST": { kind: "api", scope: "listings:write", check: "create:need", probe: { method: "POST", path: () => "/api/v1/needs", body: {} } },
  "api.v1.needs.$ref GET": { kind: "api", scope: null, probe: { method: "GET", path: () => "/api/v1/needs/no-such-ref" } },
  "api.v1.needs.$ref POST": { kind: "api", scope: "listings:write", check: "update:need", probe: { method: "PATCH", path: (f) => `/api/v1/needs/${f.need}`, body: { title: "" } } },
  "api.v1.needs.$ref.transitions POST": { kind: "api", scope: "listings:transition", check: "submit:need", probe: { method: "POST", path: (f) => `/api/v1/needs/${f.need}/transitions`, body: { transition: "submit" } } },
};

export type SocketRule = { kind: "signedIn"; probe: { payload: unknown; expectOk: boolean } } | { kind: "domain"; rule: string; coveredBy: string; probe: { payload: unknown } };

/** Every client-to-server event of app/realtime/protocol.ts. The handshake itself needs a session. */
export const socketRules: Record<string, SocketRule> = {
  ping: { kind: "signedIn", probe: { payload: {}, expectOk: true } },
  "room:join": { kind: "domain", rule: "registered bidders, the host and moderators", coveredBy: "tests/server/bidroom.db.test.ts", probe: { payload: { roomId: "no-such-room" } } },
  "room:command": { kind: "domain", rule: "create:bid of an admitted bidder; moderate:room", coveredBy: "tests/server/bidroom.db.test.ts", probe: { payload: { roomId: "no-such-room" } } },
  "room:leave": { kind: "domain", rule: "leaves a socket.io room; no acknowledgement", coveredBy: "tests/server/bidroom.db.test.ts", probe: { payload: { roomId: "no-such-room" } } },
  "conversation:join": { kind: "domain", rule: "participants of the conversation", coveredBy: "tests/server/messaging.db.test.ts", probe: { payload: { conversationId: "no-such-conversation" } } },
  "conversation:send": { kind: "domain", rule: "participants of the conversation", coveredBy: "tests/server/messaging.db.test.ts", probe: { payload: { conversationId: "no-such-conversation", body: "matrix" } } },
  "conversation:read": { kind: "domain", rule: "participants of the conversation", coveredBy: "app/domain/messaging/conversations.db.test.ts", probe: { payload: { conversationId: "no-such-conversation" } } },
  "conversation:leave": { kind: "domain", rule: "leaves a socket.io room; no acknowledgement", coveredBy: "tests/server/messaging.db.test.ts", probe: { payload: { conversationId: "no-such-conversation" } } },
};

const root = path.resolve(import.meta.dirname, "..", "..");

/** Every route module with the methods it answers: GET when it exports a loader, POST when it exports an action. */
export function routeEntries(): string[] {
  const dir = path.join(root, "app", "routes");
  return fs
    .readdirSync(dir)
    .filter((file) => /\.(tsx?|jsx?)$/.test(file))
    .sort()
    .flatMap((file) => {
      const source = fs.readFileSync(path.join(dir, file), "utf8");
      const id = file.replace(/\.(tsx?|jsx?)$/, "");
      const exports = (name: string) => new RegExp(`export\\s+(async\\s+)?(function|const|let)\\s+${name}\\b`).test(source);
      return [...(exports("loader") ? [`${id} GET`] : []), ...(exports("action") ? [`${id} POST`] : [])];
    });
}

/** The client-to-server events declared in the protocol's ClientToServerEvents type. */
export function socketEvents(): string[] {
  const source = fs.readFileSync(path.join(root, "app", "realtime", "protocol.ts"), "utf8");
  const block = source.match(/export type ClientToServerEvents = \{([\s\S]*?)\n\};/)?.[1] ?? "";
  return [...block.matchAll(/^\s*(?:"([^"]+)"|([A-Za-z_][\w]*))\s*:/gm)].map((m) => m[1] ?? m[2] ?? "");
}
