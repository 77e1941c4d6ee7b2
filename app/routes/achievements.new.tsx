import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ListingForm } from "~/components/listing-form";
import { useI18n } from "~/i18n/i18n";
import { handleListingCreate } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "listingForm.newAchievement");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "create:achievement");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  return handleListingCreate(request, "achievement");
}

export default function NewAchievementPage() {
  const { t } = useI18n();
  return <ListingForm kind="achievement" heading={t("listingForm.newAchievement")} values={{}} submitLabel={t("listingForm.create")} cancelTo="/achievements" />;
}
