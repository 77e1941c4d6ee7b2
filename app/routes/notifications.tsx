import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { listNotifications } from "~/domain/matching/standing-matches.server";
import { formatDateTime, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");

const matchData = z.object({ candidateTitle: z.string(), score: z.number() });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const rows = await listNotifications(await getPrisma(), actor);
  return rows.map((row) => {
    const data = matchData.safeParse(row.data);
    return { id: row.id, link: row.link, createdAt: row.createdAt, title: data.success ? data.data.candidateTitle : row.topic, score: data.success ? data.data.score : null };
  });
}

export default function NotificationsPage() {
  const { t, locale } = useI18n();
  const items = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("notifications.title")}</h1>
      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6">{t("notifications.empty")}</p>
      ) : (
        <ul className="space-y-2" data-testid="notifications">
          {items.map((item) => (
            <li key={item.id} className="rounded-lg border border-slate-200 bg-white p-3">
              <Link to={item.link ?? "/"} className="text-brand-800 hover:underline">
                {t("notifications.matchNew", { title: item.title, score: item.score === null ? "–" : Math.round(item.score * 100) })}
              </Link>
              <span className="ml-2 text-sm text-slate-500">{formatDateTime(locale, item.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
