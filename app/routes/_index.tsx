import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listPublishedAchievements, listPublishedNeeds, marketplaceStats } from "~/domain/listings/listings.server";
import { ListingCard } from "~/components/listing";
import { formatNumber, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, null);

export async function loader(_: LoaderFunctionArgs) {
  const db = await getPrisma();
  const [stats, achievements, needs] = await Promise.all([marketplaceStats(db), listPublishedAchievements(db, 1), listPublishedNeeds(db, 1)]);
  return { stats, achievements: achievements.items.slice(0, 6), needs: needs.items.slice(0, 6) };
}

export default function HomePage() {
  const { t, locale } = useI18n();
  const { stats, achievements, needs } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-10">
      <section className="rounded-2xl bg-gradient-to-br from-brand-900 to-brand-600 px-8 py-12 text-white">
        <h1 className="text-3xl font-bold">{t("home.heroTitle")}</h1>
        <p className="mt-3 max-w-3xl text-lg text-brand-100">{t("app.tagline")}</p>
        <p className="mt-2 max-w-3xl text-brand-100">{t("home.heroBody")}</p>
        <div className="mt-6 flex flex-wrap gap-3">
          <Link to="/achievements" className="rounded-md bg-white px-4 py-2 font-medium text-brand-900 hover:bg-brand-50">
            {t("home.browseAchievements")}
          </Link>
          <Link to="/needs" className="rounded-md border border-white/60 px-4 py-2 font-medium text-white hover:bg-white/10">
            {t("home.browseNeeds")}
          </Link>
        </div>
      </section>

      <section className="grid gap-4 sm:grid-cols-3" aria-label={t("app.shortName")}>
        {(
          [
            ["home.stats.achievements", stats.achievements],
            ["home.stats.needs", stats.needs],
            ["home.stats.organizations", stats.organizations],
          ] as const
        ).map(([label, value]) => (
          <div key={label} className="rounded-lg border border-slate-200 bg-white p-5">
            <p className="text-3xl font-semibold text-brand-700" data-testid={label}>
              {formatNumber(locale, value)}
            </p>
            <p className="mt-1 text-sm text-slate-600">{t(label)}</p>
          </div>
        ))}
      </section>

      <div className="grid gap-8 lg:grid-cols-2">
        <section>
          <div className="flex items-baseline justify-between">
            <h2 className="text-xl font-semibold">{t("home.latestAchievements")}</h2>
            <Link to="/achievements" className="text-sm text-brand-700 hover:underline">
              {t("home.viewAll")}
            </Link>
          </div>
          <ul className="mt-3 space-y-3">
            {achievements.map((a) => (
              <ListingCard
                key={a.id}
                to={`/achievements/${a.id}`}
                title={a.title}
                text={a.summary}
                chips={[a.techField, a.maturity ? t(`maturity.${a.maturity}`) : null].filter((c): c is string => Boolean(c))}
                price={{ min: a.priceMin, max: a.priceMax }}
                priceLabel={t("listing.price")}
                org={a.ownerOrg}
                publishedAt={a.publishedAt}
              />
            ))}
          </ul>
        </section>
        <section>
          <div className="flex items-baseline justify-between">
            <h2 className="text-xl font-semibold">{t("home.latestNeeds")}</h2>
            <Link to="/needs" className="text-sm text-brand-700 hover:underline">
              {t("home.viewAll")}
            </Link>
          </div>
          <ul className="mt-3 space-y-3">
            {needs.map((n) => (
              <ListingCard
                key={n.id}
                to={`/needs/${n.id}`}
                title={n.title}
                text={n.description}
                chips={[n.industryClass, ...n.cooperationModes.map((m) => t(`coop.${m}`))].filter((c): c is string => Boolean(c))}
                price={{ min: n.budgetMin, max: n.budgetMax }}
                priceLabel={t("listing.budget")}
                org={n.ownerOrg}
                publishedAt={n.publishedAt}
              />
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
