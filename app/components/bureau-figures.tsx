import type { ReactNode } from "react";
import type { Dashboard, Figure } from "~/domain/reports/figures.server";
import { challengeStages, type Dimension, dimensions, type DrillKey, funnelStages, NONE, type Stage } from "~/domain/reports/report-filters";
import { formatNumber, formatWan, isMessageKey, type Translate } from "~/i18n/i18n";
import type { Locale } from "~/i18n/locales";
import { BarChart } from "./bureau-charts";

/** A drill-down link for a figure, or undefined where figures are not links (the printed report). */
export type HrefFor = (stage: Stage, key?: DrillKey, value?: string | null, answered?: boolean) => string | undefined;

type Props = { dashboard: Dashboard; t: Translate; locale: Locale; hrefFor?: HrefFor };

export function dimensionLabel(t: Translate, dimension: DrillKey, key: string | null): string {
  if (key === null || key === NONE) return t("bureau.none");
  if (dimension === "orgKind") {
    const messageKey = `orgKind.${key}`;
    return isMessageKey(messageKey) ? t(messageKey) : key;
  }
  return key;
}

function Num({ href, children }: { href?: string; children: ReactNode }) {
  return href ? (
    <a href={href} className="text-brand-700 underline decoration-dotted underline-offset-2 hover:decoration-solid">
      {children}
    </a>
  ) : (
    <>{children}</>
  );
}

const th = "px-2 py-1.5 text-left font-medium";
const td = "px-2 py-1.5 tabular-nums";
const tableClass = "w-full border-collapse text-sm [&_tr]:border-t [&_tr]:border-slate-200";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="bureau-section space-y-3">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** Every figure of the dashboard, as charts and tables: the page and the printed report render the same. */
export function BureauFigures({ dashboard, t, locale, hrefFor = () => undefined }: Props) {
  const wan = (figure: Figure | undefined) => formatWan(locale, figure?.valueWan ?? 0);
  const n = (value: number) => formatNumber(locale, value);
  const percent = (value: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
  const onTime = dashboard.challenges.milestoneDue === 0 ? null : dashboard.challenges.milestoneOnTime / dashboard.challenges.milestoneDue;
  const fieldRows = dashboard.breakdowns.field.filter((row) => (row.figures.contract?.valueWan ?? 0) > 0).slice(0, 10);

  return (
    <div className="space-y-8">
      <Section title={t("bureau.funnel")}>
        <BarChart
          title={t("bureau.funnelChart")}
          empty={t("bureau.noData")}
          bars={funnelStages.map((stage) => ({
            label: t(`bureau.stage.${stage}`),
            value: dashboard.funnel[stage].count,
            display: n(dashboard.funnel[stage].count),
            href: hrefFor(stage),
          }))}
        />
        <table className={tableClass}>
          <thead>
            <tr>
              <th className={th}>{t("bureau.figure")}</th>
              <th className={th}>{t("bureau.count")}</th>
              <th className={th}>{t("bureau.value")}</th>
            </tr>
          </thead>
          <tbody>
            {funnelStages.map((stage) => (
              <tr key={stage}>
                <th scope="row" className={th}>
                  {t(`bureau.stage.${stage}`)}
                </th>
                <td className={td}>
                  <Num href={hrefFor(stage)}>{n(dashboard.funnel[stage].count)}</Num>
                </td>
                <td className={td}>{dashboard.funnel[stage].valueWan === null ? "—" : wan(dashboard.funnel[stage])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <div className="grid gap-6 lg:grid-cols-2">
        <BarChart
          title={t("bureau.valueByField")}
          empty={t("bureau.noData")}
          bars={fieldRows.map((row) => ({
            label: dimensionLabel(t, "field", row.key),
            value: row.figures.contract?.valueWan ?? 0,
            display: wan(row.figures.contract),
            href: hrefFor("contract", "field", row.key ?? NONE),
          }))}
        />
        <BarChart
          title={t("bureau.contractsByQuarter")}
          empty={t("bureau.noData")}
          bars={dashboard.breakdowns.quarter.map((row) => ({
            label: row.key ?? "",
            value: row.figures.contract?.count ?? 0,
            display: n(row.figures.contract?.count ?? 0),
            href: hrefFor("contract", "quarter", row.key),
          }))}
        />
      </div>

      {dimensions.map((dimension: Dimension) => (
        <Section key={dimension} title={t(`bureau.by.${dimension}`)}>
          {dashboard.breakdowns[dimension].length === 0 ? (
            <p className="text-sm text-slate-600">{t("bureau.noData")}</p>
          ) : (
            <div className="overflow-x-auto">
              <table className={tableClass}>
                <thead>
                  <tr>
                    <th className={th}>{t(`bureau.${dimension}`)}</th>
                    {funnelStages.map((stage) => (
                      <th key={stage} className={th}>
                        {t(`bureau.stage.${stage}`)}
                      </th>
                    ))}
                    <th className={th}>{t("bureau.value")}</th>
                  </tr>
                </thead>
                <tbody>
                  {dashboard.breakdowns[dimension].map((row) => (
                    <tr key={row.key ?? NONE}>
                      <th scope="row" className={th}>
                        {dimensionLabel(t, dimension, row.key)}
                      </th>
                      {funnelStages.map((stage) => (
                        <td key={stage} className={td}>
                          <Num href={row.figures[stage]?.count ? hrefFor(stage, dimension, row.key ?? NONE) : undefined}>{n(row.figures[stage]?.count ?? 0)}</Num>
                        </td>
                      ))}
                      <td className={td}>{wan(row.figures.contract)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      ))}

      <Section title={t("bureau.challenges")}>
        <table className={tableClass}>
          <tbody>
            {challengeStages.map((stage) => (
              <tr key={stage}>
                <th scope="row" className={th}>
                  {t(`bureau.stage.${stage}`)}
                </th>
                <td className={td}>
                  <Num href={hrefFor(stage)}>{n(dashboard.challenges[stage])}</Num>
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row" className={th}>
                {t("bureau.onTimeRate")}
              </th>
              <td className={td}>{onTime === null ? "—" : percent(onTime)}</td>
            </tr>
          </tbody>
        </table>
      </Section>

      <Section title={t("bureau.brokers")}>
        {[
          { rows: dashboard.brokerAgencies, key: "brokerOrg" as const, label: t("bureau.brokerAgency") },
          { rows: dashboard.brokers, key: "brokerUser" as const, label: t("bureau.broker") },
        ].map(({ rows, key, label }) => (
          <table key={key} className={tableClass}>
            <thead>
              <tr>
                <th className={th}>{label}</th>
                <th className={th}>{t("bureau.introduced")}</th>
                <th className={th}>{t("bureau.contracts")}</th>
                <th className={th}>{t("bureau.value")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={4} className={td}>
                    {t("bureau.noData")}
                  </td>
                </tr>
              ) : (
                rows.map((row) => (
                  <tr key={row.id}>
                    <th scope="row" className={th}>
                      {row.name}
                    </th>
                    <td className={td}>
                      <Num href={hrefFor("deal", key, row.id)}>{n(row.introduced)}</Num>
                    </td>
                    <td className={td}>
                      <Num href={hrefFor("contract", key, row.id)}>{n(row.contracts)}</Num>
                    </td>
                    <td className={td}>{formatWan(locale, row.valueWan)}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        ))}
      </Section>

      <Section title={t("bureau.responses")}>
        <table className={tableClass}>
          <thead>
            <tr>
              <th className={th}>{t("bureau.organization")}</th>
              <th className={th}>{t("bureau.received")}</th>
              <th className={th}>{t("bureau.answered")}</th>
              <th className={th}>{t("bureau.rate")}</th>
            </tr>
          </thead>
          <tbody>
            {dashboard.responses.length === 0 ? (
              <tr>
                <td colSpan={4} className={td}>
                  {t("bureau.noData")}
                </td>
              </tr>
            ) : (
              dashboard.responses.map((row) => (
                <tr key={row.orgId}>
                  <th scope="row" className={th}>
                    {row.name}
                  </th>
                  <td className={td}>
                    <Num href={hrefFor("interest", "org", row.orgId)}>{n(row.received)}</Num>
                  </td>
                  <td className={td}>
                    <Num href={hrefFor("interest", "org", row.orgId, true)}>{n(row.answered)}</Num>
                  </td>
                  <td className={td}>{percent(row.rate)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
        <p className="text-xs text-slate-600">{t("bureau.def.responseRate")}</p>
      </Section>
    </div>
  );
}

/** The definitions of every figure, in the order the report presents them. */
export const definedStages: readonly Stage[] = [...funnelStages, "deal", ...challengeStages];
