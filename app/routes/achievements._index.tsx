import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FacetSidebar } from "~/components/facets";
import { ListingListPage } from "~/components/listing-pages";
import { can } from "~/domain/accounts/permissions";
import { filtersFromSearchParams, searchParamsOf } from "~/domain/listings/browse";
import { browseAchievements } from "~/domain/listings/browse.server";
import { useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { requirePage } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { getActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "list.achievements.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = filtersFromSearchParams(new URL(request.url).searchParams);
  const actor = await getActor(request);
  const result = await browseAchievements(await getPrisma(), filters, requirePage(request));
  return { ...result, filters, exportQuery: searchParamsOf(filters).toString(), canCreate: actor ? can(actor.memberships, "create:achievement") : false };
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
      actions={
        page.canCreate ? (
          <Link to="/achievements/new" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
            {t("listingForm.newAchievement")}
          </Link>
        ) : null
      }
      sidebar={<FacetSidebar facets={page.facets} selected={page.filters} exportHref={`/achievements/export?${page.exportQuery}`} />}
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
