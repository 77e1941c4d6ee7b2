import type { MessageKey } from "~/i18n/i18n";
import { achievementInputSchema, type IpItem, needInputSchema } from "../listing-input";
import { achievementFromRecord, needFromRecord, parseCooperationModes, parseIpType, parseMaturity, parseSourceDate } from "../source-records";
import { isKnownTechField } from "../taxonomy";
import { columnsOf, type ImportColumn, type ImportKind, recognizeHeader, requiredColumns } from "./columns";

/**
 * The list importer's pure half: header mapping, row mapping (through the same source-record mappers
 * the seed uses, so an imported list and the seed agree field by field) and validation.
 */
export type Cell = string | null | { error: string };
export type Sheet = { headers: string[]; rows: Cell[][] };
/** header index → column */
export type Mapping = Record<number, ImportColumn>;
export type RowError = { row: number; column: string; messageKey: MessageKey; params?: Record<string, string | number> };
export type FileError = { messageKey: MessageKey; params?: Record<string, string | number> };

export const MAX_ROWS = 50_000;

/** Recognized headers plus the user's manual choices (which win). */
export function buildMapping(kind: ImportKind, headers: string[], manual: Record<string, string> = {}): Mapping {
  const mapping: Mapping = {};
  const allowed = columnsOf(kind);
  headers.forEach((header, index) => {
    const chosen = manual[String(index)];
    if (chosen === "") return;
    const column = chosen && (allowed as readonly string[]).includes(chosen) ? (chosen as ImportColumn) : recognizeHeader(kind, header);
    if (column && !Object.values(mapping).includes(column)) mapping[index] = column;
  });
  return mapping;
}

export function missingColumns(kind: ImportKind, mapping: Mapping): ImportColumn[] {
  const present = new Set(Object.values(mapping));
  return requiredColumns[kind].filter((c) => !present.has(c));
}

type Values = Partial<Record<ImportColumn, string>>;

function rowValues(row: Cell[], mapping: Mapping, rowNumber: number, headers: string[], errors: RowError[]): Values {
  const values: Values = {};
  for (const [index, column] of Object.entries(mapping)) {
    const cell = row[Number(index)];
    if (cell && typeof cell === "object") {
      errors.push({ row: rowNumber, column: headers[Number(index)] ?? column, messageKey: "import.error.cell", params: { value: cell.error } });
      continue;
    }
    const text = cell?.trim();
    if (text) values[column] = text;
  }
  return values;
}

const achievementDataOf = (v: Values) => {
  const base = achievementFromRecord({
    id: v.externalId ?? "",
    title: v.title ?? "",
    abstract: v.summary,
    industry_class: v.industryClass,
    tech_field: v.techField,
    maturity: v.maturity,
    ip: v.ip,
    cooperation_mode: v.cooperation,
    price: v.price,
    post_date: v.postDate,
    source: v.source,
    owner: v.owner,
    city: v.region,
    application_scope: v.applicationScope,
  });
  return base;
};

export type AchievementRow = { row: number; data: Omit<ReturnType<typeof achievementDataOf>, "ipItems"> & { description: string; keywords: string[]; team: string | null; validUntil: Date | null; ipItems: IpItem[] } };
export type NeedRow = { row: number; data: ReturnType<typeof needFromRecord> & { techField: string | null; techFieldMajor: string | null; techFieldMinor: string | null; region: string | null; deadline: Date | null; validUntil: Date | null } };

export type Validated<R> = { fileErrors: FileError[]; rowErrors: RowError[]; valid: R[]; totalRows: number; errorRowNumbers: number[] };

export function columnHeader(mapping: Mapping, headers: string[], column: ImportColumn): string {
  const index = Object.entries(mapping).find(([, c]) => c === column)?.[0];
  return index === undefined ? column : (headers[Number(index)] ?? column);
}

const MONEY = /\d/;
const DATE = /^\d{4}-\d{1,2}(-\d{1,2})?/;

function commonChecks(kind: ImportKind, v: Values, rowNumber: number, header: (c: ImportColumn) => string, errors: RowError[]) {
  if (!v.externalId) errors.push({ row: rowNumber, column: header("externalId"), messageKey: "validation.required" });
  else if (v.externalId.length > 120 || !/^[\w.:@/-]+$/.test(v.externalId)) errors.push({ row: rowNumber, column: header("externalId"), messageKey: "listingForm.error.externalId" });
  if (v.techField && !isKnownTechField(v.techField)) errors.push({ row: rowNumber, column: header("techField"), messageKey: "listingForm.error.techField" });
  if (v.cooperation && parseCooperationModes(v.cooperation).length === 0) errors.push({ row: rowNumber, column: header("cooperation"), messageKey: "import.error.unknownValue", params: { value: v.cooperation } });
  for (const column of ["postDate", "validUntil", "deadline"] as const) {
    const value = v[column];
    if (value && (!DATE.test(value) || !parseSourceDate(value))) errors.push({ row: rowNumber, column: header(column), messageKey: "listingForm.error.date" });
  }
  const money = kind === "achievement" ? v.price : v.budget;
  const moneyColumn = kind === "achievement" ? "price" : "budget";
  if (money && !/面议|negotiable/i.test(money) && !MONEY.test(money)) errors.push({ row: rowNumber, column: header(moneyColumn), messageKey: "import.error.unknownValue", params: { value: money } });
}

function duplicates(kind: ImportKind, rows: Values[], firstDataRow: number): FileError[] {
  const seen = new Map<string, number>();
  const dupes: string[] = [];
  rows.forEach((v, i) => {
    if (!v.externalId) return;
    const earlier = seen.get(v.externalId);
    if (earlier !== undefined) dupes.push(`${v.externalId} (${earlier + firstDataRow}, ${i + firstDataRow})`);
    else seen.set(v.externalId, i);
  });
  return dupes.length ? [{ messageKey: "import.error.duplicateIds", params: { ids: dupes.slice(0, 10).join("; ") + (dupes.length > 10 ? " …" : "") } }] : [];
}

/** Row numbers as the user sees them in their spreadsheet: the header is row 1. */
const FIRST_DATA_ROW = 2;

function fileChecks(kind: ImportKind, sheet: Sheet, mapping: Mapping): FileError[] {
  if (sheet.headers.length === 0 || sheet.rows.length === 0) return [{ messageKey: "import.error.empty" }];
  if (sheet.rows.length > MAX_ROWS) return [{ messageKey: "import.error.tooManyRows", params: { max: MAX_ROWS } }];
  const missing = missingColumns(kind, mapping);
  if (missing.length) return [{ messageKey: "import.error.missingColumns", params: { columns: missing.join(", ") } }];
  return [];
}

export function validateAchievementSheet(sheet: Sheet, mapping: Mapping): Validated<AchievementRow> {
  const fileErrors = fileChecks("achievement", sheet, mapping);
  if (fileErrors.length) return { fileErrors, rowErrors: [], valid: [], totalRows: sheet.rows.length, errorRowNumbers: [] };
  const rowErrors: RowError[] = [];
  const header = (c: ImportColumn) => columnHeader(mapping, sheet.headers, c);
  const values = sheet.rows.map((row, i) => rowValues(row, mapping, i + FIRST_DATA_ROW, sheet.headers, rowErrors));
  const dupes = duplicates("achievement", values, FIRST_DATA_ROW);
  if (dupes.length) return { fileErrors: dupes, rowErrors: [], valid: [], totalRows: sheet.rows.length, errorRowNumbers: [] };
  const valid: AchievementRow[] = [];
  values.forEach((v, i) => {
    const rowNumber = i + FIRST_DATA_ROW;
    const errors: RowError[] = [];
    commonChecks("achievement", v, rowNumber, header, errors);
    if (v.maturity && !parseMaturity(v.maturity)) errors.push({ row: rowNumber, column: header("maturity"), messageKey: "import.error.unknownValue", params: { value: v.maturity } });
    if (v.ip && !parseIpType(v.ip) && !/专利成果/.test(v.ip)) errors.push({ row: rowNumber, column: header("ip"), messageKey: "import.error.unknownValue", params: { value: v.ip } });
    const base = achievementDataOf(v);
    const checked = achievementInputSchema.safeParse({ title: base.title, summary: base.summary, description: v.description, team: v.team, keywords: splitList(v.keywords) });
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const column = String(issue.path[0] ?? "title") as ImportColumn;
        errors.push({ row: rowNumber, column: header(column === "keywords" ? "keywords" : column), messageKey: issue.message as MessageKey, params: issueParams(issue) });
      }
    }
    rowErrors.push(...errors);
    if (errors.length || rowErrors.some((e) => e.row === rowNumber)) return;
    const numbers = splitList(v.ipNumbers);
    valid.push({
      row: rowNumber,
      data: {
        ...base,
        description: v.description ?? "",
        keywords: splitList(v.keywords),
        team: v.team ?? null,
        validUntil: v.validUntil ? parseSourceDate(v.validUntil) : null,
        ipItems: ipItemsFor(base.ipType, numbers),
      },
    });
  });
  return { fileErrors: [], rowErrors, valid, totalRows: sheet.rows.length, errorRowNumbers: [...new Set(rowErrors.map((e) => e.row))] };
}

export function validateNeedSheet(sheet: Sheet, mapping: Mapping): Validated<NeedRow> {
  const fileErrors = fileChecks("need", sheet, mapping);
  if (fileErrors.length) return { fileErrors, rowErrors: [], valid: [], totalRows: sheet.rows.length, errorRowNumbers: [] };
  const rowErrors: RowError[] = [];
  const header = (c: ImportColumn) => columnHeader(mapping, sheet.headers, c);
  const values = sheet.rows.map((row, i) => rowValues(row, mapping, i + FIRST_DATA_ROW, sheet.headers, rowErrors));
  const dupes = duplicates("need", values, FIRST_DATA_ROW);
  if (dupes.length) return { fileErrors: dupes, rowErrors: [], valid: [], totalRows: sheet.rows.length, errorRowNumbers: [] };
  const valid: NeedRow[] = [];
  values.forEach((v, i) => {
    const rowNumber = i + FIRST_DATA_ROW;
    const errors: RowError[] = [];
    commonChecks("need", v, rowNumber, header, errors);
    const base = needFromRecord({ id: v.externalId ?? "", title: v.title, description: v.description, industry_class: v.industryClass, cooperation_mode: v.cooperation, post_date: v.postDate, source: v.source, requester: v.requester, budget: v.budget });
    const checked = needInputSchema.safeParse({ title: base.title, description: base.description });
    if (!checked.success) for (const issue of checked.error.issues) errors.push({ row: rowNumber, column: header(String(issue.path[0] ?? "title") as ImportColumn), messageKey: issue.message as MessageKey, params: issueParams(issue) });
    rowErrors.push(...errors);
    if (errors.length || rowErrors.some((e) => e.row === rowNumber)) return;
    const [major, ...minor] = (v.techField ?? "").split("-");
    valid.push({
      row: rowNumber,
      data: {
        ...base,
        techField: v.techField ?? null,
        techFieldMajor: major || null,
        techFieldMinor: minor.join("-") || null,
        region: v.region ?? null,
        deadline: v.deadline ? parseSourceDate(v.deadline) : null,
        validUntil: v.validUntil ? parseSourceDate(v.validUntil) : null,
      },
    });
  });
  return { fileErrors: [], rowErrors, valid, totalRows: sheet.rows.length, errorRowNumbers: [...new Set(rowErrors.map((e) => e.row))] };
}

function splitList(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[,，;；、\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function issueParams(issue: { code: string; maximum?: unknown; minimum?: unknown }): Record<string, number> | undefined {
  if (issue.code === "too_big") return { max: Number(issue.maximum) };
  if (issue.code === "too_small") return { min: Number(issue.minimum) };
  return undefined;
}

function ipItemsFor(type: IpItem["type"] | null, numbers: string[]): IpItem[] {
  if (!type) return [];
  if (numbers.length === 0) return [{ type, number: null, status: null, holder: null }];
  return numbers.map((number) => ({ type, number, status: null, holder: null }));
}
