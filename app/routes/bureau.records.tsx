import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { dimensionLabel } from "~/components/bureau-figures";
import { Pagination } from "~/components/listing";
import { DRILL_PAGE_SIZE, drillDownRecords } from "~/domain/reports/figures.server";
import { filtersFromSearchParams, filtersToSearch, isDrillKey, isStage } from "~/domain/reports/report-filters";
import { pageFromUrl } from "~/domain/listings/validation";
import { formatDate, formatNumber, formatWan, isMessageKey, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "bureau.records");

/** The records behind one dashboard figure (same filters, same definitions), paginated. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:report");
  const url = new URL(request.url);
  const params = url.searchParams;
  const stage = params.get("stage");
  if (!isStage(stage)) throw new Response("Not found", { status: 404 });
  const keyParam = params.get("key");
  const key = isDrillKey(keyParam) ? keyParam : null;
  const value = key ? (params.get("value") ?? null) : null;
  const answeredParam = params.get("answered");
  const answered = answeredParam === "1" ? true : answeredParam === "0" ? false : null;
  const filters = filtersFromSearchParams(params);
  const page = pageFromUrl(url);
  const { total, records } = await drillDownRecords(await getPrisma(), filters, { stage, key, value, answered }, page);
  return { filters, stage, key, value, answered, total, records, page, pages: Math.max(1, Math.ceil(total / DRILL_PAGE_SIZE)) };
}

const recordHref: Record<string, (id: string) => string> = {
  achievement: (id) => `/achievements/${id}`,
  need: (id) => `/needs/${id}`,
  room: (id) => `/rooms/${id}`,
  challenge: (id) => `/challenges/${id}`,
  deal: (id) => `/deals/${encodeURIComponent(id)}`,
};

export default function BureauRecords() {
  const { t, locale } = useI18n();
  const { filters, stage, key, value, answered, total, records, page, pages } = useLoaderData<typeof loader>();
  const narrowing = [
    key && value !== null ? dimensionLabel(t, key, value) : null,
    answered === null ? null : answered ? t("bureau.answeredOnly") : t("bureau.unansweredOnly"),
  ].filter(Boolean);
  return (
    <div className="space-y-4">
      <p>
        <Link to={`/bureau?${filtersToSearch(filters)}`} className="text-sm text-brand-700 hover:underline">
          ← {t("bureau.back")}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">
        {t(`bureau.stage.${stage}`)}
        {narrowing.length > 0 ? ` · ${narrowing.join(" · ")}` : ""}
      </h1>
      <p className="text-slate-600">
        {t("bureau.subtitle", { period: filters.quarter ? `${filters.year}-Q${filters.quarter}` : String(filters.year) })} · {t("bureau.total", { n: formatNumber(locale, total) })}
      </p>
      <p className="text-sm text-slate-600">{t(`bureau.def.${stage}`)}</p>
      {records.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">{t("bureau.noData")}</p>
      ) : (
        <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-3 py-2">{t("bureau.recordKind")}</th>
              <th className="px-3 py-2">{t("bureau.recordTitle")}</th>
              <th className="px-3 py-2">{t("bureau.organization")}</th>
              <th className="px-3 py-2">{t("bureau.date")}</th>
              <th className="px-3 py-2">{t("bureau.value")}</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => {
              const kindKey = `bureau.kind.${r.recordKind}`;
              const href = recordHref[r.recordKind]?.(r.recordId);
              return (
                <tr key={`${r.recordKind}-${r.recordId}`} className="border-t border-slate-100">
                  <td className="px-3 py-2">{isMessageKey(kindKey) ? t(kindKey) : r.recordKind}</td>
                  <td className="px-3 py-2">
                    {href ? (
                      <Link to={href} className="text-brand-800 hover:underline">
                        {r.title}
                      </Link>
                    ) : (
                      r.title
                    )}
                  </td>
                  <td className="px-3 py-2">{r.orgName}</td>
                  <td className="px-3 py-2">{formatDate(locale, r.at)}</td>
                  <td className="px-3 py-2 tabular-nums">{r.valueWan === null ? "—" : formatWan(locale, r.valueWan)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pagination page={page} pages={pages} />
    </div>
  );
}
