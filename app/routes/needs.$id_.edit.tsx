import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ListingForm } from "~/components/listing-form";
import { DomainError } from "~/domain/errors";
import { listingForEdit } from "~/domain/listings/listing-writes.server";
import { useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { handleListingSave } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "listing.edit", data?.values.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    return await listingForEdit(await getPrisma(), actor, "need", params.id ?? "");
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.status === 404 ? "Not found" : "Forbidden", { status: error.status });
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleListingSave(request, "need", params.id ?? "");
}

export default function EditNeedPage() {
  const { t } = useI18n();
  const listing = useLoaderData<typeof loader>();
  return <ListingForm kind="need" heading={t("listingForm.editNeed")} values={listing.values} submitLabel={t("listingForm.save")} cancelTo={`/needs/${listing.id}`} />;
}
