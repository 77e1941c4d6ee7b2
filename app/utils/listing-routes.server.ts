import { redirect } from "@remix-run/node";
import { deleteListing, type ListingKind, requireListingPermission, updateListing } from "~/domain/listings/listings.server";
import { DomainError } from "~/domain/errors";
import { listingEditSchema, pageFromUrl } from "~/domain/listings/validation";
import { can } from "~/domain/accounts/permissions";
import type { Actor } from "~/domain/accounts/accounts.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "./db.server";
import { domainFailure, formFailure, parseForm } from "./forms.server";
import { requireActor } from "./session.server";

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

export async function handleListingEdit(request: Request, kind: ListingKind, id: string) {
  const actor = await requireActor(request);
  await refuseUnlessAllowed(actor, kind, id, "update");
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = parseForm(listingEditSchema, formData, t);
  if (!parsed.ok) return formFailure(parsed);
  try {
    await updateListing(await getPrisma(), actor, kind, id, parsed.data);
  } catch (error) {
    return domainFailure(error, t, formData);
  }
  throw redirect(`${basePath[kind]}/${id}`);
}
