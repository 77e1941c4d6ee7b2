import { afterAll, beforeAll, expect, test } from "vitest";
import { DomainError } from "~/domain/errors";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { actorFor, createMember, createOrg, TEST_PASSWORD } from "../../../tests/helpers/factories";
import {
  changePassword,
  createSession,
  decideMembership,
  getActorBySessionToken,
  listPendingMemberships,
  login,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_IP,
  revokeSession,
  signup,
} from "./accounts.server";
import { signupSchema } from "./validation";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.dispose();
});

const signupInput = (overrides: Record<string, string> = {}) =>
  signupSchema.parse({
    mode: "create",
    email: `Founder-${Math.random().toString(36).slice(2)}@Example.com`,
    name: "林老师",
    password: "Lujiang-tech-2026",
    orgName: `鹭江测试大学-${Math.random().toString(36).slice(2)}`,
    orgKind: "UNIVERSITY",
    role: "TTO",
    ...overrides,
  });

test("signing up with a new organization creates an unverified organization and a pending admin membership", async () => {
  const db = database.prisma;
  const input = signupInput();
  const { user, membership } = await signup(db, input);
  expect(user.email).toBe(input.email.toLowerCase());
  expect(membership).toMatchObject({ status: "PENDING", orgAdmin: true, role: "TTO" });
  const org = await db.organization.findUniqueOrThrow({ where: { id: membership.organizationId } });
  expect(org.verified).toBe(false);
  const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  expect(await db.auditEvent.count({ where: { entityId: user.id, action: "user.signup" } })).toBe(1);
});

test("a duplicate email is refused on the email field and writes nothing", async () => {
  const db = database.prisma;
  const first = signupInput();
  await signup(db, first);
  const [users, orgs] = [await db.user.count(), await db.organization.count()];
  const again = signup(db, signupInput({ email: first.email.toUpperCase() }));
  await expect(again).rejects.toBeInstanceOf(DomainError);
  await expect(again).rejects.toMatchObject({ field: "email", status: 409 });
  expect([await db.user.count(), await db.organization.count()]).toEqual([users, orgs]);
});

test("an existing organization name is refused and no user is left behind", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const users = await db.user.count();
  await expect(signup(db, signupInput({ orgName: org.name }))).rejects.toMatchObject({ field: "orgName" });
  expect(await db.user.count()).toBe(users);
});

test("joining an organization needs a role that fits it", async () => {
  const db = database.prisma;
  const enterprise = await createOrg(db, "ENTERPRISE");
  const bad = signupSchema.parse({ mode: "join", email: "joiner-bad@example.com", name: "王", password: "Lujiang-tech-2026", organizationId: enterprise.id, role: "TTO" });
  await expect(signup(db, bad)).rejects.toMatchObject({ field: "role" });
  const good = signupSchema.parse({ ...bad, email: "joiner@example.com", role: "ENTERPRISE" });
  const { membership } = await signup(db, good);
  expect(membership).toMatchObject({ status: "PENDING", orgAdmin: false, organizationId: enterprise.id });
});

test("an organization's admin approves join requests for it, and no other organization's admin can", async () => {
  const db = database.prisma;
  const org = await createOrg(db, "ENTERPRISE");
  const otherOrg = await createOrg(db, "ENTERPRISE");
  const orgAdmin = await actorFor(db, (await createMember(db, org.id, "ENTERPRISE", { orgAdmin: true })).id);
  const otherAdmin = await actorFor(db, (await createMember(db, otherOrg.id, "ENTERPRISE", { orgAdmin: true })).id);
  const applicant = await createMember(db, org.id, "ENTERPRISE", { status: "PENDING" });
  const membership = await db.membership.findFirstOrThrow({ where: { userId: applicant.id } });

  expect((await listPendingMemberships(db, otherAdmin)).some((m) => m.id === membership.id)).toBe(false);
  await expect(decideMembership(db, otherAdmin, membership.id, "approve")).rejects.toMatchObject({ status: 403 });
  expect((await listPendingMemberships(db, orgAdmin)).some((m) => m.id === membership.id)).toBe(true);
  await decideMembership(db, orgAdmin, membership.id, "approve");
  expect((await db.membership.findUniqueOrThrow({ where: { id: membership.id } })).status).toBe("ACTIVE");
  await expect(decideMembership(db, orgAdmin, membership.id, "reject")).rejects.toMatchObject({ status: 409 });
});

test("only the platform admin verifies a new organization by approving its founder", async () => {
  const db = database.prisma;
  const { membership } = await signup(db, signupInput());
  const platform = await createOrg(db, "GOVERNMENT");
  const admin = await actorFor(db, (await createMember(db, platform.id, "ADMIN")).id);
  await decideMembership(db, admin, membership.id, "approve");
  const org = await db.organization.findUniqueOrThrow({ where: { id: membership.organizationId } });
  expect(org.verified).toBe(true);
});

test("login succeeds with the right password and fails alike for a wrong password or an unknown email", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const user = await createMember(db, org.id, "RESEARCHER");
  expect(await login(db, { email: user.email, password: TEST_PASSWORD, ip: "10.0.0.1" })).toEqual({ ok: true, userId: user.id });
  const wrong = await login(db, { email: user.email, password: "not-the-password", ip: "10.0.0.1" });
  const unknown = await login(db, { email: "nobody@example.com", password: "whatever-it-is", ip: "10.0.0.1" });
  expect(wrong.ok || unknown.ok).toBe(false);
  if (!wrong.ok && !unknown.ok) expect(wrong.error.messageKey).toBe(unknown.error.messageKey);
});

test("repeated failures lock the account for a while, even with the right password", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const user = await createMember(db, org.id, "RESEARCHER");
  for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i += 1) {
    expect((await login(db, { email: user.email, password: `wrong-${i}-password`, ip: `10.1.0.${i}` })).ok).toBe(false);
  }
  const locked = await login(db, { email: user.email, password: TEST_PASSWORD, ip: "10.1.1.1" });
  expect(locked.ok).toBe(false);
  if (!locked.ok) expect(locked.error).toMatchObject({ messageKey: "auth.login.throttledAccount", status: 429 });
});

test("many failures from one address throttle that address across accounts", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const user = await createMember(db, org.id, "RESEARCHER");
  await db.loginAttempt.createMany({ data: Array.from({ length: MAX_FAILURES_PER_IP }, (_, i) => ({ ip: "10.9.9.9", email: `x${i}@example.com` })) });
  const result = await login(db, { email: user.email, password: TEST_PASSWORD, ip: "10.9.9.9" });
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.messageKey).toBe("auth.login.throttledIp");
  expect((await login(db, { email: user.email, password: TEST_PASSWORD, ip: "10.9.9.10" })).ok).toBe(true);
});

test("sessions are stored hashed, can be revoked, and a password change ends the other sessions", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const user = await createMember(db, org.id, "RESEARCHER");
  const a = await createSession(db, user.id);
  const b = await createSession(db, user.id);
  expect(await db.session.count({ where: { id: a.token } })).toBe(0);
  const actorA = await getActorBySessionToken(db, a.token);
  expect(actorA?.id).toBe(user.id);
  if (!actorA) return;

  await expect(changePassword(db, actorA, { currentPassword: "wrong-current-pass", newPassword: "Another-pass-2026" })).rejects.toMatchObject({ field: "currentPassword" });
  await changePassword(db, actorA, { currentPassword: TEST_PASSWORD, newPassword: "Another-pass-2026" });
  expect(await getActorBySessionToken(db, b.token)).toBeNull();
  expect((await getActorBySessionToken(db, a.token))?.id).toBe(user.id);
  expect((await login(db, { email: user.email, password: "Another-pass-2026", ip: "10.2.0.1" })).ok).toBe(true);

  await revokeSession(db, a.token);
  expect(await getActorBySessionToken(db, a.token)).toBeNull();
});

test("pending and rejected memberships grant nothing", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const user = await createMember(db, org.id, "TTO", { status: "PENDING" });
  const actor = await actorFor(db, user.id);
  expect(actor.memberships).toEqual([]);
  expect(actor.allMemberships).toHaveLength(1);
});
