import fs from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getTranslator } from "~/i18n/i18n";
import { generateActivity } from "../../../tests/helpers/bureau-activity";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { sqlFigure } from "../../../tests/helpers/report-sql";
import { dashboardFigures } from "./figures.server";
import { CHROMIUM_PATH, formulaSafe, quarterlyReportHtml, quarterlyReportPdf, quarterlyWorkbook, sheetNames } from "./quarterly-report.server";
import { challengeStages, dimensions, funnelStages, NONE, type ReportFilters } from "./report-filters";

let database: TestDatabase;
let activity: Awaited<ReturnType<typeof generateActivity>>;
beforeAll(async () => {
  database = await createTestDatabase();
  activity = await generateActivity(database.prisma);
  // A name a spreadsheet would take for a formula must arrive as text.
  await database.prisma.organization.update({ where: { id: activity.agency2.id }, data: { name: `=HYPERLINK("http://evil.example","x")-${activity.agency2.id}` } });
});
afterAll(async () => {
  await database?.dispose();
});

const q2: ReportFilters = { year: 2026, quarter: 2, field: null, industry: null, region: null, orgKind: null };
const generatedAt = new Date("2026-07-03T02:00:00Z");

const rowsOf = (sheet: ExcelJS.Worksheet) => {
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => {
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    rows.push(values);
  });
  return rows;
};

test("the workbook has a cover and one sheet per table, and every figure in it equals a direct SQL count", async () => {
  const db = database.prisma;
  const t = getTranslator("zh-CN");
  const dashboard = await dashboardFigures(db, q2);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Uint8Array.from(await quarterlyWorkbook(dashboard, t, "zh-CN", generatedAt)).buffer);
  expect(workbook.worksheets.map((s) => s.name)).toEqual([...sheetNames]);

  const cover = rowsOf(workbook.getWorksheet("cover") ?? workbook.worksheets[0]!);
  expect(cover[1]).toEqual([t("bureau.period"), "2026-Q2"]);
  expect(String(cover[2]?.[1])).toContain("2026");
  for (const stage of [...funnelStages, ...challengeStages]) expect(cover.some((row) => row[1] === t(`bureau.def.${stage}`))).toBe(true);

  const funnel = rowsOf(workbook.getWorksheet("funnel")!).slice(1);
  expect(funnel).toHaveLength(funnelStages.length);
  for (const [index, stage] of funnelStages.entries()) {
    const sql = await sqlFigure(db, q2, stage);
    expect(funnel[index]?.[1], stage).toBe(sql.count);
    if (["contract", "registered", "outcome"].includes(stage)) expect(funnel[index]?.[2]).toBeCloseTo(sql.valueWan, 2);
  }

  for (const dimension of dimensions) {
    const rows = rowsOf(workbook.getWorksheet(dimension)!).slice(1);
    expect(rows).toHaveLength(dashboard.breakdowns[dimension].length);
    for (const [index, breakdown] of dashboard.breakdowns[dimension].entries()) {
      for (const [column, stage] of funnelStages.entries()) {
        const sql = await sqlFigure(db, q2, stage, { key: dimension, value: breakdown.key ?? NONE });
        expect(rows[index]?.[column + 1], `${dimension} ${breakdown.key} ${stage}`).toBe(sql.count);
      }
      const contractValue = (await sqlFigure(db, q2, "contract", { key: dimension, value: breakdown.key ?? NONE })).valueWan;
      expect(rows[index]?.[funnelStages.length + 1]).toBeCloseTo(contractValue, 2);
    }
  }

  const challenges = rowsOf(workbook.getWorksheet("challenges")!).slice(1);
  for (const [index, stage] of challengeStages.entries()) expect(challenges[index]?.[1], stage).toBe((await sqlFigure(db, q2, stage)).count);

  const agencies = rowsOf(workbook.getWorksheet("brokerAgencies")!).slice(1);
  expect(agencies).toHaveLength(2);
  for (const [index, row] of dashboard.brokerAgencies.entries()) {
    expect(agencies[index]?.[1]).toBe((await sqlFigure(db, q2, "deal", { key: "brokerOrg", value: row.id })).count);
    const contracts = await sqlFigure(db, q2, "contract", { key: "brokerOrg", value: row.id });
    expect(agencies[index]?.[2]).toBe(contracts.count);
    expect(agencies[index]?.[3]).toBeCloseTo(contracts.valueWan, 2);
  }
  const brokers = rowsOf(workbook.getWorksheet("brokers")!).slice(1);
  for (const [index, row] of dashboard.brokers.entries()) {
    expect(brokers[index]?.[1]).toBe((await sqlFigure(db, q2, "deal", { key: "brokerUser", value: row.id })).count);
    expect(brokers[index]?.[2]).toBe((await sqlFigure(db, q2, "contract", { key: "brokerUser", value: row.id })).count);
  }

  const responses = rowsOf(workbook.getWorksheet("responses")!).slice(1);
  expect(responses).toHaveLength(dashboard.responses.length);
  for (const [index, row] of dashboard.responses.entries()) {
    const received = (await sqlFigure(db, q2, "interest", { key: "org", value: row.orgId })).count;
    const answered = (await sqlFigure(db, q2, "interest", { key: "org", value: row.orgId, answered: true })).count;
    expect(responses[index]?.slice(1)).toEqual([received, answered, Math.round((answered / received) * 10000) / 10000]);
  }

  // formula-safe: the hostile name is stored as text, never as a formula
  const hostile = agencies.find((row) => String(row[0]).includes("HYPERLINK"));
  expect(hostile?.[0]).toBe(`'=HYPERLINK("http://evil.example","x")-${activity.agency2.id}`);
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula))));
});

test("formulaSafe prefixes only what a spreadsheet would evaluate", () => {
  expect(formulaSafe("=1+1")).toBe("'=1+1");
  expect(formulaSafe("+86 592")).toBe("'+86 592");
  expect(formulaSafe("-5")).toBe("'-5");
  expect(formulaSafe("@SUM(A1)")).toBe("'@SUM(A1)");
  expect(formulaSafe("钙钛矿 = 好")).toBe("钙钛矿 = 好");
  expect(formulaSafe(-5)).toBe(-5);
});

test("the printable report carries the SVG charts with accessible titles, in both languages", async () => {
  const dashboard = await dashboardFigures(database.prisma, q2);
  const zh = quarterlyReportHtml(dashboard, getTranslator("zh-CN"), "zh-CN", generatedAt);
  expect(zh).toContain('<html lang="zh-CN">');
  expect(zh).toContain("@media print");
  expect(zh).toMatch(/<svg role="img" aria-labelledby="[^"]+"/);
  expect(zh).toContain(`<title id=`);
  expect(zh).toContain("转化漏斗：从发布到12个月成效核查的各环节数量");
  expect(zh).toContain("签订合同: 3");
  expect(zh).not.toContain("<script");
  const en = quarterlyReportHtml(dashboard, getTranslator("en"), "en", generatedAt);
  expect(en).toContain("Contracts signed: 3");
  expect(en).toContain("Broker performance");
});

const hasChromium = fs.existsSync(CHROMIUM_PATH);
test.skipIf(!hasChromium)(`the PDF is printed by headless Chromium${hasChromium ? "" : " (skipped: no /usr/bin/chromium on this machine)"}`, async () => {
  const dashboard = await dashboardFigures(database.prisma, q2);
  const pdf = await quarterlyReportPdf(quarterlyReportHtml(dashboard, getTranslator("zh-CN"), "zh-CN", generatedAt));
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(5_000);
});

test("without a browser the PDF fails with a clear, typed error", async () => {
  await expect(quarterlyReportPdf("<p>x</p>", "/nonexistent/chromium")).rejects.toThrow("no browser at /nonexistent/chromium");
});
