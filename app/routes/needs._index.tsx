import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FacetSidebar } from "~/components/facets";
import { ListingListPage } from "~/components/listing-pages";
import { can } from "~/domain/accounts/permissions";
import { filtersFromSearchParams, searchParamsOf } from "~/domain/listings/browse";
import { browseNeeds } from "~/domain/listings/browse.server";
import { useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { requirePage } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { getActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "list.needs.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = filtersFromSearchParams(new URL(request.url).searchParams);
  const actor = await getActor(request);
  const result = await browseNeeds(await getPrisma(), filters, requirePage(request));
  return { ...result, filters, exportQuery: searchParamsOf(filters).toString(), canCreate: actor ? can(actor.memberships, "create:need") : false };
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
      actions={
        page.canCreate ? (
          <Link to="/needs/new" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">
            {t("listingForm.newNeed")}
          </Link>
        ) : null
      }
      sidebar={<FacetSidebar facets={page.facets} selected={page.filters} exportHref={`/needs/export?${page.exportQuery}`} />}
      cards={page.items.map((n) => ({
        to: `/needs/${n.id}`,
        title: n.title,
        text: n.description,
        chips: [n.techField ?? n.industryClass, ...n.cooperationModes.map((m) => t(`coop.${m}`))].filter((c): c is string => Boolean(c)),
        price: { min: n.budgetMin, max: n.budgetMax },
        priceLabel: t("listing.budget"),
        org: n.ownerOrg,
        publishedAt: n.publishedAt,
      }))}
    />
  );
}
