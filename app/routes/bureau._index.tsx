import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { BureauFigures, type HrefFor } from "~/components/bureau-figures";
import { orgKinds } from "~/domain/accounts/permissions";
import { dashboardFigures, filterOptions } from "~/domain/reports/figures.server";
import { filtersFromSearchParams, filtersToSearch } from "~/domain/reports/report-filters";
import { useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "bureau.title");

/** The science bureau's dashboard: BUREAU and ADMIN only (read:report:any). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read:report");
  const filters = filtersFromSearchParams(new URL(request.url).searchParams);
  const db = await getPrisma();
  const [dashboard, options] = await Promise.all([dashboardFigures(db, filters), filterOptions(db, filters.year)]);
  return { dashboard, options, thisYear: new Date().getFullYear() };
}

export default function BureauDashboard() {
  const { t, locale } = useI18n();
  const { dashboard, options, thisYear } = useLoaderData<typeof loader>();
  const filters = dashboard.filters;
  const hrefFor: HrefFor = (stage, key, value, answered) =>
    `/bureau/records?${filtersToSearch(filters, { stage, key: key ?? null, value: value ?? null, answered: answered === undefined ? null : answered ? "1" : "0" })}`;
  const years = Array.from(new Set([thisYear, thisYear - 1, thisYear - 2, 2020, filters.year])).sort((a, b) => b - a);
  const reportQuery = filtersToSearch(filters);
  const select = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">{t("bureau.title")}</h1>
        <p className="mt-1 text-slate-600">{t("bureau.subtitle", { period: dashboard.period.label })}</p>
      </header>

      <Form method="get" className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-7" aria-label={t("bureau.filters")}>
        <label className="text-sm">
          {t("bureau.year")}
          <select name="year" defaultValue={filters.year} className={select}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          {t("bureau.quarter")}
          <select name="quarter" defaultValue={filters.quarter ?? ""} className={select}>
            <option value="">{t("bureau.wholeYear")}</option>
            {[1, 2, 3, 4].map((q) => (
              <option key={q} value={q}>
                {t("bureau.quarterN", { n: q })}
              </option>
            ))}
          </select>
        </label>
        {(["field", "industry", "region"] as const).map((name) => (
          <label key={name} className="text-sm">
            {t(`bureau.${name}`)}
            <select name={name} defaultValue={filters[name] ?? ""} className={select}>
              <option value="">{t("bureau.all")}</option>
              {options[name].map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
        ))}
        <label className="text-sm">
          {t("bureau.orgKind")}
          <select name="orgKind" defaultValue={filters.orgKind ?? ""} className={select}>
            <option value="">{t("bureau.all")}</option>
            {orgKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`orgKind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="flex items-end">
          <button type="submit" className="w-full rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
            {t("bureau.apply")}
          </button>
        </div>
      </Form>

      <section className="rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="bureau-report">
        <h2 id="bureau-report" className="font-semibold">
          {t("bureau.report")} · {dashboard.period.label}
        </h2>
        <p className="mt-1 text-sm text-slate-600">{t("bureau.reportHint")}</p>
        <p className="mt-3 flex flex-wrap gap-3 text-sm">
          <a href={`/bureau/report.xlsx?${reportQuery}`} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100" download>
            {t("bureau.download.xlsx")}
          </a>
          <a href={`/bureau/report.html?${reportQuery}`} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100" target="_blank" rel="noreferrer">
            {t("bureau.download.html")}
          </a>
          <a href={`/bureau/report.pdf?${reportQuery}`} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
            {t("bureau.download.pdf")}
          </a>
        </p>
      </section>

      <BureauFigures dashboard={dashboard} t={t} locale={locale} hrefFor={hrefFor} />
      <p className="text-xs text-slate-600">{t("bureau.def.dimensions")}</p>
    </div>
  );
}
