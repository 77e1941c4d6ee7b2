import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/listing";
import { ageBand } from "~/domain/deals/queue";
import { reviewQueue } from "~/domain/deals/workspace.server";
import { formatDateTime, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageOf } from "~/utils/deal-routes.server";
import { requirePermission } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "review:listing");
  return reviewQueue(await getPrisma(), actor, pageOf(request));
}

const badge = { fresh: "bg-green-100 text-green-900", waiting: "bg-amber-100 text-amber-900", overdue: "bg-red-100 text-red-900" } as const;

export default function BrokerQueuePage() {
  const { t, locale } = useI18n();
  const queue = useLoaderData<typeof loader>();
  return (
    <section className="space-y-3" aria-labelledby="queue-heading">
      <h2 id="queue-heading" className="text-lg font-semibold">
        {t("broker.queue")} <span className="text-sm font-normal text-slate-500">({queue.total})</span>
      </h2>
      <p className="text-sm text-slate-600">{t("broker.queueHint")}</p>
      {queue.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6">{t("broker.queueEmpty")}</p>
      ) : (
        <table className="w-full text-sm" data-testid="broker-queue">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="py-1">{t("review.kind")}</th>
              <th>{t("listingForm.title")}</th>
              <th>{t("listing.owner")}</th>
              <th>{t("review.submittedAt")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {queue.items.map((item) => {
              const band = ageBand(item.ageDays);
              return (
                <tr key={`${item.kind}-${item.id}`} className="border-t border-slate-100" data-kind={item.kind}>
                  <td className="py-1.5">{t(`broker.kind.${item.kind}`)}</td>
                  <td>
                    <Link to={item.link} className="text-brand-700 hover:underline">
                      {item.title}
                    </Link>
                  </td>
                  <td>{item.ownerName}</td>
                  <td>{item.submittedAt ? formatDateTime(locale, item.submittedAt) : null}</td>
                  <td>
                    <span className={`rounded-full px-2 py-0.5 text-xs ${badge[band]}`} data-age={band} title={t("broker.waited", { days: item.ageDays })}>
                      {t(`broker.age.${band}`)} · {t("broker.waited", { days: item.ageDays })}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pagination page={queue.page} pages={queue.pages} />
    </section>
  );
}
