import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useDuration } from "~/components/interest-panel";
import { Pagination } from "~/components/listing";
import { type InboxBox, listInbox } from "~/domain/interests/interests.server";
import { formatDateTime, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "interest.inbox.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const box: InboxBox = url.searchParams.get("box") === "sent" ? "sent" : "received";
  const page = Number(url.searchParams.get("page") ?? "1") || 1;
  const inbox = await listInbox(await getPrisma(), actor, box, page);
  return { box, now: Date.now(), ...inbox };
}

export default function InterestInbox() {
  const { t, locale } = useI18n();
  const { box, rows, unanswered, page, pages, now } = useLoaderData<typeof loader>();
  const duration = useDuration();
  const tab = (target: InboxBox, label: string) => (
    <Link to={`/interests?box=${target}`} className={`rounded-md px-3 py-1.5 text-sm ${box === target ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100"}`} aria-current={box === target ? "page" : undefined}>
      {label}
    </Link>
  );
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("interest.inbox.title")}</h1>
        <nav className="flex gap-1">
          {tab("received", t("interest.inbox.received"))}
          {tab("sent", t("interest.inbox.sent"))}
        </nav>
      </header>
      {unanswered > 0 ? <p className="text-sm text-amber-800" data-testid="unanswered-count">{t("interest.inbox.unanswered", { count: unanswered })}</p> : null}
      {rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6">{t("interest.inbox.empty")}</p>
      ) : (
        <table className="w-full rounded-lg border border-slate-200 bg-white text-sm" data-testid="interest-inbox">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="p-2">{t("interest.inbox.listing")}</th>
              <th className="p-2">{t("interest.inbox.org")}</th>
              <th className="p-2">{t("interest.inbox.status")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className="border-t border-slate-100" data-interest-id={row.id}>
                <td className="p-2">
                  <Link to={`/interests/${row.id}`} className="text-brand-800 hover:underline">
                    {row.listingTitle}
                  </Link>
                  <div className="text-xs text-slate-500">{formatDateTime(locale, row.createdAt)}</div>
                </td>
                <td className="p-2">
                  <Link to={`/orgs/${row.otherOrg.id}`} className="hover:underline">
                    {row.otherOrg.name}
                  </Link>
                </td>
                <td className="p-2">
                  {row.responseCode ? (
                    t("interest.inbox.answered", { code: t(`response.code.${row.responseCode}`) })
                  ) : (
                    <span className="text-amber-800">{t("interest.inbox.waiting", { duration: duration(now - new Date(row.createdAt).getTime()) })}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 ? <Pagination page={page} pages={pages} /> : null}
    </div>
  );
}
