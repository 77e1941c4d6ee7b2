import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { OrgName } from "~/components/listing";
import { reviewQueue } from "~/domain/listings/listing-writes.server";
import { formatDateTime, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "review.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "review:listing");
  return { queue: await reviewQueue(await getPrisma(), actor) };
}

export default function ReviewQueuePage() {
  const { t, locale } = useI18n();
  const { queue } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("review.title")}</h1>
      {queue.length === 0 ? (
        <p className="text-slate-500">{t("review.empty")}</p>
      ) : (
        <table className="w-full text-sm" data-testid="review-queue">
          <thead>
            <tr className="text-left text-slate-500">
              <th>{t("review.kind")}</th>
              <th>{t("listingForm.title")}</th>
              <th>{t("listing.owner")}</th>
              <th>{t("listing.status")}</th>
              <th>{t("review.submittedAt")}</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((row) => (
              <tr key={row.id} className="border-t border-slate-100">
                <td className="py-1.5">{t(`review.kind.${row.kind}`)}</td>
                <td>
                  <Link to={`/${row.kind === "achievement" ? "achievements" : "needs"}/${row.id}`} className="text-brand-700 hover:underline">
                    {row.title}
                  </Link>
                </td>
                <td>
                  <OrgName org={row.ownerOrg} />
                </td>
                <td>{t(`status.${row.status}`)}</td>
                <td>{row.submittedAt ? formatDateTime(locale, row.submittedAt) : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
