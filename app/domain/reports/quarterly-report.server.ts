/**
 * The quarterly report (measure 十五: 每季度进行任务措施落实情况总结和通报) in three forms, all from
 * dashboardFigures: an .xlsx workbook (a cover sheet with the period, the time it was generated and the definition
 * of every figure, then one sheet per table), a printable HTML page with the SVG charts, and a PDF printed from
 * that page by headless Chromium when the server has one.
 */
import fs from "node:fs";
import ExcelJS from "exceljs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { BureauFigures, definedStages, dimensionLabel } from "~/components/bureau-figures";
import { formatDateTime, type Translate } from "~/i18n/i18n";
import type { Locale } from "~/i18n/locales";
import type { Dashboard } from "./figures.server";
import { challengeStages, dimensions, funnelStages } from "./report-filters";

type Cell = string | number | null;

/** Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is stored with a leading apostrophe. */
export function formulaSafe(value: Cell): Cell {
  if (typeof value !== "string") return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function addSheet(workbook: ExcelJS.Workbook, name: string, header: string[], rows: Cell[][]) {
  const sheet = workbook.addWorksheet(name.slice(0, 31));
  sheet.addRow(header.map(formulaSafe));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map(formulaSafe));
  sheet.columns.forEach((column, index) => {
    column.width = index === 0 ? 36 : 16;
  });
  return sheet;
}

/** Sheet names, in order; the tests and readers find tables by these. */
export const sheetNames = ["cover", "funnel", ...dimensions, "challenges", "brokerAgencies", "brokers", "responses"] as const;

export async function quarterlyWorkbook(dashboard: Dashboard, t: Translate, locale: Locale, generatedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = t("app.name");
  workbook.created = generatedAt;
  const stageLabel = (stage: (typeof definedStages)[number]) => t(`bureau.stage.${stage}`);

  addSheet(workbook, "cover", [t("bureau.reportTitle"), ""], [
    [t("bureau.period"), dashboard.period.label],
    [t("bureau.generatedAt"), formatDateTime(locale, generatedAt)],
    [t("bureau.policyBasis"), ""],
    [],
    [t("bureau.figure"), t("bureau.definition")],
    ...definedStages.map((stage) => [stageLabel(stage), t(`bureau.def.${stage}`)]),
    [t("bureau.rate"), t("bureau.def.responseRate")],
    [t("bureau.filters"), t("bureau.def.dimensions")],
  ]);

  addSheet(
    workbook,
    "funnel",
    [t("bureau.figure"), t("bureau.count"), `${t("bureau.value")} (万元)`],
    funnelStages.map((stage) => [stageLabel(stage), dashboard.funnel[stage].count, dashboard.funnel[stage].valueWan]),
  );
  for (const dimension of dimensions) {
    addSheet(
      workbook,
      dimension,
      [t(`bureau.${dimension}`), ...funnelStages.map(stageLabel), `${t("bureau.value")} (万元)`],
      dashboard.breakdowns[dimension].map((row) => [
        dimensionLabel(t, dimension, row.key),
        ...funnelStages.map((stage) => row.figures[stage]?.count ?? 0),
        row.figures.contract?.valueWan ?? 0,
      ]),
    );
  }
  addSheet(workbook, "challenges", [t("bureau.figure"), t("bureau.count")], challengeStages.map((stage) => [stageLabel(stage), dashboard.challenges[stage]]));
  for (const [name, rows, label] of [
    ["brokerAgencies", dashboard.brokerAgencies, t("bureau.brokerAgency")],
    ["brokers", dashboard.brokers, t("bureau.broker")],
  ] as const) {
    addSheet(
      workbook,
      name,
      [label, t("bureau.introduced"), t("bureau.contracts"), `${t("bureau.value")} (万元)`],
      rows.map((r) => [r.name, r.introduced, r.contracts, r.valueWan]),
    );
  }
  addSheet(
    workbook,
    "responses",
    [t("bureau.organization"), t("bureau.received"), t("bureau.answered"), t("bureau.rate")],
    dashboard.responses.map((r) => [r.name, r.received, r.answered, Math.round(r.rate * 10000) / 10000]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const printCss = `
  body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #0f172a; margin: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
  table { border-collapse: collapse; width: 100%; font-size: 12px; margin-bottom: 12px; }
  th, td { border: 1px solid #cbd5e1; padding: 4px 6px; text-align: left; font-variant-numeric: tabular-nums; }
  figure { margin: 8px 0; } figcaption { font-size: 12px; color: #475569; }
  dl { font-size: 11px; color: #334155; } dt { font-weight: 600; margin-top: 4px; } dd { margin: 0 0 0 12px; }
  .meta { color: #475569; font-size: 12px; }
  .bureau-section { break-inside: avoid; }
  @page { size: A4; margin: 14mm; }
  @media print { body { margin: 0; } a { color: inherit; text-decoration: none; } }
`;

/** The printable report: a whole HTML document with the charts inline (no script, no external resources). */
export function quarterlyReportHtml(dashboard: Dashboard, t: Translate, locale: Locale, generatedAt: Date): string {
  const body = renderToStaticMarkup(
    createElement(
      "main",
      null,
      createElement("h1", null, t("bureau.reportTitle")),
      createElement("p", { className: "meta" }, `${t("bureau.period")}: ${dashboard.period.label} · ${t("bureau.generatedAt")}: ${formatDateTime(locale, generatedAt)}`),
      createElement("p", { className: "meta" }, t("bureau.policyBasis")),
      createElement(BureauFigures, { dashboard, t, locale }),
      createElement("h2", null, t("bureau.definitions")),
      createElement(
        "dl",
        null,
        ...definedStages.flatMap((stage) => [createElement("dt", { key: `${stage}-t` }, t(`bureau.stage.${stage}`)), createElement("dd", { key: `${stage}-d` }, t(`bureau.def.${stage}`))]),
        createElement("dt", { key: "dims-t" }, t("bureau.filters")),
        createElement("dd", { key: "dims-d" }, t("bureau.def.dimensions")),
      ),
    ),
  );
  const lang = locale === "zh-CN" ? "zh-CN" : "en";
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(`${t("bureau.reportTitle")} ${dashboard.period.label}`)}</title><style>${printCss}</style></head><body>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export const CHROMIUM_PATH = "/usr/bin/chromium";

export class PdfUnavailableError extends Error {}

/** Prints the report page to PDF with headless Chromium; PdfUnavailableError when the server has none. */
export async function quarterlyReportPdf(html: string, executablePath = CHROMIUM_PATH): Promise<Buffer> {
  if (!fs.existsSync(executablePath)) throw new PdfUnavailableError(`no browser at ${executablePath}`);
  let chromium: typeof import("playwright-core").chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (error) {
    throw new PdfUnavailableError(`playwright-core is not installed: ${String(error)}`);
  }
  const browser = await chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    // The document is self-contained; block any request so printing never reaches the network.
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({ format: "A4", printBackground: true, margin: { top: "14mm", bottom: "14mm", left: "12mm", right: "12mm" } });
  } finally {
    await browser.close();
  }
}
