import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/listing";
import { markNotificationRead, markNotificationsRead, pageNotifications, withListingTitles } from "~/domain/notifications/notifications.server";
import { describeNotification } from "~/domain/notifications/topics";
import { formatDateTime, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.title");

/** The notification centre: language-free data rendered in the reader's language; paginated, newest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const url = new URL(request.url);
  const unreadOnly = url.searchParams.get("filter") === "unread";
  const db = await getPrisma();
  const result = await pageNotifications(db, actor.id, Number(url.searchParams.get("page") ?? "1") || 1, { unreadOnly });
  const rows = await withListingTitles(db, result.rows);
  return {
    unreadOnly,
    page: result.page,
    pages: result.pages,
    total: result.total,
    items: rows.map((row) => ({ id: row.id, createdAt: row.createdAt, read: row.readAt !== null, ...describeNotification(t, row) })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  const id = form.get("id");
  const db = await getPrisma();
  if (typeof id === "string" && id) await markNotificationRead(db, actor.id, id);
  else await markNotificationsRead(db, actor.id);
  return { ok: true };
}

export default function NotificationsPage() {
  const { t, locale } = useI18n();
  const { items, page, pages, unreadOnly } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("notifications.title")}</h1>
        <div className="flex items-center gap-2 text-sm">
          <Link to={unreadOnly ? "/notifications" : "/notifications?filter=unread"} className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100">
            {unreadOnly ? t("notifications.all") : t("notifications.unread")}
          </Link>
          <Link to="/notifications/settings" className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100" data-testid="notification-settings">
            {t("notifications.settings")}
          </Link>
          {items.some((item) => !item.read) ? (
            <Form method="post">
              <button className="rounded-md border border-slate-300 px-3 py-1.5">{t("notifications.markRead")}</button>
            </Form>
          ) : null}
        </div>
      </header>
      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6">{t("notifications.empty")}</p>
      ) : (
        <ul className="space-y-2" data-testid="notifications">
          {items.map((item) => (
            <li key={item.id} className={`flex items-start justify-between gap-2 rounded-lg border bg-white p-3 text-sm ${item.read ? "border-slate-200" : "border-brand-600"}`}>
              <div>
                <div className="text-xs text-slate-500">{formatDateTime(locale, item.createdAt)}</div>
                {item.link ? (
                  <Link to={item.link} className="text-brand-800 hover:underline">
                    {item.title}
                  </Link>
                ) : (
                  item.title
                )}
                {item.detail ? <div className="whitespace-pre-line text-slate-700">{item.detail}</div> : null}
              </div>
              {item.read ? null : (
                <Form method="post">
                  <input type="hidden" name="id" value={item.id} />
                  <button className="text-xs text-brand-700 hover:underline">{t("notifications.markOne")}</button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      )}
      {pages > 1 ? <Pagination page={page} pages={pages} /> : null}
    </div>
  );
}
