import { redirect } from "@remix-run/node";
import { deleteListing, type ListingKind, requireListingPermission } from "~/domain/listings/listings.server";
import { DomainError } from "~/domain/errors";
import { pageFromUrl } from "~/domain/listings/validation";
import { can } from "~/domain/accounts/permissions";
import type { Actor } from "~/domain/accounts/accounts.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { z } from "zod";
import { achievementInputSchema, type AchievementInput, listingInputFromForm, needInputSchema, type NeedInput } from "~/domain/listings/listing-input";
import { createAchievement as createAchievementListing, createNeed as createNeedListing, saveAchievement, saveNeed, transitionListing } from "~/domain/listings/listing-writes.server";
import { transitionNames } from "~/domain/listings/workflow";
import type { Translate } from "~/i18n/i18n";
import { getPrisma } from "./db.server";
import { type FieldErrors, type FormFailure, domainFailure, formFailure, formValues, translateIssue } from "./forms.server";
import { requireActor, requirePermission } from "./session.server";

const basePath: Record<ListingKind, string> = { achievement: "/achievements", need: "/needs" };

export function notFound(): Response {
  return new Response("Not found", { status: 404, statusText: "Not Found" });
}

export function requirePage(request: Request): number {
  return pageFromUrl(new URL(request.url));
}

/** What the viewer may do with a listing, for showing or hiding buttons. */
export function ownerAbilities(actor: Actor | null, kind: ListingKind, ownerOrgId: string) {
  return {
    canEdit: actor ? can(actor.memberships, `update:${kind}`, ownerOrgId) : false,
    canDelete: actor ? can(actor.memberships, `delete:${kind}`, ownerOrgId) : false,
  };
}

/** Detail-page action: the only intent there is delete. */
export async function handleListingDelete(request: Request, kind: ListingKind, id: string) {
  const actor = await requireActor(request);
  await refuseUnlessAllowed(actor, kind, id, "delete");
  const { t } = getRequestTranslator(request);
  try {
    await deleteListing(await getPrisma(), actor, kind, id);
  } catch (error) {
    return domainFailure(error, t);
  }
  throw redirect(basePath[kind]);
}

/** Turns a domain refusal (403/404) into the HTTP answer the error boundary renders. */
async function refuseUnlessAllowed(actor: Actor, kind: ListingKind, id: string, action: "update" | "delete") {
  try {
    await requireListingPermission(await getPrisma(), actor, kind, id, action);
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.status === 404 ? "Not found" : "Forbidden", { status: error.status });
    throw error;
  }
}

// ── full create/edit forms and workflow transitions ──

type FullInput = { kind: "achievement"; data: AchievementInput } | { kind: "need"; data: NeedInput };

/** Parses the full listing form; zod issues become field errors keyed by their path ("ipItems.0.type"). */
export function parseListingForm(kind: ListingKind, formData: FormData, t: Translate): { ok: true; input: FullInput } | FormFailure {
  const raw = listingInputFromForm(formData);
  const result = kind === "achievement" ? achievementInputSchema.safeParse(raw) : needInputSchema.safeParse(raw);
  if (result.success) {
    return { ok: true, input: kind === "achievement" ? { kind, data: achievementInputSchema.parse(raw) } : { kind, data: needInputSchema.parse(raw) } };
  }
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) fieldErrors[issue.path.join(".") || "form"] ??= translateIssue(issue, t);
  return { ok: false, fieldErrors, formError: t("auth.formError"), values: formValues(formData) };
}

export async function handleListingCreate(request: Request, kind: ListingKind) {
  const actor = await requirePermission(request, `create:${kind}`);
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = parseListingForm(kind, formData, t);
  if (!parsed.ok) return formFailure(parsed);
  try {
    const db = await getPrisma();
    const row = parsed.input.kind === "achievement" ? await createAchievementListing(db, actor, parsed.input.data) : await createNeedListing(db, actor, parsed.input.data);
    throw redirect(`${basePath[kind]}/${row.id}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return domainFailure(error, t, formData);
  }
}

export async function handleListingSave(request: Request, kind: ListingKind, id: string) {
  const actor = await requireActor(request);
  await refuseUnlessAllowed(actor, kind, id, "update");
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = parseListingForm(kind, formData, t);
  if (!parsed.ok) return formFailure(parsed);
  try {
    const db = await getPrisma();
    if (parsed.input.kind === "achievement") await saveAchievement(db, actor, id, parsed.input.data);
    else await saveNeed(db, actor, id, parsed.input.data);
  } catch (error) {
    return domainFailure(error, t, formData);
  }
  throw redirect(`${basePath[kind]}/${id}`);
}

const transitionSchema = z.object({ intent: z.enum(transitionNames), reason: z.string().trim().max(2_000).optional() });

/** Detail-page actions: delete, or one workflow transition (intent = its name, reason optional). */
export async function handleListingAction(request: Request, kind: ListingKind, id: string) {
  const formData = await request.clone().formData();
  if (formData.get("intent") === "delete") return handleListingDelete(request, kind, id);
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const parsed = transitionSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return formFailure({ ok: false, fieldErrors: {}, formError: t("validation.invalid") });
  try {
    const result = await transitionListing(await getPrisma(), actor, kind, id, parsed.data.intent, parsed.data.reason);
    return { ok: true as const, message: t("workflow.done", { status: t(`status.${result.to}`) }) };
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw notFound();
    return domainFailure(error, t, formData);
  }
}
