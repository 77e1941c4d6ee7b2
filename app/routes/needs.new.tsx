import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ListingForm } from "~/components/listing-form";
import { useI18n } from "~/i18n/i18n";
import { handleListingCreate } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "listingForm.newNeed");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "create:need");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  return handleListingCreate(request, "need");
}

export default function NewNeedPage() {
  const { t } = useI18n();
  return <ListingForm kind="need" heading={t("listingForm.newNeed")} values={{}} submitLabel={t("listingForm.create")} cancelTo="/needs" />;
}
