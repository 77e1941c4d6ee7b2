import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ListingEditForm } from "~/components/listing-pages";
import { getNeed } from "~/domain/listings/listings.server";
import { getPrisma } from "~/utils/db.server";
import { handleListingEdit, notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission, requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "listing.edit", data?.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const need = await getNeed(await getPrisma(), params.id ?? "", actor);
  if (!need) throw notFound();
  await requirePermission(request, "update:need", need.ownerOrgId);
  return { id: need.id, title: need.title, description: need.description };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleListingEdit(request, "need", params.id ?? "");
}

export default function EditNeedPage() {
  const n = useLoaderData<typeof loader>();
  return <ListingEditForm title={n.title} description={n.description} withSummary={false} cancelTo={`/needs/${n.id}`} />;
}
