import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fact } from "~/components/listing";
import { orgProfile } from "~/domain/interests/org-profile.server";
import { formatDate, formatNumber, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "error.notFound.title", data?.org.name);

/** An organization's public profile (no sign-in needed): published listings and how it answers. */
export async function loader({ params }: LoaderFunctionArgs) {
  const profile = await orgProfile(await getPrisma(), params.id ?? "");
  if (!profile) throw notFound();
  return profile;
}

export default function OrgProfile() {
  const { t, locale } = useI18n();
  const { org, achievements, needs, achievementCount, needCount, stats } = useLoaderData<typeof loader>();
  const hours = stats.medianHours;
  const median = hours === null ? t("orgProfile.noData") : hours < 48 ? t("duration.hours", { n: formatNumber(locale, Math.round(hours * 10) / 10) }) : t("duration.days", { n: formatNumber(locale, Math.round((hours / 24) * 10) / 10) });
  return (
    <article className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold" data-testid="org-name">
          {locale === "en" && org.nameEn ? org.nameEn : org.name}
        </h1>
        {org.verified ? <span className="text-xs text-green-800">{t("org.verified")}</span> : <span className="text-xs text-slate-500">{t("org.unverified")}</span>}
      </header>
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="space-y-4 lg:col-span-2">
          <h2 className="text-lg font-semibold">{t("orgProfile.listings")}</h2>
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <h3 className="font-medium">{t("orgProfile.achievements", { count: achievementCount })}</h3>
            <ul className="mt-2 space-y-1 text-sm">
              {achievements.map((a) => (
                <li key={a.id}>
                  <Link to={`/achievements/${a.id}`} className="text-brand-800 hover:underline">
                    {a.title}
                  </Link>{" "}
                  <span className="text-xs text-slate-500">{formatDate(locale, a.publishedAt)}</span>
                </li>
              ))}
            </ul>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <h3 className="font-medium">{t("orgProfile.needs", { count: needCount })}</h3>
            <ul className="mt-2 space-y-1 text-sm">
              {needs.map((n) => (
                <li key={n.id}>
                  <Link to={`/needs/${n.id}`} className="text-brand-800 hover:underline">
                    {n.title}
                  </Link>{" "}
                  <span className="text-xs text-slate-500">{formatDate(locale, n.publishedAt)}</span>
                </li>
              ))}
            </ul>
          </div>
        </section>
        <aside className="h-fit rounded-lg border border-slate-200 bg-white p-6">
          <dl className="divide-y divide-slate-100">
            <Fact label={t("orgProfile.kind")}>{t(`orgKind.${org.kind}`)}</Fact>
            <Fact label={t("orgProfile.region")}>{org.region}</Fact>
            <Fact label={t("orgProfile.responseRate")}>
              <span data-testid="response-rate">{stats.rate === null ? t("orgProfile.noData") : `${formatNumber(locale, Math.round(stats.rate * 1000) / 10)}%`}</span>
            </Fact>
            <Fact label={t("orgProfile.medianResponse")}>
              <span data-testid="median-response">{median}</span>
            </Fact>
          </dl>
          <p className="mt-2 text-xs text-slate-500">{t("orgProfile.responseBasis", { received: stats.received, answered: stats.answered })}</p>
          {org.description ? <p className="mt-4 whitespace-pre-line text-sm text-slate-700">{org.description}</p> : null}
        </aside>
      </div>
    </article>
  );
}
