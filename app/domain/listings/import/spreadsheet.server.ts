import fs from "node:fs";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { Cell, Sheet } from "./parse";

/** How much of a file `sniff` looks at. */
export const SHEET_SNIFF_BYTES = 8192;

/** What a file really is, from its first bytes (the name's extension must agree). */
export type SniffedType = "xlsx" | "csv" | "other";

export function sniff(head: Buffer): SniffedType {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "xlsx";
  if (head.subarray(0, Math.min(head.length, SHEET_SNIFF_BYTES)).includes(0)) return "other";
  const text = head.subarray(0, 8).toString("latin1");
  if (text.startsWith("%PDF") || text.startsWith("\x89PNG") || text.startsWith("\xff\xd8\xff") || text.startsWith("GIF8")) return "other";
  return "csv";
}

export class UnreadableFileError extends Error {}

/** Cell text as the user typed it: numbers, dates (YYYY-MM-DD), rich text, formulas' results, hyperlinks. */
function cellText(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("error" in value) return { error: String(value.error) };
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    if (result && typeof result === "object" && "error" in result) return { error: String(result.error) };
    return result === undefined || result === null ? null : cellText(result as ExcelJS.CellValue);
  }
  if ("text" in value) return typeof value.text === "string" ? value.text : cellText(value.text);
  return null;
}

/** The first worksheet: its first non-empty row is the header; fully empty rows are skipped. */
export async function readSheet(file: string, type: "xlsx" | "csv"): Promise<Sheet> {
  if (type === "csv") return readCsv(file);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new UnreadableFileError(String(error));
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [] };
  const all: Cell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value);
    });
    for (let i = 0; i < cells.length; i += 1) cells[i] ??= null;
    if (cells.some((c) => c !== null && c !== "")) all.push(cells);
  });
  const [header = [], ...rows] = all;
  return { headers: header.map((h) => (typeof h === "string" ? h.trim() : "")), rows };
}

/** UTF-8 (with or without BOM), else GB18030 (which covers GBK), as Chinese spreadsheets often save CSV. */
export function decodeText(buffer: Buffer): string {
  const body = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? buffer.subarray(3) : buffer;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    return iconv.decode(body, "gb18030");
  }
}

function readCsv(file: string): Sheet {
  const text = decodeText(fs.readFileSync(file));
  let records: string[][];
  try {
    records = parseCsv(text, { relax_column_count: true, skip_empty_lines: true, trim: false, relax_quotes: false });
  } catch (error) {
    throw new UnreadableFileError(String(error));
  }
  const rows = records.filter((r) => r.some((c) => c.trim() !== ""));
  const [header = [], ...data] = rows;
  return { headers: header.map((h) => h.trim()), rows: data.map((r) => r.map((c) => (c === "" ? null : c))) };
}

/**
 * Formula injection: a cell whose text starts with = + - @ (or a tab / carriage return) would run as a
 * formula in Excel or LibreOffice. Prefixing a single quote makes it plain text, as OWASP advises.
 */
export function neutralize(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type ExportValue = string | number | Date | null;

/** Writes one worksheet to an .xlsx buffer; every string cell is neutralized. */
export async function writeXlsx(sheetName: string, headers: string[], rows: ExportValue[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Susong Exchange";
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(headers.map(neutralize));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row.map((v) => (typeof v === "string" ? neutralize(v) : v)));
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data);
}
