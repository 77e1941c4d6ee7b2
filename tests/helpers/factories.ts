import crypto from "node:crypto";
import { type Actor, createSession, getActorBySessionToken, hashPassword } from "~/domain/accounts/accounts.server";
import type { OrgKindName, RoleName } from "~/domain/accounts/permissions";
import type { PrismaClient } from "~/generated/prisma/client";

const unique = () => crypto.randomBytes(4).toString("hex");

export async function createOrg(db: PrismaClient, kind: OrgKindName = "UNIVERSITY", overrides: { verified?: boolean; name?: string } = {}) {
  return db.organization.create({
    data: { name: overrides.name ?? `测试机构-${unique()}`, kind, verified: overrides.verified ?? true },
    select: { id: true, name: true, kind: true },
  });
}

// Hashing with argon2 is slow on purpose; tests share one hash of one password.
export const TEST_PASSWORD = "Test-password-2026";
let passwordHash: Promise<string> | undefined;

export async function createMember(
  db: PrismaClient,
  orgId: string,
  role: RoleName,
  options: { orgAdmin?: boolean; status?: "ACTIVE" | "PENDING" } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const user = await db.user.create({
    data: { email: `user-${unique()}@example.com`, name: `用户${unique()}`, passwordHash: await passwordHash },
    select: { id: true, email: true, name: true },
  });
  await db.membership.create({
    data: { userId: user.id, organizationId: orgId, role, orgAdmin: options.orgAdmin ?? false, status: options.status ?? "ACTIVE" },
  });
  return user;
}

/** A real signed-in actor, resolved the way a request resolves it (through a session). */
export async function actorFor(db: PrismaClient, userId: string): Promise<Actor> {
  const { token } = await createSession(db, userId);
  const actor = await getActorBySessionToken(db, token);
  if (!actor) throw new Error("session did not resolve to an actor");
  return actor;
}

export async function createAchievement(db: PrismaClient, ownerOrgId: string, overrides: { status?: "PUBLISHED" | "DRAFT"; publishedAt?: Date | null; title?: string } = {}) {
  return db.achievement.create({
    data: {
      title: overrides.title ?? `成果-${unique()}`,
      summary: "一种钙钛矿太阳能电池的制备方法",
      ownerOrgId,
      status: overrides.status ?? "PUBLISHED",
      publishedAt: overrides.publishedAt === undefined ? new Date() : overrides.publishedAt,
      cooperationModes: ["TRANSFER"],
    },
    select: { id: true, title: true, summary: true, description: true },
  });
}

export async function createNeed(db: PrismaClient, ownerOrgId: string, overrides: { status?: "PUBLISHED" | "DRAFT"; publishedAt?: Date | null } = {}) {
  return db.need.create({
    data: {
      title: `需求-${unique()}`,
      description: "需要一种红外控制的LED手电筒",
      ownerOrgId,
      status: overrides.status ?? "PUBLISHED",
      publishedAt: overrides.publishedAt === undefined ? new Date() : overrides.publishedAt,
    },
    select: { id: true, title: true, description: true },
  });
}
