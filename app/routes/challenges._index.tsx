import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/listing";
import { listChallengesForActor, listPublicChallenges } from "~/domain/challenges/challenges.server";
import { challengeStatuses, type ChallengeStatusName } from "~/domain/challenges/lifecycle";
import { pageFromUrl } from "~/domain/listings/validation";
import { formatDate, formatNumber, formatWan, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { getActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "challenge.title");

function statusFrom(url: URL): ChallengeStatusName | undefined {
  const value = url.searchParams.get("status");
  return challengeStatuses.find((s) => s === value);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const db = await getPrisma();
  const actor = await getActor(request);
  const [list, personal] = await Promise.all([listPublicChallenges(db, pageFromUrl(url), statusFrom(url)), actor ? listChallengesForActor(db, actor) : null]);
  return { ...list, personal, status: statusFrom(url) ?? null };
}

export default function ChallengesPage() {
  const { t, locale } = useI18n();
  const { items, total, page, pages, personal, status } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">{t("challenge.title")}</h1>
          <p className="mt-1 text-slate-600">{t("challenge.intro")}</p>
        </div>
        {personal?.canCreate ? (
          <Link to="/challenges/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            {t("challenge.new")}
          </Link>
        ) : null}
      </header>

      {personal && (personal.mine.length > 0 || personal.queue.length > 0) ? (
        <div className="grid gap-4 md:grid-cols-2">
          {[
            { key: "challenge.mine" as const, rows: personal.mine },
            { key: "challenge.queue" as const, rows: personal.queue },
          ]
            .filter((block) => block.rows.length > 0)
            .map((block) => (
              <section key={block.key} className="rounded-lg border border-slate-200 bg-white p-4" data-testid={block.key}>
                <h2 className="font-semibold">{block.key === "challenge.mine" ? t("challenge.mine") : t("challenge.queue")}</h2>
                <ul className="mt-2 space-y-1 text-sm">
                  {block.rows.map((c) => (
                    <li key={c.id} className="flex justify-between gap-2">
                      <Link to={`/challenges/${c.id}`} className="text-brand-700 hover:underline">
                        {c.title}
                      </Link>
                      <span className="text-slate-500">{t(`challenge.status.${c.status}`)}</span>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
        </div>
      ) : null}

      <form method="get" className="flex items-center gap-2 text-sm">
        <label htmlFor="status">{t("listing.status")}</label>
        <select id="status" name="status" defaultValue={status ?? ""} className="rounded-md border border-slate-300 px-2 py-1">
          <option value="">{t("challenge.allStatuses")}</option>
          {challengeStatuses
            .filter((s) => !["DRAFT", "SUBMITTED", "IN_REVIEW", "RETURNED", "CANCELLED"].includes(s))
            .map((s) => (
              <option key={s} value={s}>
                {t(`challenge.status.${s}`)}
              </option>
            ))}
        </select>
        <button className="rounded-md border border-slate-300 px-3 py-1">{t("search.facets")}</button>
        <span className="ml-auto text-slate-500" data-testid="challenge-count">
          {t("list.count", { count: formatNumber(locale, total) })}
        </span>
      </form>

      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">{t("challenge.empty")}</p>
      ) : (
        <ul className="space-y-3" data-testid="challenge-list">
          {items.map((c) => (
            <li key={c.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <Link to={`/challenges/${c.id}`} className="font-semibold text-brand-900 hover:underline">
                {c.title}
              </Link>
              <p className="mt-1 flex flex-wrap gap-x-4 text-sm text-slate-600">
                <span>{c.direction}</span>
                <span>{t(`challenge.status.${c.status}`)}</span>
                {c.fundingWan !== null ? <span>{formatWan(locale, c.fundingWan)}</span> : null}
                {c.applicationClosesAt ? (
                  <span>
                    {t("challenge.applicationClosesAt")} {formatDate(locale, c.applicationClosesAt)}
                  </span>
                ) : null}
                {c.sourceIssuer ? <span>{c.sourceIssuer}</span> : null}
                {c.year ? <span>{c.year}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </div>
  );
}
