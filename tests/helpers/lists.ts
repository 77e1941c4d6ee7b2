import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { type AchievementRecord, achievementRecordSchema, type NeedRecord, needRecordSchema } from "~/domain/listings/source-records";

export const sharedDataDir = path.resolve(import.meta.dirname, "..", "..", "..", "shared", "data");

export function readRecords<T>(file: string, parse: (raw: unknown) => T): T[] {
  return fs
    .readFileSync(path.join(sharedDataDir, file), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => parse(JSON.parse(l)));
}

export const corpusAchievements = (): AchievementRecord[] => readRecords("achievements.jsonl", (r) => achievementRecordSchema.parse(r));
export const corpusNeeds = (): NeedRecord[] => readRecords("needs.jsonl", (r) => needRecordSchema.parse(r));

/** Chinese headers, as a tech-transfer office's own list would have them. */
export const achievementHeaders = ["成果编号", "成果名称", "成果简介", "技术领域", "行业分类", "成熟度", "知识产权", "合作方式", "价格", "所在地区", "完成单位", "应用范围", "发布日期", "来源"];
export const achievementCells = (r: AchievementRecord) => [r.id, r.title, r.abstract, r.tech_field, r.industry_class, r.maturity, r.ip, r.cooperation_mode, r.price, r.city, r.owner, r.application_scope, r.post_date, r.source];
export const needHeaders = ["需求编号", "需求名称", "需求描述", "行业", "合作方式", "预算", "发布日期", "需求单位", "来源"];
export const needCells = (r: NeedRecord) => [r.id, r.title, r.description, r.industry_class, r.cooperation_mode, r.budget, r.post_date, r.requester, r.source];

export function tempDir(prefix = "susong-list-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes rows as the user's own spreadsheet would hold them (no neutralisation: this is input). */
export async function writeListXlsx(file: string, headers: string[], rows: (string | number | null | undefined | ExcelJS.CellValue)[][]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("清单");
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row.map((v) => (v === undefined ? null : v)));
  await workbook.xlsx.writeFile(file);
  return file;
}

export function writeCsv(file: string, headers: string[], rows: (string | null | undefined)[][], encoding: "utf8" | "utf8bom" = "utf8bom"): string {
  const quote = (v: string | null | undefined) => (v === null || v === undefined ? "" : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = [headers, ...rows].map((r) => r.map(quote).join(",")).join("\r\n");
  fs.writeFileSync(file, encoding === "utf8bom" ? `\ufeff${text}` : text);
  return file;
}
