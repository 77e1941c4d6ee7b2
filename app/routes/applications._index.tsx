import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { outcomeText, statusText } from "~/components/application-labels";
import { listMyApplications, reviewQueue } from "~/domain/challenges/applications.server";
import { formatDate, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { requirePage } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "application.mine");

/** My applications, and for brokers and reviewers their queues (formal review, COI and scoring). */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = await getPrisma();
  const [mine, queue] = await Promise.all([listMyApplications(db, actor, requirePage(request)), reviewQueue(db, actor)]);
  return { mine, queue };
}

export default function ApplicationsPage() {
  const { t, locale } = useI18n();
  const { mine, queue } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      {queue.broker ? (
        <section className="space-y-2" data-testid="formal-queue">
          <h2 className="text-xl font-semibold">{t("application.queue")}</h2>
          {queue.formal.length === 0 ? (
            <p className="text-sm text-slate-500">{t("application.empty")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
              {queue.formal.map((row) => (
                <li key={row.id} className="flex flex-wrap justify-between gap-2 p-3 text-sm">
                  <Link to={`/applications/${row.id}`} className="text-brand-700 hover:underline">
                    {row.challengeTitle} · {row.leadOrgName}
                  </Link>
                  <span className="text-slate-500">{row.submittedAt ? formatDate(locale, row.submittedAt) : ""}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {queue.toScore.length > 0 ? (
        <section className="space-y-2" data-testid="score-queue">
          <h2 className="text-xl font-semibold">{t("application.toScore")}</h2>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {queue.toScore.map((row) => (
              <li key={row.id} className="flex flex-wrap justify-between gap-2 p-3 text-sm">
                <Link to={`/applications/${row.id}/review`} className="text-brand-700 hover:underline">
                  {row.challengeTitle} · {row.leadOrgName}
                </Link>
                <span className="text-slate-500">
                  {row.review === null
                    ? ""
                    : row.review.conflicted
                      ? t("application.conflictedShort")
                      : row.review.total !== null
                        ? t("application.scoredShort", { total: row.review.total })
                        : t("application.declaredShort")}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="space-y-2">
        <h1 className="text-2xl font-semibold">{t("application.mine")}</h1>
        {mine.items.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-sm">{t("application.empty")}</p>
        ) : (
          <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm" data-testid="my-applications">
            <thead className="text-slate-500">
              <tr>
                <th className="p-2">{t("application.challenge")}</th>
                <th>{t("application.status")}</th>
                <th>{t("application.outcome")}</th>
                <th>{t("application.submittedAt")}</th>
              </tr>
            </thead>
            <tbody>
              {mine.items.map((row) => (
                <tr key={row.id} className="border-t border-slate-100">
                  <td className="p-2">
                    <Link to={`/applications/${row.id}`} className="text-brand-700 hover:underline">
                      {row.challengeTitle}
                    </Link>
                  </td>
                  <td>{statusText(t, row.status)}</td>
                  <td>{outcomeText(t, row.outcomeCode)}</td>
                  <td>{row.submittedAt ? formatDate(locale, row.submittedAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {mine.pages > 1 ? (
          <nav className="flex gap-3 text-sm" aria-label={t("pagination.label")}>
            {mine.page > 1 ? <Link to={`?page=${mine.page - 1}`}>{t("pagination.previous")}</Link> : null}
            {mine.page < mine.pages ? <Link to={`?page=${mine.page + 1}`}>{t("pagination.next")}</Link> : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}
