import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ListingEditForm } from "~/components/listing-pages";
import { getAchievement } from "~/domain/listings/listings.server";
import { getPrisma } from "~/utils/db.server";
import { handleListingEdit, notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission, requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "listing.edit", data?.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const achievement = await getAchievement(await getPrisma(), params.id ?? "", actor);
  if (!achievement) throw notFound();
  await requirePermission(request, "update:achievement", achievement.ownerOrgId);
  return { id: achievement.id, title: achievement.title, summary: achievement.summary, description: achievement.description };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleListingEdit(request, "achievement", params.id ?? "");
}

export default function EditAchievementPage() {
  const a = useLoaderData<typeof loader>();
  return <ListingEditForm title={a.title} summary={a.summary} description={a.description} withSummary cancelTo={`/achievements/${a.id}`} />;
}
