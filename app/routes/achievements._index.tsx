import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ListingListPage } from "~/components/listing-pages";
import { listPublishedAchievements } from "~/domain/listings/listings.server";
import { useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { requirePage } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "list.achievements.title");

export async function loader({ request }: LoaderFunctionArgs) {
  return listPublishedAchievements(await getPrisma(), requirePage(request));
}

export default function AchievementsPage() {
  const { t } = useI18n();
  const page = useLoaderData<typeof loader>();
  return (
    <ListingListPage
      titleKey="list.achievements.title"
      introKey="list.achievements.intro"
      total={page.total}
      page={page.page}
      pages={page.pages}
      cards={page.items.map((a) => ({
        to: `/achievements/${a.id}`,
        title: a.title,
        text: a.summary,
        chips: [a.techField, a.maturity ? t(`maturity.${a.maturity}`) : null, a.ipType ? t(`ip.${a.ipType}`) : null].filter((c): c is string => Boolean(c)),
        price: { min: a.priceMin, max: a.priceMax },
        priceLabel: t("listing.price"),
        org: a.ownerOrg,
        publishedAt: a.publishedAt,
      }))}
    />
  );
}
