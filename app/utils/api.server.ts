import { z } from "zod";
import { actorForApiToken, type ApiScope, type TokenActor } from "~/domain/accounts/api-tokens.server";
import { can } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { filtersFromSearchParams } from "~/domain/listings/browse";
import { achievementWhere, needWhere, resolveFilters } from "~/domain/listings/browse.server";
import { getAchievementForViewer, getNeedForViewer } from "~/domain/listings/disclosure.server";
import { achievementInputSchema, needInputSchema } from "~/domain/listings/listing-input";
import { createAchievement, createNeed, indicatorsOf, ipItemsOf, listingForEdit, saveAchievement, saveNeed, transitionListing } from "~/domain/listings/listing-writes.server";
import type { ListingKind } from "~/domain/listings/listings.server";
import { transitionNames } from "~/domain/listings/workflow";
import type { PrismaClient } from "~/generated/prisma/client";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "./db.server";
import { translateIssue } from "./forms.server";

/** RFC 9457 problem details. */
export function problem(status: number, title: string, detail?: string, extra: Record<string, unknown> = {}): Response {
  return new Response(JSON.stringify({ type: "about:blank", title, status, ...(detail ? { detail } : {}), ...extra }), {
    status,
    headers: { "Content-Type": "application/problem+json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

const statusTitles: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 413: "Payload Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Content", 429: "Too Many Requests" };

/** Runs an API handler; DomainErrors and thrown problems become problem+json in the caller's language. */
export async function apiHandler(request: Request, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Response) return error;
    if (error instanceof DomainError) {
      const { t } = getRequestTranslator(request);
      return problem(error.status, statusTitles[error.status] ?? "Error", t(error.messageKey, error.params), error.field ? { errors: [{ path: error.field, message: t(error.messageKey, error.params) }] } : {});
    }
    throw error;
  }
}

/** The caller: a bearer token, or anonymous (public reads only). A bad or revoked token is a 401, never anonymous. */
export async function apiCaller(request: Request, db: PrismaClient): Promise<TokenActor | null> {
  const header = request.headers.get("Authorization");
  if (!header) return null;
  const match = header.match(/^Bearer\s+(\S+)$/i);
  const caller = match?.[1] ? await actorForApiToken(db, match[1]) : null;
  if (!caller) throw problem(401, "Unauthorized", "The API token is missing, malformed, unknown or revoked.");
  return caller;
}

export function requireScope(caller: TokenActor | null, scope: ApiScope): TokenActor {
  if (!caller) throw problem(401, "Unauthorized", `This operation needs an API token with the scope ${scope}.`);
  if (!caller.scopes.includes(scope)) throw problem(403, "Forbidden", `The token lacks the scope ${scope}.`);
  return caller;
}

async function jsonBody(request: Request): Promise<unknown> {
  if (!(request.headers.get("Content-Type") ?? "").includes("application/json")) throw problem(415, "Unsupported Media Type", "Send application/json.");
  const text = await request.text();
  if (text.length > 1_000_000) throw problem(413, "Payload Too Large");
  try {
    return JSON.parse(text);
  } catch {
    throw problem(400, "Bad Request", "The body is not valid JSON.");
  }
}

function validationProblem(request: Request, error: z.ZodError): Response {
  const { t } = getRequestTranslator(request);
  return problem(422, "Unprocessable Content", "The listing is not valid.", {
    // one message per field, the first, as the forms show it
    errors: [...new Map(error.issues.map((issue) => [issue.path.join("."), issue] as const).reverse()).values()].reverse().map((issue) => ({ path: issue.path.join("."), message: translateIssue(issue, t) })),
  });
}

const num = (v: { toNumber(): number } | null) => (v === null ? null : v.toNumber());

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(100).optional() });

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" } });
}

/** GET /api/v1/{kind}s: published listings, filtered like the browse page, in id order with an opaque cursor. */
export async function apiList(request: Request, kind: ListingKind) {
  const db = await getPrisma();
  const caller = await apiCaller(request, db);
  if (caller) requireScope(caller, "listings:read");
  const url = new URL(request.url);
  const query = listQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) return validationProblem(request, query.error);
  const filters = await resolveFilters(db, kind, filtersFromSearchParams(url.searchParams));
  const after = query.data.cursor ? Buffer.from(query.data.cursor, "base64url").toString("utf8") : undefined;
  const take = query.data.limit + 1;
  const rows =
    kind === "achievement"
      ? (
          await db.achievement.findMany({
            where: { AND: [achievementWhere(filters), ...(after ? [{ id: { gt: after } }] : [])] },
            orderBy: { id: "asc" },
            take,
            select: { id: true, externalId: true, title: true, summary: true, techField: true, industryClass: true, maturity: true, trl: true, ipType: true, cooperationModes: true, priceMin: true, priceMax: true, negotiable: true, region: true, status: true, publishedAt: true, ownerOrgId: true },
          })
        ).map((r) => ({ ...r, priceMin: num(r.priceMin), priceMax: num(r.priceMax) }))
      : (
          await db.need.findMany({
            where: { AND: [needWhere(filters), ...(after ? [{ id: { gt: after } }] : [])] },
            orderBy: { id: "asc" },
            take,
            select: { id: true, externalId: true, title: true, techField: true, industryClass: true, cooperationModes: true, budgetMin: true, budgetMax: true, negotiable: true, region: true, deadline: true, confidentiality: true, status: true, publishedAt: true, ownerOrgId: true },
          })
        ).map((r) => ({ ...r, budgetMin: num(r.budgetMin), budgetMax: num(r.budgetMax) }));
  const page = rows.slice(0, query.data.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.data.limit && last ? Buffer.from(last.id, "utf8").toString("base64url") : null;
  return json({ data: page, nextCursor });
}

async function resolveRef(db: PrismaClient, kind: ListingKind, ref: string): Promise<string | null> {
  const byId = kind === "achievement" ? await db.achievement.findUnique({ where: { id: ref }, select: { id: true } }) : await db.need.findUnique({ where: { id: ref }, select: { id: true } });
  if (byId) return byId.id;
  const byExternal = kind === "achievement" ? await db.achievement.findUnique({ where: { externalId: ref }, select: { id: true } }) : await db.need.findUnique({ where: { externalId: ref }, select: { id: true } });
  return byExternal?.id ?? null;
}

/** GET /api/v1/{kind}s/{id or externalId}: as the caller may see it (gated fields only when disclosure is open). */
export async function apiGet(request: Request, kind: ListingKind, ref: string) {
  const db = await getPrisma();
  const caller = await apiCaller(request, db);
  if (caller) requireScope(caller, "listings:read");
  const id = await resolveRef(db, kind, ref);
  const actor = caller?.actor ?? null;
  if (kind === "achievement") {
    const view = id ? await getAchievementForViewer(db, id, actor) : null;
    if (!view) return problem(404, "Not Found");
    const { ownerOrg, ...a } = view.achievement;
    return json({ ...a, ownerOrg: { id: ownerOrg.id, name: ownerOrg.name }, ipItems: ipItemsOf(a.ipItems), disclosure: { open: view.disclosure.open }, attachments: view.attachments });
  }
  const view = id ? await getNeedForViewer(db, id, actor) : null;
  if (!view) return problem(404, "Not Found");
  const { ownerOrg, ...n } = view.need;
  return json({ ...n, ownerOrg: { id: ownerOrg.id, name: ownerOrg.name }, indicators: indicatorsOf(n.indicators), disclosure: { open: view.open } });
}

/** POST /api/v1/{kind}s: creates a draft owned by the token's organization. */
export async function apiCreate(request: Request, kind: ListingKind) {
  const db = await getPrisma();
  const caller = requireScope(await apiCaller(request, db), "listings:write");
  // Permission before validation, as on the pages.
  if (!can(caller.actor.memberships, `create:${kind}`, caller.orgId)) throw problem(403, "Forbidden", `The token's member may not create ${kind}s.`);
  const body = await jsonBody(request);
  const schema = kind === "achievement" ? achievementInputSchema : needInputSchema;
  const parsed = schema.safeParse(body);
  if (!parsed.success) return validationProblem(request, parsed.error);
  const row =
    kind === "achievement"
      ? await createAchievement(db, caller.actor, achievementInputSchema.parse(body), { orgId: caller.orgId })
      : await createNeed(db, caller.actor, needInputSchema.parse(body), { orgId: caller.orgId });
  return new Response(JSON.stringify(row), { status: 201, headers: { "Content-Type": "application/json; charset=utf-8", Location: `/api/v1/${kind}s/${row.id}` } });
}

/** PATCH /api/v1/{kind}s/{ref}: merges the given fields into the listing and validates the whole. */
export async function apiUpdate(request: Request, kind: ListingKind, ref: string) {
  const db = await getPrisma();
  const caller = requireScope(await apiCaller(request, db), "listings:write");
  const id = await resolveRef(db, kind, ref);
  if (!id) return problem(404, "Not Found");
  const body = await jsonBody(request);
  if (typeof body !== "object" || body === null || Array.isArray(body)) return problem(400, "Bad Request", "Send a JSON object.");
  const current = await listingForEdit(db, caller.actor, kind, id);
  const merged = { ...current.values, ...body };
  if (kind === "achievement") {
    const parsed = achievementInputSchema.safeParse(merged);
    if (!parsed.success) return validationProblem(request, parsed.error);
    return json(await saveAchievement(db, caller.actor, id, parsed.data));
  }
  const parsed = needInputSchema.safeParse(merged);
  if (!parsed.success) return validationProblem(request, parsed.error);
  return json(await saveNeed(db, caller.actor, id, parsed.data));
}

const transitionBody = z.object({ transition: z.enum(transitionNames), reason: z.string().max(2_000).optional() }).strict();

/** POST /api/v1/{kind}s/{ref}/transitions: fires one workflow transition. */
export async function apiTransition(request: Request, kind: ListingKind, ref: string) {
  const db = await getPrisma();
  const caller = requireScope(await apiCaller(request, db), "listings:transition");
  const id = await resolveRef(db, kind, ref);
  if (!id) return problem(404, "Not Found");
  const parsed = transitionBody.safeParse(await jsonBody(request));
  if (!parsed.success) return validationProblem(request, parsed.error);
  return json(await transitionListing(db, caller.actor, kind, id, parsed.data.transition, parsed.data.reason));
}
