import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { Translate } from "~/i18n/i18n";
import { pushToUser } from "~/realtime/push.server";
import type { Actor } from "../../accounts/accounts.server";
import { recordAudit } from "../../audit.server";
import { DomainError } from "../../errors";
import { owningOrgFor } from "../listing-writes.server";
import type { ImportKind } from "./columns";
import { type AchievementRow, buildMapping, columnHeader, type FileError, type Mapping, type NeedRow, type RowError, type Sheet, validateAchievementSheet, validateNeedSheet } from "./parse";
import { IMPORT_PROGRESS_TOPIC, type ImportProgress } from "./progress";
import { readHead } from "~/utils/uploads.server";
import { readSheet, SHEET_SNIFF_BYTES, sniff, UnreadableFileError, writeXlsx } from "./spreadsheet.server";

export const MAX_IMPORT_MB = 20;
export const MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1024 * 1024;
const CHUNK = 1_000;

export type Analysis = {
  kind: ImportKind;
  headers: string[];
  mapping: Mapping;
  totalRows: number;
  validRows: number;
  errorRows: number;
  fileErrors: FileError[];
  rowErrors: RowError[];
};

type Parsed = { analysis: Analysis; sheet: Sheet | null; achievements: AchievementRow[]; needs: NeedRow[] };

/** Reads and validates a stored upload. Pure apart from reading the file; writes nothing. */
export async function analyzeFile(file: string, fileName: string, kind: ImportKind, manual: Record<string, string> = {}): Promise<Parsed> {
  const empty = (fileErrors: FileError[]): Parsed => ({
    analysis: { kind, headers: [], mapping: {}, totalRows: 0, validRows: 0, errorRows: 0, fileErrors, rowErrors: [] },
    sheet: null,
    achievements: [],
    needs: [],
  });
  const size = fs.statSync(file).size;
  if (size === 0) return empty([{ messageKey: "import.error.empty" }]);
  if (size > MAX_IMPORT_BYTES) return empty([{ messageKey: "import.error.tooLarge", params: { mb: MAX_IMPORT_MB } }]);
  const extension = path.extname(fileName).toLowerCase();
  const type = sniff(readHead(file, SHEET_SNIFF_BYTES));
  if (!((extension === ".xlsx" && type === "xlsx") || (extension === ".csv" && type === "csv"))) return empty([{ messageKey: "import.error.type" }]);
  let sheet: Sheet;
  try {
    sheet = await readSheet(file, type);
  } catch (error) {
    if (error instanceof UnreadableFileError) return empty([{ messageKey: "import.error.unreadable" }]);
    throw error;
  }
  const mapping = buildMapping(kind, sheet.headers, manual);
  const result = kind === "achievement" ? validateAchievementSheet(sheet, mapping) : validateNeedSheet(sheet, mapping);
  return {
    analysis: {
      kind,
      headers: sheet.headers,
      mapping,
      totalRows: result.totalRows,
      validRows: result.valid.length,
      errorRows: result.errorRowNumbers.length,
      fileErrors: result.fileErrors,
      rowErrors: result.rowErrors,
    },
    sheet,
    achievements: kind === "achievement" ? (result.valid as AchievementRow[]) : [],
    needs: kind === "need" ? (result.valid as NeedRow[]) : [],
  };
}

// ── stored uploads: <uploadsDir>/imports/<batchId>.<ext> and a sidecar <batchId>.json ──

/** `refusedAtCommit`: rows the commit refused (another organization owns the external id); only known once committed. */
type Sidecar = { kind: ImportKind; fileName: string; extension: string; userId: string; orgId: string; refusedAtCommit?: RowError[] };

export function importFilePaths(uploadsDir: string, batchId: string, extension: string) {
  const dir = path.join(uploadsDir, "imports");
  return { dir, file: path.join(dir, `${batchId}${extension}`), sidecar: path.join(dir, `${batchId}.json`) };
}

/**
 * Dry run: stores the upload under a new ImportBatch, validates every row, and returns the analysis.
 * Writes no listing. A file that cannot be read as a sheet (empty, too large, of another type,
 * damaged) is refused without a batch: there is nothing to map again or commit.
 */
export async function dryRunImport(db: PrismaClient, actor: Actor, input: { kind: ImportKind; uploadedFile: string; fileName: string; uploadsDir: string; manual?: Record<string, string> }) {
  const orgId = owningOrgFor(actor, input.kind);
  const { analysis, sheet } = await analyzeFile(input.uploadedFile, input.fileName, input.kind, input.manual);
  if (!sheet) return { batchId: null, analysis };
  const batch = await db.importBatch.create({
    data: { kind: input.kind, orgId, createdById: actor.id, fileName: input.fileName.slice(0, 200), status: "DRY_RUN", totalRows: analysis.totalRows, validRows: analysis.validRows, errorRows: analysis.errorRows },
    select: { id: true },
  });
  const extension = path.extname(input.fileName).toLowerCase() || ".bin";
  const paths = importFilePaths(input.uploadsDir, batch.id, extension);
  fs.mkdirSync(paths.dir, { recursive: true });
  fs.copyFileSync(input.uploadedFile, paths.file);
  const sidecar: Sidecar = { kind: input.kind, fileName: input.fileName, extension, userId: actor.id, orgId };
  fs.writeFileSync(paths.sidecar, JSON.stringify(sidecar));
  return { batchId: batch.id, analysis };
}

function loadSidecar(uploadsDir: string, actor: Actor, batchId: string) {
  if (!/^[a-z0-9]{10,40}$/.test(batchId)) throw new DomainError("import.error.gone", 404);
  const sidecarPath = path.join(uploadsDir, "imports", `${batchId}.json`);
  if (!fs.existsSync(sidecarPath)) throw new DomainError("import.error.gone", 404);
  const sidecar: Sidecar = JSON.parse(fs.readFileSync(sidecarPath, "utf8"));
  if (sidecar.userId !== actor.id) throw new DomainError("import.error.gone", 404);
  return { sidecar, file: importFilePaths(uploadsDir, batchId, sidecar.extension).file };
}

/** Re-validates a stored batch with another column mapping. */
export async function reanalyzeImport(actor: Actor, input: { uploadsDir: string; batchId: string; manual?: Record<string, string> }) {
  const { sidecar, file } = loadSidecar(input.uploadsDir, actor, input.batchId);
  return { batchId: input.batchId, fileName: sidecar.fileName, analysis: (await analyzeFile(file, sidecar.fileName, sidecar.kind, input.manual)).analysis };
}

// ── progress (polled endpoint and live push) ──

export type { ImportProgress } from "./progress";
type ProgressHolder = { __susongImportProgress?: Map<string, ImportProgress> };
const progressHolder = globalThis as ProgressHolder;
const progressMap = (progressHolder.__susongImportProgress ??= new Map());

export function importProgress(batchId: string): ImportProgress | null {
  return progressMap.get(batchId) ?? null;
}

function reportProgress(userId: string, progress: ImportProgress) {
  progressMap.set(progress.batchId, progress);
  pushToUser(userId, IMPORT_PROGRESS_TOPIC, progress);
}

// ── commit ──

export type CommitResult = { batchId: string; created: number; updated: number; unchanged: number; errorRows: number; analysis: Analysis };

/** Value equality across what Prisma returns and what a row maps to: Decimals, Dates, and jsonb (whose key order PostgreSQL changes). */
function canonical(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === "object" && "toNumber" in v && typeof v.toNumber === "function") return v.toNumber();
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, canonical(x)]),
    );
  }
  return v;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function changedFields(existing: Record<string, unknown>, data: Record<string, unknown>): string[] {
  return Object.keys(data).filter((key) => !same(existing[key], data[key]));
}

/**
 * Commits a stored batch: the valid rows are written in one transaction — new external ids are
 * created (as drafts, or submitted for review), known ones owned by the organization are updated
 * only where a field changed, others are reported. Nothing is written when the file has a file-level error.
 */
export async function commitImport(
  db: PrismaClient,
  actor: Actor,
  input: { uploadsDir: string; batchId: string; manual?: Record<string, string>; submit?: boolean },
): Promise<CommitResult> {
  const { sidecar, file } = loadSidecar(input.uploadsDir, actor, input.batchId);
  const parsed = await analyzeFile(file, sidecar.fileName, sidecar.kind, input.manual);
  const { analysis } = parsed;
  if (analysis.fileErrors.length > 0) {
    await db.importBatch.update({ where: { id: input.batchId }, data: { status: "FAILED", finishedAt: new Date() } });
    return { batchId: input.batchId, created: 0, updated: 0, unchanged: 0, errorRows: analysis.errorRows, analysis };
  }
  const kind = sidecar.kind;
  const status = input.submit ? ("SUBMITTED" as const) : ("DRAFT" as const);
  const rows: { row: number; data: Record<string, unknown> & { externalId: string } }[] =
    kind === "achievement"
      ? parsed.achievements.map((r) => {
          const { publishedAt: _unused, ...data } = r.data;
          return { row: r.row, data };
        })
      : parsed.needs.map((r) => {
          const { publishedAt: _unused, ...data } = r.data;
          return { row: r.row, data };
        });
  const total = rows.length;
  let done = 0;
  reportProgress(actor.id, { batchId: input.batchId, done, total, finished: false });

  const result = await db.$transaction(
    async (tx) => {
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      const notOwned: RowError[] = [];
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const ids = chunk.map((r) => r.data.externalId);
        const existing: Record<string, unknown>[] =
          kind === "achievement" ? await tx.achievement.findMany({ where: { externalId: { in: ids } } }) : await tx.need.findMany({ where: { externalId: { in: ids } } });
        const byExternalId = new Map(existing.map((e) => [String(e.externalId), e]));
        const fresh: typeof chunk = [];
        for (const row of chunk) {
          const current = byExternalId.get(row.data.externalId);
          if (!current) {
            fresh.push(row);
            continue;
          }
          if (current.ownerOrgId !== sidecar.orgId) {
            notOwned.push({ row: row.row, column: columnHeader(analysis.mapping, analysis.headers, "externalId"), messageKey: "import.error.notOwner", params: { id: row.data.externalId } });
            continue;
          }
          const changes = changedFields(current, row.data);
          if (changes.length === 0) {
            unchanged += 1;
            continue;
          }
          const id = String(current.id);
          const data = Object.fromEntries(changes.map((k) => [k, row.data[k]]));
          if (kind === "achievement") await tx.achievement.update({ where: { id }, data: { ...data, importBatchId: input.batchId } });
          else await tx.need.update({ where: { id }, data: { ...data, importBatchId: input.batchId } });
          await recordAudit(tx, { actorId: actor.id, orgId: sidecar.orgId, action: `${kind}.imported`, entityType: kind, entityId: id, before: Object.fromEntries(changes.map((k) => [k, current[k]])), after: data });
          await tx.outbox.create({ data: { topic: `${kind}.updated`, aggregateId: id, payload: { id, status: String(current.status) } } });
          updated += 1;
        }
        if (fresh.length > 0) {
          const base = { ownerOrgId: sidecar.orgId, createdById: actor.id, status, importBatchId: input.batchId, ...(status === "SUBMITTED" ? { submittedAt: new Date() } : {}) };
          const createdRows =
            kind === "achievement"
              ? await tx.achievement.createManyAndReturn({ data: fresh.map((r) => ({ ...(r.data as Prisma.AchievementCreateManyInput), ...base })), select: { id: true } })
              : await tx.need.createManyAndReturn({ data: fresh.map((r) => ({ ...(r.data as Prisma.NeedCreateManyInput), ...base })), select: { id: true } });
          await tx.auditEvent.createMany({
            data: createdRows.map((r) => ({ actorId: actor.id, orgId: sidecar.orgId, action: `${kind}.imported`, entityType: kind, entityId: r.id, after: { status, importBatchId: input.batchId } })),
          });
          await tx.outbox.createMany({ data: createdRows.map((r) => ({ topic: `${kind}.created`, aggregateId: r.id, payload: { id: r.id, status } })) });
          created += createdRows.length;
        }
        done += chunk.length;
        reportProgress(actor.id, { batchId: input.batchId, done, total, finished: false });
      }
      const errorRows = analysis.errorRows + notOwned.length;
      await tx.importBatch.update({
        where: { id: input.batchId },
        data: { status: "COMMITTED", created, updated, unchanged, validRows: total - notOwned.length, errorRows, finishedAt: new Date() },
      });
      await recordAudit(tx, { actorId: actor.id, orgId: sidecar.orgId, action: "import.committed", entityType: "ImportBatch", entityId: input.batchId, after: { kind, fileName: sidecar.fileName, created, updated, unchanged, errorRows } });
      return { created, updated, unchanged, notOwned, errorRows };
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
  // The error-rows download re-reads the file; the refusals only the commit could see are kept beside it.
  const sidecarPath = importFilePaths(input.uploadsDir, input.batchId, sidecar.extension).sidecar;
  fs.writeFileSync(sidecarPath, JSON.stringify({ ...sidecar, refusedAtCommit: result.notOwned } satisfies Sidecar));
  reportProgress(actor.id, { batchId: input.batchId, done: total, total, finished: true });
  const fullAnalysis: Analysis = { ...analysis, rowErrors: [...analysis.rowErrors, ...result.notOwned], errorRows: result.errorRows };
  return { batchId: input.batchId, created: result.created, updated: result.updated, unchanged: result.unchanged, errorRows: result.errorRows, analysis: fullAnalysis };
}

/** The rows with errors, as the user uploaded them, plus a column of messages in their language. */
export async function errorRowsWorkbook(actor: Actor, input: { uploadsDir: string; batchId: string; manual?: Record<string, string> }, t: Translate): Promise<Buffer> {
  const { sidecar, file } = loadSidecar(input.uploadsDir, actor, input.batchId);
  const parsed = await analyzeFile(file, sidecar.fileName, sidecar.kind, input.manual);
  const messages = new Map<number, string[]>();
  for (const error of [...parsed.analysis.rowErrors, ...(sidecar.refusedAtCommit ?? [])]) {
    const list = messages.get(error.row) ?? [];
    list.push(`${error.column}: ${t(error.messageKey, error.params)}`);
    messages.set(error.row, list);
  }
  const sheet = parsed.sheet ?? { headers: [], rows: [] };
  const rows = [...messages.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rowNumber, list]) => {
      const cells = sheet.rows[rowNumber - 2] ?? [];
      return [String(rowNumber), ...sheet.headers.map((_, i) => {
        const cell = cells[i];
        return cell === null || cell === undefined ? null : typeof cell === "string" ? cell : cell.error;
      }), list.join("\n")];
    });
  return writeXlsx("errors", [t("import.row"), ...sheet.headers, t("import.errorsColumn")], rows);
}

export function newUploadName(): string {
  return crypto.randomBytes(12).toString("hex");
}
