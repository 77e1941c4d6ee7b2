import crypto from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import type { PrismaClient } from "~/generated/prisma/client";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { isRecordId } from "../record-ids";
import { roleFitsOrgKind, type GrantSource, type OrgKindName } from "./permissions";
import type { SignupInput } from "./validation";

export const SESSION_DAYS = 14;
export const THROTTLE_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

// Argon2id, OWASP's second recommended profile (19 MiB, 2 passes).
const argonOptions = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so that timing does not reveal it. */
let decoyHash: Promise<string> | undefined;
function getDecoyHash() {
  decoyHash ??= hashPassword(crypto.randomBytes(16).toString("hex"));
  return decoyHash;
}

export type ActorMembership = GrantSource & {
  id: string;
  status: "PENDING" | "ACTIVE" | "REJECTED";
  organization: { id: string; name: string; kind: OrgKindName; verified: boolean };
};

export type Actor = {
  id: string;
  email: string;
  name: string;
  locale: string;
  sessionId: string;
  /** active memberships: the ones that grant permissions */
  memberships: ActorMembership[];
  /** every membership, pending and rejected included, for the account page */
  allMemberships: ActorMembership[];
};

export async function signup(db: PrismaClient, input: SignupInput, meta: { ip?: string | null } = {}) {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw new DomainError("validation.emailTaken", 409, "email");
  const passwordHash = await hashPassword(input.password);

  return db.$transaction(async (tx) => {
    let organizationId: string;
    let orgAdmin = false;
    if (input.mode === "create") {
      const sameName = await tx.organization.findUnique({ where: { name: input.orgName }, select: { id: true } });
      if (sameName) throw new DomainError("validation.orgNameTaken", 409, "orgName");
      const org = await tx.organization.create({ data: { name: input.orgName, kind: input.orgKind, verified: false }, select: { id: true } });
      organizationId = org.id;
      orgAdmin = true;
    } else {
      const org = await tx.organization.findUnique({ where: { id: input.organizationId }, select: { id: true, kind: true } });
      if (!org) throw new DomainError("validation.choice", 422, "organizationId");
      if (!roleFitsOrgKind(org.kind, input.role)) throw new DomainError("validation.roleNotForKind", 422, "role");
      organizationId = org.id;
    }
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, passwordHash, locale: input.locale },
      select: { id: true, email: true, name: true },
    });
    const membership = await tx.membership.create({
      data: { userId: user.id, organizationId, role: input.role, orgAdmin, status: "PENDING" },
      select: { id: true, role: true, organizationId: true, orgAdmin: true, status: true },
    });
    await recordAudit(tx, { actorId: user.id, orgId: organizationId, action: "user.signup", entityType: "User", entityId: user.id, after: { user, membership, mode: input.mode }, ip: meta.ip });
    return { user, membership };
  });
}

export type LoginResult = { ok: true; userId: string } | { ok: false; error: DomainError };

export async function login(db: PrismaClient, input: { email: string; password: string; ip: string }): Promise<LoginResult> {
  const since = new Date(Date.now() - THROTTLE_WINDOW_MINUTES * 60_000);
  const [ipFailures, accountFailures] = await Promise.all([
    db.loginAttempt.count({ where: { ip: input.ip, createdAt: { gte: since } } }),
    db.loginAttempt.count({ where: { email: input.email, createdAt: { gte: since } } }),
  ]);
  if (ipFailures >= MAX_FAILURES_PER_IP) {
    return { ok: false, error: new DomainError("auth.login.throttledIp", 429, undefined, { minutes: THROTTLE_WINDOW_MINUTES }) };
  }
  if (accountFailures >= MAX_FAILURES_PER_ACCOUNT) {
    return { ok: false, error: new DomainError("auth.login.throttledAccount", 429, undefined, { minutes: THROTTLE_WINDOW_MINUTES }) };
  }

  const user = await db.user.findUnique({ where: { email: input.email }, select: { id: true, passwordHash: true, status: true } });
  const valid = await verifyPassword(user?.passwordHash ?? (await getDecoyHash()), input.password);
  if (!user || !valid) {
    await db.loginAttempt.create({ data: { ip: input.ip, email: input.email } });
    return { ok: false, error: new DomainError("auth.login.invalid", 401) };
  }
  if (user.status === "DISABLED") return { ok: false, error: new DomainError("auth.login.disabled", 403) };
  await db.loginAttempt.deleteMany({ where: { email: input.email } });
  return { ok: true, userId: user.id };
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** Starts a new session; the returned token goes into the cookie, only its hash into the database. */
export async function createSession(db: PrismaClient, userId: string, meta: { ip?: string | null; userAgent?: string | null } = {}) {
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3_600_000);
  await db.session.create({
    data: { id: hashToken(token), userId, expiresAt, ip: meta.ip ?? null, userAgent: meta.userAgent?.slice(0, 300) ?? null },
  });
  return { token, expiresAt };
}

export async function revokeSession(db: PrismaClient, token: string): Promise<void> {
  await db.session.updateMany({ where: { id: hashToken(token), revokedAt: null }, data: { revokedAt: new Date() } });
}

export const membershipSelect = {
  id: true,
  role: true,
  organizationId: true,
  orgAdmin: true,
  status: true,
  organization: { select: { id: true, name: true, kind: true, verified: true } },
} as const;

/** The signed-in user behind a session token, or null if the session is unknown, revoked or expired. */
export async function getActorBySessionToken(db: PrismaClient, token: string): Promise<Actor | null> {
  const session = await db.session.findUnique({
    where: { id: hashToken(token) },
    select: {
      id: true,
      expiresAt: true,
      revokedAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          locale: true,
          status: true,
          memberships: { select: membershipSelect, orderBy: { createdAt: "asc" } },
        },
      },
    },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || session.user.status !== "ACTIVE") return null;
  const { user } = session;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    sessionId: session.id,
    memberships: user.memberships.filter((m) => m.status === "ACTIVE"),
    allMemberships: user.memberships,
  };
}

export async function changePassword(
  db: PrismaClient,
  actor: Pick<Actor, "id" | "sessionId">,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError("account.wrongPassword", 422, "currentPassword");
  }
  if (input.currentPassword === input.newPassword) throw new DomainError("account.samePassword", 422, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { passwordHash } });
    // A changed password ends every other session: a thief's stolen session dies with the old password.
    await tx.session.updateMany({ where: { userId: actor.id, id: { not: actor.sessionId }, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actorId: actor.id, action: "user.password_changed", entityType: "User", entityId: actor.id });
  });
}

export async function setUserLocale(db: PrismaClient, userId: string, locale: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { locale } });
}

/** Which organizations an actor may approve join requests for; null means all (platform admin). */
function approvableOrgIds(actor: Actor): string[] | null {
  if (actor.memberships.some((m) => m.role === "ADMIN")) return null;
  return actor.memberships.filter((m) => m.orgAdmin).map((m) => m.organizationId);
}

export async function listPendingMemberships(db: PrismaClient, actor: Actor) {
  const orgIds = approvableOrgIds(actor);
  if (orgIds && orgIds.length === 0) return [];
  return db.membership.findMany({
    where: {
      status: "PENDING",
      ...(orgIds ? { organizationId: { in: orgIds } } : {}),
      // A new organization's first member is verified by the platform admin, not by itself.
      ...(orgIds ? { organization: { verified: true } } : {}),
    },
    select: {
      id: true,
      role: true,
      orgAdmin: true,
      createdAt: true,
      user: { select: { id: true, name: true, email: true } },
      organization: { select: { id: true, name: true, kind: true, verified: true } },
    },
    orderBy: { createdAt: "asc" },
    take: 200,
  });
}

export async function decideMembership(db: PrismaClient, actor: Actor, membershipId: string, decision: "approve" | "reject") {
  if (!isRecordId(membershipId)) throw new DomainError("error.notFound.title", 404);
  return db.$transaction(async (tx) => {
    const membership = await tx.membership.findUnique({
      where: { id: membershipId },
      select: { id: true, status: true, organizationId: true, role: true, orgAdmin: true, user: { select: { name: true } }, organization: { select: { verified: true } } },
    });
    if (!membership) throw new DomainError("error.notFound.title", 404);
    const orgIds = approvableOrgIds(actor);
    const allowed = orgIds === null || (orgIds.includes(membership.organizationId) && membership.organization.verified);
    if (!allowed) throw new DomainError("error.forbidden.body", 403);
    if (membership.status !== "PENDING") throw new DomainError("approvals.alreadyDecided", 409);
    const status = decision === "approve" ? "ACTIVE" : "REJECTED";
    await tx.membership.update({ where: { id: membership.id }, data: { status, decidedAt: new Date(), decidedById: actor.id } });
    // Approving the founding member of a new organization verifies the organization.
    if (decision === "approve" && !membership.organization.verified && orgIds === null) {
      await tx.organization.update({ where: { id: membership.organizationId }, data: { verified: true } });
    }
    await recordAudit(tx, {
      actorId: actor.id,
      orgId: membership.organizationId,
      action: `membership.${decision}`,
      entityType: "Membership",
      entityId: membership.id,
      before: { status: membership.status },
      after: { status },
    });
    return { name: membership.user.name, status };
  });
}

