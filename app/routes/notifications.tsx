import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listNotifications, markNotificationsRead } from "~/domain/notifications/notifications.server";
import { formatDateTime, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const rows = await listNotifications(await getPrisma(), actor.id);
  return {
    notifications: rows.map((n) => {
      const data = typeof n.data === "object" && n.data !== null && !Array.isArray(n.data) ? n.data : {};
      return { ...n, data: { from: String(data.from ?? ""), to: String(data.to ?? ""), reason: data.reason ? String(data.reason) : null, title: data.title ? String(data.title) : null } };
    }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  await markNotificationsRead(await getPrisma(), actor.id);
  return { ok: true };
}

export default function NotificationsPage() {
  const { t, locale } = useI18n();
  const { notifications } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <header className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">{t("notifications.title")}</h1>
        <Form method="post">
          <button className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">{t("notifications.markRead")}</button>
        </Form>
      </header>
      {notifications.length === 0 ? (
        <p className="text-slate-500">{t("notifications.empty")}</p>
      ) : (
        <ul className="space-y-2" data-testid="notifications">
          {notifications.map((n) => (
            <li key={n.id} className={`rounded-md border p-3 text-sm ${n.readAt ? "border-slate-200" : "border-brand-600"}`}>
              <div className="text-xs text-slate-500">{formatDateTime(locale, n.createdAt)}</div>
              {n.entityType && n.entityId ? (
                <Link to={`/${n.entityType === "achievement" ? "achievements" : "needs"}/${n.entityId}`} className="text-brand-700 hover:underline">
                  {n.data.to ? `${t(`status.${n.data.from}` as "status.DRAFT")} → ${t(`status.${n.data.to}` as "status.DRAFT")}` : n.topic}
                </Link>
              ) : (
                n.topic
              )}
              {n.data.reason ? <div className="text-amber-800">{n.data.reason}</div> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
