import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { STANDING_MATCH_TOPIC } from "~/domain/matching/standing-matches.server";
import { listNotifications, markNotificationsRead } from "~/domain/notifications/notifications.server";
import { applicationNotice, applicationNoticeText } from "~/components/application-labels";
import { formatDateTime, isMessageKey, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");

const matchData = z.object({ candidateTitle: z.string(), score: z.number() });
const transitionData = z.object({ from: z.string().optional(), to: z.string().optional(), reason: z.string().nullish(), title: z.string().nullish() });

/** Notifications carry language-free data; each kind is rendered here in the reader's language. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const rows = await listNotifications(await getPrisma(), actor.id);
  return rows.map((row) => {
    const base = { id: row.id, createdAt: row.createdAt, read: row.readAt !== null };
    const match = row.topic === STANDING_MATCH_TOPIC ? matchData.safeParse(row.data) : null;
    if (match?.success) return { ...base, kind: "match" as const, link: row.link ?? "/", title: match.data.candidateTitle, score: match.data.score };
    const application = applicationNotice(row);
    if (application) return { ...base, ...application };
    const transition = transitionData.safeParse(row.data);
    const link = row.link ?? (row.entityType && row.entityId ? `/${row.entityType === "achievement" ? "achievements" : "needs"}/${row.entityId}` : null);
    return {
      ...base,
      kind: "transition" as const,
      link,
      topic: row.topic,
      from: transition.success ? (transition.data.from ?? null) : null,
      to: transition.success ? (transition.data.to ?? null) : null,
      reason: transition.success ? (transition.data.reason ?? null) : null,
    };
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  await markNotificationsRead(await getPrisma(), actor.id);
  return { ok: true };
}

export default function NotificationsPage() {
  const { t, locale } = useI18n();
  const items = useLoaderData<typeof loader>();
  const statusText = (status: string | null) => {
    const key = `status.${status ?? ""}`;
    return isMessageKey(key) ? t(key) : (status ?? "");
  };
  return (
    <div className="space-y-4">
      <header className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">{t("notifications.title")}</h1>
        {items.some((item) => !item.read) ? (
          <Form method="post">
            <button className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">{t("notifications.markRead")}</button>
          </Form>
        ) : null}
      </header>
      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6">{t("notifications.empty")}</p>
      ) : (
        <ul className="space-y-2" data-testid="notifications">
          {items.map((item) => {
            const text =
              item.kind === "match"
                ? t("notifications.matchNew", { title: item.title, score: Math.round(item.score * 100) })
                : item.kind === "application"
                  ? applicationNoticeText(t, item)
                  : item.to
                  ? `${statusText(item.from)} → ${statusText(item.to)}`
                  : item.topic;
            return (
              <li key={item.id} className={`rounded-lg border bg-white p-3 text-sm ${item.read ? "border-slate-200" : "border-brand-600"}`}>
                <div className="text-xs text-slate-500">{formatDateTime(locale, item.createdAt)}</div>
                {item.link ? (
                  <Link to={item.link} className="text-brand-800 hover:underline">
                    {text}
                  </Link>
                ) : (
                  text
                )}
                {item.kind === "transition" && item.reason ? <div className="text-amber-800">{item.reason}</div> : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
