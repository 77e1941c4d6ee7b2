import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Chip, Fact, OrgName } from "~/components/listing";
import { OwnerActions } from "~/components/listing-pages";
import { getAchievement } from "~/domain/listings/listings.server";
import { formatDate, formatWanRange, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { handleListingDelete, notFound, ownerAbilities } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { getActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "error.notFound.title", data?.achievement.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const achievement = await getAchievement(await getPrisma(), params.id ?? "", actor);
  if (!achievement) throw notFound();
  return { achievement, ...ownerAbilities(actor, "achievement", achievement.ownerOrgId) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleListingDelete(request, "achievement", params.id ?? "");
}

export default function AchievementPage() {
  const { t, locale } = useI18n();
  const { achievement: a, canEdit, canDelete } = useLoaderData<typeof loader>();
  return (
    <article className="space-y-6">
      <Link to="/achievements" className="text-sm text-brand-700 hover:underline">
        ← {t("listing.back.achievements")}
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold" data-testid="listing-title">
            {a.title}
          </h1>
          <div className="mt-2 flex flex-wrap gap-1.5">
            {a.techField ? <Chip>{a.techField}</Chip> : null}
            {a.maturity ? <Chip>{t(`maturity.${a.maturity}`)}</Chip> : null}
            {a.cooperationModes.map((m) => (
              <Chip key={m}>{t(`coop.${m}`)}</Chip>
            ))}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link to={`/matches/achievement/${a.id}`} className="rounded-md border border-brand-700 px-3 py-1.5 text-sm text-brand-800 hover:bg-brand-50" data-testid="find-matches">
            {t("match.findNeeds")}
          </Link>
          <OwnerActions editTo={`/achievements/${a.id}/edit`} canEdit={canEdit} canDelete={canDelete} />
        </div>
      </header>
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 lg:col-span-2">
          <h2 className="text-lg font-semibold">{t("listing.summary")}</h2>
          <p className="whitespace-pre-line leading-7 text-slate-800">{a.summary || t("listing.notGiven")}</p>
          {a.description ? <p className="whitespace-pre-line leading-7 text-slate-800">{a.description}</p> : null}
          {a.applicationScope ? (
            <>
              <h2 className="text-lg font-semibold">{t("listing.applicationScope")}</h2>
              <p className="whitespace-pre-line leading-7 text-slate-800">{a.applicationScope}</p>
            </>
          ) : null}
        </section>
        <aside className="rounded-lg border border-slate-200 bg-white p-6">
          <dl className="divide-y divide-slate-100">
            <Fact label={t("listing.owner")}>
              <OrgName org={a.ownerOrg} />
              {a.sourcePublisher ? <div className="text-xs text-slate-500">{a.sourcePublisher}</div> : null}
            </Fact>
            <Fact label={t("listing.field")}>{a.techField}</Fact>
            <Fact label={t("listing.industry")}>{a.industryClass}</Fact>
            <Fact label={t("listing.maturity")}>{a.maturity ? `${t(`maturity.${a.maturity}`)} (TRL ${a.trl})` : null}</Fact>
            <Fact label={t("listing.ip")}>{a.ipType ? t(`ip.${a.ipType}`) : a.ipSummary}</Fact>
            <Fact label={t("listing.cooperation")}>{a.cooperationModes.map((m) => t(`coop.${m}`)).join("、")}</Fact>
            <Fact label={t("listing.price")}>{formatWanRange(locale, a.priceMin, a.priceMax, t("listing.negotiable"))}</Fact>
            <Fact label={t("listing.publishedAt")}>{a.publishedAt ? formatDate(locale, a.publishedAt) : null}</Fact>
            {a.status !== "PUBLISHED" ? <Fact label={t("listing.status")}>{t(`status.${a.status}`)}</Fact> : null}
            <Fact label={t("listing.source")}>
              <span className="break-all text-xs text-slate-500">{a.source}</span>
            </Fact>
          </dl>
        </aside>
      </div>
    </article>
  );
}
