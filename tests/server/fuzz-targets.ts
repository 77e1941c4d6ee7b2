import fc from "fast-check";

/**
 * What the payload fuzz posts to every form action, keyed like the authorization table
 * (`<route module> POST`). Each target names who posts (a member who reaches the action, so the
 * refusal comes from the action itself rather than a 403), the path (fixture records), and payloads
 * the action must refuse. Every generator is invalid by construction, so a refusal is the only right
 * answer and the database must stay as it was; the comment on each says why its payloads cannot pass.
 */

/** The fixture records the paths and payloads are built from (see the fuzz test's beforeAll). */
export type FuzzRecords = {
  achievement: string;
  need: string;
  deal: string;
  interest: string;
  challenge: string;
  draftChallenge: string;
  application: string;
  room: string;
  closedRoom: string;
  conversation: string;
  agency: string;
  measureCode: string;
};

export type Caller = "visitor" | "visitorEn" | "researcher" | "tto" | "enterprise" | "broker" | "admin";

export type Part = { name: string; value: string } | { name: string; file: Uint8Array; fileName: string; type: string };
/** A URL-encoded form or a multipart body. */
export type Payload = { form: Record<string, string> } | { parts: Part[] };

export type FormTarget = {
  kind: "form";
  as: Caller;
  path: (records: FuzzRecords) => string;
  payloads: (records: FuzzRecords) => fc.Arbitrary<Payload>;
  /**
   * refused: any 4xx; fieldMessages: a 4xx whose page shows a message (role="alert" or aria-invalid);
   * acceptsAny: the action takes any body by design, so only a 5xx is wrong.
   */
  expect: "refused" | "fieldMessages" | "acceptsAny";
};
/** /api/v1 endpoints get JSON bodies in the API test of the fuzz file. */
export type ApiTarget = { kind: "api"; method: "POST" | "PATCH"; path: (records: FuzzRecords) => string; token: "university" | "company" };
export type FuzzTarget = FormTarget | ApiTarget;

// Text that tends to break things: markup, formulas, control and bidi characters, astral planes, very long strings, numbers out of range.
export const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("<script>alert(1)</script>", '=HYPERLINK("http://evil.example")', "\u0000\u202e\ufeff", "💥".repeat(30), "-1", "1e309", "NaN", "9".repeat(40), "../../etc/passwd", "' OR 1=1 --", "{}", "[]", "null"),
  fc.integer({ min: 2_001, max: 20_000 }).map((n) => "长".repeat(n)),
);
/** Record ids are cuids; these never are one, so they name no record. */
const noSuchId = fc.oneof(nasty, fc.string({ minLength: 1, maxLength: 20 }).map((s) => `no-such-${s}`));
const formOf = (fields: readonly string[]) => fc.dictionary(fc.constantFrom(...fields, "intent", "__proto__", "constructor"), nasty, { maxKeys: fields.length + 2 });
/** An intent the action does not know. */
const junkIntent = (known: readonly string[]) => fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), nasty).filter((s) => !known.includes(s));
const not = (values: readonly string[]) => nasty.filter((s) => !values.includes(s) && !values.includes(s.trim()));
const form = (arbitrary: fc.Arbitrary<Record<string, string>>): fc.Arbitrary<Payload> => arbitrary.map((f) => ({ form: f }));
/** A form that the route must refuse: its required title is missing or absurdly long. */
const invalidListing = (fields: readonly string[]) => form(fc.tuple(formOf(fields), fc.constantFrom("", " ", "长".repeat(5_000))).map(([f, title]) => ({ ...f, title })));
/** An intent the action does not know, with whatever fields. */
const unknownIntent = (known: readonly string[], fields: readonly string[] = []) => form(fc.tuple(junkIntent(known), formOf(fields)).map(([intent, f]) => ({ ...f, intent })));

const listingFields = ["summary", "description", "techField", "maturity", "ip.0.type", "ip.0.number", "cooperationModes", "priceMin", "priceMax", "region", "validUntil", "budgetMin", "budgetMax"];
const challengeFields = ["summary", "description", "budgetMin", "budgetMax", "deadline", "applicationDeadline", "field", "region"];
const roomFields = ["startPrice", "increment", "reservePrice", "maxExtensions", "opensAt", "closesAt", "softCloseSeconds", "achievementId"];
const applicationFields = ["piTitle", "piEmail", "summary", "requestedWan", "selfFundedWan", "memberName", "memberKind", "subTaskTitle", "subTaskMonths"];
const listingIntents = ["submit", "withdraw", "startReview", "publish", "return", "reject", "archive", "delete", "acceptDisclosure", "expire", "unpublish", "reopen"];
const challengeTransitions = ["submit", "withdraw", "startReview", "return", "publish", "closeApplications", "startExpertReview", "openBidding", "shortlist", "award", "confirmAward", "startAcceptance", "close", "cancel"];

/** Files no sniffer accepts: random bytes whose first byte starts no PDF, PNG, JPEG, WebP, GIF or ZIP (xlsx). */
const junkBytes = fc.uint8Array({ minLength: 1, maxLength: 2_048 }).filter((bytes) => ![0x25, 0x89, 0xff, 0x52, 0x47, 0x50].includes(bytes[0] ?? 0));
const fileName = fc.oneof(fc.constantFrom("report.pdf", "photo.png", "listings.xlsx", "evil.exe", "../../passwd", "\u202eexe.pdf", ""), fc.string({ maxLength: 30 }));
const mediaType = fc.constantFrom("application/pdf", "image/png", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/plain", "application/octet-stream", "");
const junkFields = fc.array(fc.record({ name: fc.oneof(fc.constantFrom("kind", "body", "intent", "batchId"), fc.string({ maxLength: 12 })).filter((n) => n !== "file"), value: nasty }), { maxLength: 3 });
/** Multipart bodies without a usable file: a file of junk bytes, an empty file, or no file part at all. */
const multipartWithout = (fileField: string) =>
  fc.oneof(
    fc.tuple(junkBytes, fileName, mediaType, junkFields).map(([file, name, type, fields]): Payload => ({ parts: [...fields, { name: fileField, file, fileName: name, type }] })),
    fc.tuple(fileName, mediaType, junkFields).map(([name, type, fields]): Payload => ({ parts: [...fields, { name: fileField, file: new Uint8Array(), fileName: name, type }] })),
    junkFields.map((fields): Payload => ({ parts: [...fields, { name: "not-the-file", value: "x" }] })),
  );

/** A score the 0–100 scale refuses: out of range or not a number (the empty string counts as 0, so it is left out). */
const badScore = fc.oneof(
  fc.integer({ min: 101, max: 1_000_000 }).map(String),
  fc.integer({ min: -1_000_000, max: -1 }).map(String),
  nasty.filter((s) => s.trim() !== "" && Number.isNaN(Number(s))),
);
/** A commission percentage the rule refuses: not of the form 1–3 digits with up to 3 decimals, or outside (0, 100]. */
const badPercent = nasty.filter((s) => !/^\d{1,3}(\.\d{1,3})?$/.test(s.trim()) || Number(s) > 100 || Number(s) <= 0);

export const fuzzTargets: Record<string, FuzzTarget> = {
  // The new password is at most 5 characters, below the minimum.
  "account POST": { kind: "form", as: "researcher", path: () => "/account", expect: "fieldMessages", payloads: () => form(fc.tuple(formOf(["currentPassword"]), fc.string({ maxLength: 5 })).map(([f, newPassword]) => ({ ...f, newPassword }))) },
  // Uploads carry no sniffable file; the plain form either is not a delete or names no attachment.
  "achievements.$id.attachments POST": {
    kind: "form",
    as: "researcher",
    path: (r) => `/achievements/${r.achievement}/attachments`,
    expect: "refused",
    payloads: () => fc.oneof(multipartWithout("file"), unknownIntent(["delete"], ["attachmentId"]), form(noSuchId.map((attachmentId) => ({ intent: "delete", attachmentId })))),
  },
  // Workflow transitions and delete are left out: on the owner's draft some would be accepted.
  "achievements.$id POST": { kind: "form", as: "researcher", path: (r) => `/achievements/${r.achievement}`, expect: "fieldMessages", payloads: () => unknownIntent(listingIntents, ["reason"]) },
  "achievements.$id_.edit POST": { kind: "form", as: "researcher", path: (r) => `/achievements/${r.achievement}/edit`, expect: "fieldMessages", payloads: () => invalidListing(listingFields) },
  "achievements.new POST": { kind: "form", as: "researcher", path: () => "/achievements/new", expect: "fieldMessages", payloads: () => invalidListing(listingFields) },
  // Valid-from is never an ISO date, so no revision is written, whatever the other fields.
  "advisor.measures POST": {
    kind: "form",
    as: "admin",
    path: () => "/advisor/measures",
    expect: "fieldMessages",
    payloads: (r) => form(fc.tuple(formOf(["title", "titleEn", "textExcerpt", "kind", "group", "parameters"]), fc.constantFrom(r.measureCode, ""), nasty.filter((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s))).map(([f, code, validFrom]) => ({ ...f, code, validFrom }))),
  },
  "api.v1.achievements POST": { kind: "api", method: "POST", path: () => "/api/v1/achievements", token: "university" },
  "api.v1.achievements.$ref POST": { kind: "api", method: "PATCH", path: (r) => `/api/v1/achievements/${r.achievement}`, token: "university" },
  "api.v1.achievements.$ref.transitions POST": { kind: "api", method: "POST", path: (r) => `/api/v1/achievements/${r.achievement}/transitions`, token: "university" },
  "api.v1.needs POST": { kind: "api", method: "POST", path: () => "/api/v1/needs", token: "company" },
  "api.v1.needs.$ref POST": { kind: "api", method: "PATCH", path: (r) => `/api/v1/needs/${r.need}`, token: "company" },
  "api.v1.needs.$ref.transitions POST": { kind: "api", method: "POST", path: (r) => `/api/v1/needs/${r.need}/transitions`, token: "company" },
  // Submit and withdraw would move the applicant's draft; formal review always has a decision that is neither pass nor fail.
  "applications.$id POST": {
    kind: "form",
    as: "researcher",
    path: (r) => `/applications/${r.application}`,
    expect: "fieldMessages",
    payloads: () => fc.oneof(unknownIntent(["submit", "withdraw", "formalReview"], ["decision", "reasonCode", "note"]), form(fc.tuple(not(["pass", "fail"]), formOf(["reasonCode", "note"])).map(([decision, f]) => ({ ...f, intent: "formalReview", decision })))),
  },
  // The principal investigator's name is missing.
  "applications.$id_.edit POST": { kind: "form", as: "researcher", path: (r) => `/applications/${r.application}/edit`, expect: "fieldMessages", payloads: () => form(formOf(applicationFields).map((f) => ({ ...f, piName: "" }))) },
  // A conflict declaration that is neither yes nor no, or scores with at least one outside 0–100.
  "applications.$id_.review POST": {
    kind: "form",
    as: "broker",
    path: (r) => `/applications/${r.application}/review`,
    expect: "refused",
    payloads: () =>
      fc.oneof(
        form(fc.tuple(not(["yes", "no"]), formOf(["conflictNote"])).map(([conflicted, f]) => ({ ...f, intent: "declare", conflicted }))),
        form(fc.tuple(fc.string({ maxLength: 12 }), badScore, formOf(["comment", "score_novelty"])).map(([criterion, score, f]) => ({ ...f, intent: "score", [`score_${criterion}`]: score }))),
      ),
  },
  // The decision is neither approve nor reject, or the membership names no record.
  "approvals POST": {
    kind: "form",
    as: "researcher",
    path: () => "/approvals",
    expect: "fieldMessages",
    payloads: () => form(fc.oneof(fc.tuple(nasty, not(["approve", "reject"])), fc.tuple(noSuchId, fc.constantFrom("approve", "reject"))).map(([membershipId, decision]) => ({ membershipId, decision }))),
  },
  // Accept or dismiss, always for a need that names no record.
  "broker.matches POST": {
    kind: "form",
    as: "broker",
    path: () => "/broker/matches",
    expect: "refused",
    payloads: () => form(fc.tuple(fc.oneof(fc.constantFrom("accept", "dismiss"), nasty), noSuchId, formOf(["candidateId", "reason", "note", "score"])).map(([intent, needId, f]) => ({ ...f, intent, needId }))),
  },
  // Another agency's id, or the broker's own agency with a percentage the rule refuses.
  "broker.rules POST": {
    kind: "form",
    as: "broker",
    path: () => "/broker/rules",
    expect: "refused",
    payloads: (r) =>
      fc.oneof(
        form(fc.tuple(noSuchId, formOf(["kind", "percent", "fixedWan", "introducerShare"])).map(([agencyId, f]) => ({ ...f, agencyId }))),
        form(fc.tuple(badPercent, formOf(["fixedWan", "introducerShare"])).map(([percent, f]) => ({ ...f, agencyId: r.agency, kind: "PERCENT", percent }))),
      ),
  },
  // Never one of the challenge's transitions.
  "challenges.$id POST": { kind: "form", as: "enterprise", path: (r) => `/challenges/${r.challenge}`, expect: "fieldMessages", payloads: () => form(fc.tuple(not(challengeTransitions), formOf(["reason", "checklist"])).map(([transition, f]) => ({ ...f, transition }))) },
  // Shortlist, award and the steps would move the challenge; assigning names no reviewer.
  "challenges.$id_.applications POST": {
    kind: "form",
    as: "broker",
    path: (r) => `/challenges/${r.challenge}/applications`,
    expect: "fieldMessages",
    payloads: () => fc.oneof(unknownIntent(["assign", "shortlist", "award", "closeApplications", "startExpertReview", "openBidding"], ["selection", "reviewerId"]), form(noSuchId.map((reviewerId) => ({ intent: "assign", reviewerId })))),
  },
  "challenges.$id_.apply POST": { kind: "form", as: "researcher", path: (r) => `/challenges/${r.challenge}/apply`, expect: "fieldMessages", payloads: () => form(formOf(applicationFields).map((f) => ({ ...f, piName: "" }))) },
  // Objections and resolutions name no application or objection; confirming the award is left out.
  "challenges.$id_.award POST": {
    kind: "form",
    as: "researcher",
    path: (r) => `/challenges/${r.challenge}/award`,
    expect: "fieldMessages",
    payloads: () =>
      fc.oneof(
        unknownIntent(["object", "resolve", "confirmAward"], ["applicationId", "reason"]),
        form(fc.tuple(noSuchId, nasty).map(([applicationId, reason]) => ({ intent: "object", applicationId, reason }))),
        form(fc.tuple(noSuchId, fc.constantFrom("yes", "no"), nasty).map(([objectionId, upheld, resolution]) => ({ intent: "resolve", objectionId, upheld, resolution }))),
      ),
  },
  "challenges.$id_.edit POST": { kind: "form", as: "enterprise", path: (r) => `/challenges/${r.draftChallenge}/edit`, expect: "fieldMessages", payloads: () => invalidListing(challengeFields) },
  // Mid-term reviews and acceptances name no milestone or application; starting acceptance and closing are left out.
  "challenges.$id_.milestones POST": {
    kind: "form",
    as: "broker",
    path: (r) => `/challenges/${r.challenge}/milestones`,
    expect: "fieldMessages",
    payloads: () =>
      fc.oneof(
        unknownIntent(["midTerm", "acceptance", "startAcceptance", "close"], ["milestoneId", "applicationId"]),
        form(fc.tuple(noSuchId, fc.constantFrom("yes", "no"), fc.constantFrom("continue", "merge", "terminate"), nasty).map(([milestoneId, passed, decision, evidence]) => ({ intent: "midTerm", milestoneId, passed, decision, evidence }))),
        form(fc.tuple(noSuchId, nasty, nasty).map(([applicationId, indicator, achieved]) => ({ intent: "acceptance", applicationId, indicator, achieved, passed: indicator }))),
      ),
  },
  "challenges.new POST": { kind: "form", as: "enterprise", path: () => "/challenges/new", expect: "fieldMessages", payloads: () => invalidListing(challengeFields) },
  // A message that is blank or over 5,000 characters, or an upload without a usable file and a blank body; consent is left out.
  "conversations.$id POST": {
    kind: "form",
    as: "researcher",
    path: (r) => `/conversations/${r.conversation}`,
    expect: "fieldMessages",
    payloads: () =>
      fc.oneof(
        form(fc.constantFrom("", " ", "\n\t ", "长".repeat(5_001), "a".repeat(20_000)).map((body) => ({ body }))),
        multipartWithout("file").map((payload): Payload => ("parts" in payload ? { parts: payload.parts.filter((p) => p.name !== "body") } : payload)),
      ),
  },
  // The subject kind or id names nothing the member takes part in.
  "conversations.open POST": { kind: "form", as: "researcher", path: () => "/conversations/open", expect: "refused", payloads: () => form(fc.tuple(nasty, noSuchId).map(([subjectKind, subjectId]) => ({ subjectKind, subjectId }))) },
  // Never a stage of the pipeline.
  "deals.$id POST": {
    kind: "form",
    as: "researcher",
    path: (r) => `/deals/${r.deal}`,
    expect: "refused",
    payloads: () => form(fc.tuple(not(["INTRODUCED", "INTEREST_CONFIRMED", "NDA_SIGNED", "DUE_DILIGENCE", "NEGOTIATING", "CONTRACT_SIGNED", "REGISTERED", "OUTCOME_CHECKED", "CLOSED_LOST"]), formOf(["ndaSignedAt", "contractSignedAt", "contractType", "amountWan", "lostReason", "lostNote"])).map(([to, f]) => ({ ...f, to }))),
  },
  // Uploads without a readable spreadsheet; re-analysis and commit of a batch that names no upload.
  "import POST": { kind: "form", as: "tto", path: () => "/import", expect: "refused", payloads: () => fc.oneof(multipartWithout("file"), form(fc.tuple(noSuchId, fc.constantFrom("commit", "analyze", ""), formOf(["kind", "submit", "map.title"])).map(([batchId, intent, f]) => ({ ...f, batchId, intent })))) },
  // Answers without a valid response code, or an intent the action does not know; consent and conversation are left out.
  "interests.$id POST": {
    kind: "form",
    as: "enterprise",
    path: (r) => `/interests/${r.interest}`,
    expect: "fieldMessages",
    payloads: () => fc.oneof(unknownIntent(["answer", "consent", "conversation"], ["note"]), form(fc.tuple(not(["PROCEED", "NEED_INFO", "TECH_MISMATCH", "IMMATURE", "PRICE", "OTHER"]), formOf(["note"])).map(([code, f]) => ({ ...f, intent: "answer", code })))),
  },
  // The listing id is generated text, never a record's id.
  "interests.express POST": { kind: "form", as: "researcher", path: () => "/interests/express", expect: "refused", payloads: () => form(fc.tuple(formOf(["listingKind", "message"]), noSuchId).map(([f, listingId]) => ({ ...f, listingId }))) },
  // The generated text is never the fixture's password. Failed logins throttle the address, so this runs last.
  "login POST": { kind: "form", as: "visitor", path: () => "/login", expect: "fieldMessages", payloads: () => form(fc.record({ email: nasty, password: nasty, redirectTo: nasty })) },
  // By design: logging out ends the caller's session whatever the body says.
  "logout POST": { kind: "form", as: "researcher", path: () => "/logout", expect: "acceptsAny", payloads: () => form(formOf(["redirectTo"])) },
  // Always a decision (anything else saves a standing match), for a candidate that names no record or with an unknown decision.
  "matches.$kind.$id POST": {
    kind: "form",
    as: "researcher",
    path: (r) => `/matches/achievement/${r.achievement}`,
    expect: "refused",
    payloads: () => form(fc.tuple(fc.oneof(fc.constantFrom("ACCEPT", "DISMISS"), nasty), noSuchId, formOf(["reason", "note", "score"])).map(([decision, candidateId, f]) => ({ ...f, intent: "decide", decision, candidateId }))),
  },
  "needs.$id POST": { kind: "form", as: "enterprise", path: (r) => `/needs/${r.need}`, expect: "fieldMessages", payloads: () => unknownIntent(listingIntents, ["reason"]) },
  "needs.$id_.edit POST": { kind: "form", as: "enterprise", path: (r) => `/needs/${r.need}/edit`, expect: "fieldMessages", payloads: () => invalidListing(listingFields) },
  "needs.new POST": { kind: "form", as: "enterprise", path: () => "/needs/new", expect: "fieldMessages", payloads: () => invalidListing(listingFields) },
  // By design: marks the member's notifications read (one by id, or all); the fixture gives them none, so nothing changes.
  "notifications POST": { kind: "form", as: "researcher", path: () => "/notifications", expect: "acceptsAny", payloads: () => form(formOf(["id"])) },
  // Every form has a topic that is not one of the preference topics.
  "notifications_.settings POST": {
    kind: "form",
    as: "researcher",
    path: () => "/notifications/settings",
    expect: "fieldMessages",
    payloads: () => form(not(["review", "match", "application", "outbid", "roomOpening", "dealStalled", "deal", "message", "interest"]).map((topic) => ({ topic }))),
  },
  // Registering would register; deciding names no participant, or the decision is neither approve nor reject.
  "rooms.$id POST": {
    kind: "form",
    as: "broker",
    path: (r) => `/rooms/${r.room}`,
    expect: "refused",
    payloads: () =>
      fc.oneof(
        unknownIntent(["register", "decide"], ["participantId", "decision"]),
        form(fc.tuple(noSuchId, fc.constantFrom("approve", "reject")).map(([participantId, decision]) => ({ intent: "decide", participantId, decision }))),
        form(fc.tuple(nasty, not(["approve", "reject"])).map(([participantId, decision]) => ({ intent: "decide", participantId, decision }))),
      ),
  },
  // Not JSON, or JSON whose events are not a list of chain events. Posted by a moderator to a closed room, whose log they may read.
  "rooms.$id_.verify POST": {
    kind: "form",
    as: "broker",
    path: (r) => `/rooms/${r.closedRoom}/verify`,
    expect: "fieldMessages",
    payloads: () => form(fc.oneof(nasty.filter((s) => s !== "{}" && s !== "[]" && s !== "null"), fc.jsonValue().map((v) => JSON.stringify({ events: [v, "not an event"] }))).map((log) => ({ log }))),
  },
  // The opening time is missing.
  "rooms.challenge.$challengeId POST": {
    kind: "form",
    as: "enterprise",
    path: (r) => `/rooms/challenge/${r.challenge}`,
    expect: "fieldMessages",
    payloads: () => form(formOf(["closesAt", "maxMonths", "fundingWeight", "timeWeight", "target-0", "weight-0"]).map((f) => ({ ...f, opensAt: "" }))),
  },
  "rooms.new POST": { kind: "form", as: "tto", path: () => "/rooms/new", expect: "fieldMessages", payloads: () => invalidListing(roomFields) },
  // The password is "short", below the minimum.
  "signup POST": { kind: "form", as: "visitorEn", path: () => "/signup", expect: "fieldMessages", payloads: () => form(formOf(["mode", "email", "name", "orgName", "orgKind", "role", "orgId", "locale"]).map((f) => ({ ...f, password: "short" }))) },
  // A token without a name, or the revocation of a token that names no record.
  "tokens POST": {
    kind: "form",
    as: "researcher",
    path: () => "/tokens",
    expect: "fieldMessages",
    payloads: () => fc.oneof(form(formOf(["name", "scopes"]).map((f) => ({ ...f, intent: "create", name: "" }))), form(noSuchId.map((tokenId) => ({ intent: "revoke", tokenId })))),
  },
};
