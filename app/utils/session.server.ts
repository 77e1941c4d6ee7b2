import crypto from "node:crypto";
import { redirect } from "@remix-run/node";
import { type Actor, SESSION_DAYS, createSession, getActorBySessionToken, revokeSession } from "~/domain/accounts/accounts.server";
import { can, type PermissionCheck } from "~/domain/accounts/permissions";
import { readCookie } from "~/i18n/locale.server";
import { getPrisma } from "./db.server";
import { getEnv } from "./env.server";

export const SESSION_COOKIE = "susong_session";

function cookieAttributes(maxAgeSeconds: number): string {
  const secure = getEnv().NODE_ENV === "production" && getEnv().COOKIE_SECURE;
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

function signature(token: string): string {
  return crypto.createHmac("sha256", getEnv().sessionSecret).update(token).digest("base64url");
}

/** The cookie carries `token.signature`; a value not signed with SESSION_SECRET is ignored without a database lookup. */
export function sessionTokenOf(request: Request): string | undefined {
  const value = readCookie(request, SESSION_COOKIE);
  const match = value?.match(/^([A-Za-z0-9_-]{20,100})\.([A-Za-z0-9_-]{43})$/);
  if (!match?.[1] || !match[2]) return undefined;
  const expected = Buffer.from(signature(match[1]));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? match[1] : undefined;
}

const actorCache = new WeakMap<Request, Promise<Actor | null>>();

/** The signed-in user, or null. Looked up once per request. */
export function getActor(request: Request): Promise<Actor | null> {
  let pending = actorCache.get(request);
  if (!pending) {
    const token = sessionTokenOf(request);
    pending = token ? getPrisma().then((db) => getActorBySessionToken(db, token)) : Promise.resolve(null);
    actorCache.set(request, pending);
  }
  return pending;
}

export async function requireActor(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (actor) return actor;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * The one permission check: the actor must hold `check` for a record owned by `ownerOrgId`
 * (own organization) or for any record. Throws a 403 Response otherwise.
 */
export async function requirePermission(request: Request, check: PermissionCheck, ownerOrgId?: string | null): Promise<Actor> {
  const actor = await requireActor(request);
  if (!can(actor.memberships, check, ownerOrgId)) {
    throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  }
  return actor;
}

/** Starts a fresh session (never reusing one the browser brought: no fixation) and returns its Set-Cookie. */
export async function startSession(request: Request, userId: string, ip: string | null): Promise<string> {
  const db = await getPrisma();
  const previous = sessionTokenOf(request);
  if (previous) await revokeSession(db, previous);
  const { token } = await createSession(db, userId, { ip, userAgent: request.headers.get("User-Agent") });
  return `${SESSION_COOKIE}=${token}.${signature(token)}; ${cookieAttributes(SESSION_DAYS * 24 * 3600)}`;
}

export async function endSession(request: Request): Promise<string> {
  const token = sessionTokenOf(request);
  if (token) await revokeSession(await getPrisma(), token);
  return `${SESSION_COOKIE}=; ${cookieAttributes(0)}`;
}

/** Only same-site paths may be redirect targets after login. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
