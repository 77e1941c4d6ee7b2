import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ListingListPage } from "~/components/listing-pages";
import { listPublishedNeeds } from "~/domain/listings/listings.server";
import { useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { requirePage } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "list.needs.title");

export async function loader({ request }: LoaderFunctionArgs) {
  return listPublishedNeeds(await getPrisma(), requirePage(request));
}

export default function NeedsPage() {
  const { t } = useI18n();
  const page = useLoaderData<typeof loader>();
  return (
    <ListingListPage
      titleKey="list.needs.title"
      introKey="list.needs.intro"
      total={page.total}
      page={page.page}
      pages={page.pages}
      cards={page.items.map((n) => ({
        to: `/needs/${n.id}`,
        title: n.title,
        text: n.description,
        chips: [n.industryClass, ...n.cooperationModes.map((m) => t(`coop.${m}`))].filter((c): c is string => Boolean(c)),
        price: { min: n.budgetMin, max: n.budgetMax },
        priceLabel: t("listing.budget"),
        org: n.ownerOrg,
        publishedAt: n.publishedAt,
      }))}
    />
  );
}
