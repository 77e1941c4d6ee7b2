import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { can } from "~/domain/accounts/permissions";
import { myListings } from "~/domain/listings/listing-writes.server";
import { formatDateTime, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "my.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const listings = await myListings(await getPrisma(), actor);
  return { ...listings, canCreateAchievement: can(actor.memberships, "create:achievement"), canCreateNeed: can(actor.memberships, "create:need") };
}

function Rows({ rows, base }: { rows: { id: string; title: string; status: string; updatedAt: string | Date; returnReason: string | null }[]; base: string }) {
  const { t, locale } = useI18n();
  if (rows.length === 0) return <p className="text-sm text-slate-500">{t("my.empty")}</p>;
  return (
    <table className="w-full text-sm">
      <thead>
        <tr className="text-left text-slate-500">
          <th className="py-1">{t("listingForm.title")}</th>
          <th>{t("listing.status")}</th>
          <th>{t("my.updatedAt")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} className="border-t border-slate-100">
            <td className="py-1.5">
              <Link to={`${base}/${row.id}`} className="text-brand-700 hover:underline">
                {row.title}
              </Link>
              {row.returnReason && row.status === "RETURNED" ? <div className="text-xs text-amber-800">{t("workflow.returnedBecause", { reason: row.returnReason })}</div> : null}
            </td>
            <td data-status={row.status}>{t(`status.${row.status}` as "status.DRAFT")}</td>
            <td>{formatDateTime(locale, row.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function MyListingsPage() {
  const { t } = useI18n();
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-8">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("my.title")}</h1>
        <div className="flex gap-2">
          {data.canCreateAchievement ? (
            <>
              <Link to="/achievements/new" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white">
                {t("listingForm.newAchievement")}
              </Link>
              <Link to="/import" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
                {t("nav.import")}
              </Link>
            </>
          ) : null}
          {data.canCreateNeed ? (
            <Link to="/needs/new" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white">
              {t("listingForm.newNeed")}
            </Link>
          ) : null}
        </div>
      </header>
      {data.canCreateAchievement || data.achievements.length > 0 ? (
        <section>
          <h2 className="mb-2 text-lg font-semibold">{t("my.achievements")}</h2>
          <Rows rows={data.achievements} base="/achievements" />
        </section>
      ) : null}
      {data.canCreateNeed || data.needs.length > 0 ? (
        <section>
          <h2 className="mb-2 text-lg font-semibold">{t("my.needs")}</h2>
          <Rows rows={data.needs} base="/needs" />
        </section>
      ) : null}
    </div>
  );
}
