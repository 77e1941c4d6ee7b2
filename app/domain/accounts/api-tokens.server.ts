import crypto from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "~/generated/prisma/client";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { isRecordId } from "../record-ids";
import { type Actor, membershipSelect } from "./accounts.server";
import { type ApiScope, apiScopes } from "./api-tokens";
import { can } from "./permissions";

/**
 * Organization API tokens, so that a university's own system can push its list. The secret is shown
 * once; only its SHA-256 is stored. A token acts as the member who issued it, within that member's
 * organization, and only for its scopes; revoking it (or the member leaving) stops it at once.
 */
export { apiScopes, type ApiScope } from "./api-tokens";

export const tokenInputSchema = z.object({
  name: z.string().trim().min(1, { message: "validation.required" }).max(80, { message: "validation.tooLong" }),
  scopes: z.array(z.enum(apiScopes, { message: "validation.choice" })).min(1, { message: "validation.required" }),
});

const hash = (secret: string) => crypto.createHash("sha256").update(secret).digest("hex");

export async function createApiToken(db: PrismaClient, actor: Actor, orgId: string, input: z.output<typeof tokenInputSchema>) {
  if (!can(actor.memberships, "manage:token", orgId)) throw new DomainError("error.forbidden.body", 403);
  const prefix = crypto.randomBytes(4).toString("hex");
  const secret = `sx_${prefix}_${crypto.randomBytes(24).toString("base64url")}`;
  const token = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({ data: { orgId, createdById: actor.id, name: input.name, prefix, tokenHash: hash(secret), scopes: input.scopes }, select: { id: true, name: true, prefix: true, scopes: true } });
    await recordAudit(tx, { actorId: actor.id, orgId, action: "apiToken.created", entityType: "ApiToken", entityId: row.id, after: row });
    return row;
  });
  return { ...token, secret };
}

export async function listApiTokens(db: PrismaClient, actor: Actor) {
  const orgIds = actor.memberships.filter((m) => can([m], "manage:token", m.organizationId)).map((m) => m.organizationId);
  return db.apiToken.findMany({
    where: { orgId: { in: orgIds } },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true, orgId: true },
  });
}

export async function revokeApiToken(db: PrismaClient, actor: Actor, tokenId: string) {
  if (!isRecordId(tokenId)) throw new DomainError("error.notFound.body", 404);
  const token = await db.apiToken.findUnique({ where: { id: tokenId }, select: { id: true, orgId: true, revokedAt: true } });
  if (!token) throw new DomainError("error.notFound.body", 404);
  if (!can(actor.memberships, "manage:token", token.orgId)) throw new DomainError("error.forbidden.body", 403);
  if (token.revokedAt) return;
  await db.$transaction(async (tx) => {
    await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actorId: actor.id, orgId: token.orgId, action: "apiToken.revoked", entityType: "ApiToken", entityId: tokenId });
  });
}

export type TokenActor = { actor: Actor; scopes: ApiScope[]; tokenId: string; orgId: string };

/** Resolves a bearer secret; null when unknown, revoked, or its issuer is no longer an active member. */
export async function actorForApiToken(db: PrismaClient, secret: string): Promise<TokenActor | null> {
  if (!/^sx_[0-9a-f]{8}_[A-Za-z0-9_-]{20,64}$/.test(secret)) return null;
  const token = await db.apiToken.findUnique({ where: { tokenHash: hash(secret) }, select: { id: true, orgId: true, scopes: true, revokedAt: true, createdById: true } });
  if (!token || token.revokedAt) return null;
  const user = await db.user.findUnique({
    where: { id: token.createdById },
    select: { id: true, email: true, name: true, locale: true, status: true, memberships: { select: membershipSelect, orderBy: { createdAt: "asc" } } },
  });
  if (!user || user.status !== "ACTIVE") return null;
  // Only the membership in the token's organization counts: a token never carries its issuer's other roles.
  const memberships = user.memberships.filter((m) => m.status === "ACTIVE" && m.organizationId === token.orgId);
  if (memberships.length === 0) return null;
  await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
  return {
    actor: { id: user.id, email: user.email, name: user.name, locale: user.locale, sessionId: `token:${token.id}`, memberships, allMemberships: memberships },
    scopes: token.scopes.filter((s): s is ApiScope => (apiScopes as readonly string[]).includes(s)),
    tokenId: token.id,
    orgId: token.orgId,
  };
}
