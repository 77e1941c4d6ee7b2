import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getTranslator } from "~/i18n/i18n";
import { type TestDatabase, createTestDatabase } from "../../../../tests/helpers/database";
import { actorFor, createMember, createOrg } from "../../../../tests/helpers/factories";
import { achievementCells, achievementHeaders, corpusAchievements, corpusNeeds, needCells, needHeaders, tempDir, writeCsv, writeListXlsx } from "../../../../tests/helpers/lists";
import { achievementFromRecord, needFromRecord } from "../source-records";
import { commitImport, dryRunImport, errorRowsWorkbook, MAX_IMPORT_BYTES } from "./import.server";

let database: TestDatabase;
let dir: string;
beforeAll(async () => {
  database = await createTestDatabase();
  dir = tempDir();
});
afterAll(async () => {
  await database?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function tto() {
  const db = database.prisma;
  const org = await createOrg(db, "UNIVERSITY");
  return { org, actor: await actorFor(db, (await createMember(db, org.id, "TTO")).id) };
}

async function enterprise() {
  const db = database.prisma;
  const org = await createOrg(db, "ENTERPRISE");
  return { org, actor: await actorFor(db, (await createMember(db, org.id, "ENTERPRISE")).id) };
}

const uploadsDir = () => path.join(dir, "uploads");

async function counts() {
  const db = database.prisma;
  return { achievements: await db.achievement.count(), needs: await db.need.count(), outbox: await db.outbox.count() };
}

test("the whole shared/data corpus imported through .xlsx gives the seed's records; a second import changes nothing", async () => {
  const db = database.prisma;
  const { org, actor } = await tto();
  const records = corpusAchievements();
  const file = await writeListXlsx(path.join(dir, "achievements.xlsx"), achievementHeaders, records.map(achievementCells));

  const dry = await dryRunImport(db, actor, { kind: "achievement", uploadedFile: file, fileName: "成果清单.xlsx", uploadsDir: uploadsDir() });
  expect(dry.analysis.fileErrors).toEqual([]);
  expect(dry.analysis.rowErrors).toEqual([]);
  expect(dry.analysis.validRows).toBe(records.length);
  expect(await db.achievement.count()).toBe(0);

  const first = await commitImport(db, actor, { uploadsDir: uploadsDir(), batchId: batchOf(dry) });
  expect(first).toMatchObject({ created: records.length, updated: 0, unchanged: 0, errorRows: 0 });

  const rows = await db.achievement.findMany({ where: { ownerOrgId: org.id } });
  const byExternalId = new Map(rows.map((r) => [r.externalId, r]));
  for (const record of records) {
    const expected = achievementFromRecord(record);
    const row = byExternalId.get(record.id);
    expect(row, record.id).toBeDefined();
    if (!row) continue;
    const { publishedAt: _seedPublishedAt, priceMin, priceMax, ...plain } = expected;
    for (const [key, value] of Object.entries(plain)) expect([record.id, key, row[key as keyof typeof row]]).toEqual([record.id, key, value]);
    expect(row.priceMin?.toNumber() ?? null).toBe(priceMin);
    expect(row.priceMax?.toNumber() ?? null).toBe(priceMax);
    expect(row.status).toBe("DRAFT");
  }

  const again = await dryRunImport(db, actor, { kind: "achievement", uploadedFile: file, fileName: "成果清单.xlsx", uploadsDir: uploadsDir() });
  const before = await counts();
  const second = await commitImport(db, actor, { uploadsDir: uploadsDir(), batchId: batchOf(again) });
  expect(second).toMatchObject({ created: 0, updated: 0, unchanged: records.length });
  const after = await counts();
  expect(after).toEqual(before);
});

test("the needs of shared/data round-trip through CSV (UTF-8 with BOM) too", async () => {
  const db = database.prisma;
  const { org, actor } = await enterprise();
  const records = corpusNeeds();
  const file = writeCsv(path.join(dir, "needs.csv"), needHeaders, records.map(needCells));
  const dry = await dryRunImport(db, actor, { kind: "need", uploadedFile: file, fileName: "needs.csv", uploadsDir: uploadsDir() });
  expect(dry.analysis.rowErrors).toEqual([]);
  const result = await commitImport(db, actor, { uploadsDir: uploadsDir(), batchId: batchOf(dry), submit: true });
  expect(result.created).toBe(records.length);
  const rows = await db.need.findMany({ where: { ownerOrgId: org.id }, select: { externalId: true, title: true, description: true, cooperationModes: true, industryClass: true, status: true } });
  const byId = new Map(rows.map((r) => [r.externalId, r]));
  for (const record of records) {
    const expected = needFromRecord(record);
    expect(byId.get(record.id)).toEqual({ externalId: record.id, title: expected.title, description: expected.description, cooperationModes: expected.cooperationModes, industryClass: expected.industryClass, status: "SUBMITTED" });
  }
});

/** The batch of a file that was read as a sheet. */
function batchOf(dry: { batchId: string | null }): string {
  if (!dry.batchId) throw new Error("the file was refused without a batch");
  return dry.batchId;
}

async function expectRefused(fileName: string, file: string, messageKey: string, kind: "achievement" | "need" = "achievement") {
  const db = database.prisma;
  const { actor } = kind === "achievement" ? await tto() : await enterprise();
  const before = await counts();
  const dry = await dryRunImport(db, actor, { kind, uploadedFile: file, fileName, uploadsDir: uploadsDir() });
  expect(dry.analysis.fileErrors.map((e) => e.messageKey)).toEqual([messageKey]);
  // A file that is no sheet at all (wrong type, too large, damaged, the zero-byte empty.csv) leaves no batch;
  // a sheet (missing columns, no rows, duplicate ids) keeps one to map again.
  const readAsSheet = !["import.error.type", "import.error.tooLarge", "import.error.unreadable"].includes(messageKey) && fileName !== "empty.csv";
  expect(dry.batchId !== null).toBe(readAsSheet);
  if (dry.batchId) expect(await commitImport(db, actor, { uploadsDir: uploadsDir(), batchId: batchOf(dry) })).toMatchObject({ created: 0, updated: 0 });
  expect(await counts()).toEqual(before);
  return dry.analysis.fileErrors[0];
}

test("bad files are refused with a clear error and write nothing: wrong type", async () => {
  const pdf = path.join(dir, "list.pdf");
  fs.writeFileSync(pdf, "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n");
  await expectRefused("list.pdf", pdf, "import.error.type");
  // a PDF renamed to .xlsx is still a PDF
  await expectRefused("list.xlsx", pdf, "import.error.type");
  const png = path.join(dir, "list.csv");
  fs.writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  await expectRefused("list.csv", png, "import.error.type");
});

test("bad files: missing required columns (named in the message), empty file, header only", async () => {
  const missing = await writeListXlsx(path.join(dir, "missing.xlsx"), ["成果名称", "成果简介"], [["一种电池", "简介"]]);
  const error = await expectRefused("missing.xlsx", missing, "import.error.missingColumns");
  expect(error?.params).toEqual({ columns: "externalId" });
  const empty = path.join(dir, "empty.csv");
  fs.writeFileSync(empty, "");
  await expectRefused("empty.csv", empty, "import.error.empty");
  const headerOnly = await writeListXlsx(path.join(dir, "header.xlsx"), achievementHeaders, []);
  await expectRefused("header.xlsx", headerOnly, "import.error.empty");
});

test("bad files: a 50 MB file is refused without being read", async () => {
  const big = path.join(dir, "big.csv");
  const fd = fs.openSync(big, "w");
  fs.writeSync(fd, "成果编号,成果名称\n");
  fs.ftruncateSync(fd, 50 * 1024 * 1024);
  fs.closeSync(fd);
  expect(fs.statSync(big).size).toBeGreaterThan(MAX_IMPORT_BYTES);
  await expectRefused("big.csv", big, "import.error.tooLarge");
});

test("bad files: duplicate external ids in one file, and a damaged .xlsx", async () => {
  const dupes = await writeListXlsx(path.join(dir, "dupes.xlsx"), achievementHeaders, [
    ["X-1", "成果一"],
    ["X-2", "成果二"],
    ["X-1", "成果三"],
  ]);
  const error = await expectRefused("dupes.xlsx", dupes, "import.error.duplicateIds");
  expect(error?.params?.ids).toBe("X-1 (2, 4)");
  const damaged = path.join(dir, "damaged.xlsx");
  fs.writeFileSync(damaged, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
  await expectRefused("damaged.xlsx", damaged, "import.error.unreadable");
});

test("malformed cells: the dry run lists row, column and message in the user's language; commit writes only the valid rows and the error rows come back as .xlsx", async () => {
  const db = database.prisma;
  const { org, actor } = await tto();
  const file = await writeListXlsx(path.join(dir, "cells.xlsx"), ["成果编号", "成果名称", "成熟度", "价格", "发布日期", "技术领域"], [
    ["M-1", "好的成果", "中试", "100万元", "2024-05-01", "新能源-太阳能"],
    ["M-2", "成熟度不明", "超级成熟", "面议", null, null],
    ["M-3", "价格写错", "小试", "一百万", "2024-13-45", null],
    ["M-4", { error: "#REF!" }, "小试", null, null, null],
    ["bad id!", "x", null, null, null, "不存在的领域-子类"],
  ]);
  const dry = await dryRunImport(db, actor, { kind: "achievement", uploadedFile: file, fileName: "cells.xlsx", uploadsDir: uploadsDir() });
  const zh = getTranslator("zh-CN");
  const shown = dry.analysis.rowErrors.map((e) => [e.row, e.column, zh(e.messageKey, e.params)]);
  expect(shown).toEqual(
    expect.arrayContaining([
      [3, "成熟度", "无法识别的取值：超级成熟"],
      [4, "价格", "无法识别的取值：一百万"],
      [4, "发布日期", "请输入有效日期，例如 2027-06-30。"],
      [5, "成果名称", "单元格无法读取（#REF!）。"],
      [6, "成果编号", "外部编号只能包含字母、数字和 . _ : @ / -。"],
      [6, "技术领域", "请从技术领域列表中选择（大类-小类）。"],
      [6, "成果名称", "至少需要 2 个字符。"],
    ]),
  );
  expect(dry.analysis).toMatchObject({ totalRows: 5, validRows: 1, errorRows: 4 });
  expect(await db.achievement.count({ where: { ownerOrgId: org.id } })).toBe(0);

  const result = await commitImport(db, actor, { uploadsDir: uploadsDir(), batchId: batchOf(dry) });
  expect(result).toMatchObject({ created: 1, errorRows: 4 });
  expect((await db.achievement.findMany({ where: { ownerOrgId: org.id }, select: { externalId: true, trl: true } })).map((r) => r)).toEqual([{ externalId: "M-1", trl: 6 }]);

  const workbook = new ExcelJS.Workbook();
  const buffer = await errorRowsWorkbook(actor, { uploadsDir: uploadsDir(), batchId: batchOf(dry) }, getTranslator("en"));
  await workbook.xlsx.load(Uint8Array.from(buffer).buffer);
  const sheet = workbook.worksheets[0];
  expect(sheet?.rowCount).toBe(5);
  expect(sheet?.getRow(1).getCell(1).value).toBe("Row");
  expect(sheet?.getRow(2).getCell(2).value).toBe("M-2");
  expect(String(sheet?.getRow(2).getCell(8).value)).toContain("Unrecognized value: 超级成熟");
});

test("a list cannot update another organization's listing with the same external id", async () => {
  const db = database.prisma;
  const first = await tto();
  const second = await tto();
  const file = await writeListXlsx(path.join(dir, "owned.xlsx"), ["编号", "名称"], [["OWN-1", "甲的成果"]]);
  const a = await dryRunImport(db, first.actor, { kind: "achievement", uploadedFile: file, fileName: "owned.xlsx", uploadsDir: uploadsDir() });
  await commitImport(db, first.actor, { uploadsDir: uploadsDir(), batchId: batchOf(a) });
  const other = await writeListXlsx(path.join(dir, "owned2.xlsx"), ["编号", "名称"], [["OWN-1", "乙改的名字"]]);
  const b = await dryRunImport(db, second.actor, { kind: "achievement", uploadedFile: other, fileName: "owned2.xlsx", uploadsDir: uploadsDir() });
  const result = await commitImport(db, second.actor, { uploadsDir: uploadsDir(), batchId: batchOf(b) });
  expect(result).toMatchObject({ created: 0, updated: 0, errorRows: 1 });
  expect((await db.achievement.findUniqueOrThrow({ where: { externalId: "OWN-1" } })).title).toBe("甲的成果");
  // the refused row is in the error-rows download, with its reason
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Uint8Array.from(await errorRowsWorkbook(second.actor, { uploadsDir: uploadsDir(), batchId: batchOf(b) }, getTranslator("zh-CN"))).buffer);
  const sheet = workbook.worksheets[0];
  expect(sheet?.rowCount).toBe(2);
  expect(sheet?.getRow(2).values).toEqual([undefined, "2", "OWN-1", "乙改的名字", "编号: 外部编号 OWN-1 已属于另一机构的记录。"]);
  // the owner re-imports a changed list: one update, audited
  const changed = await writeListXlsx(path.join(dir, "owned3.xlsx"), ["编号", "名称"], [["OWN-1", "甲的新名字"]]);
  const c = await dryRunImport(db, first.actor, { kind: "achievement", uploadedFile: changed, fileName: "owned3.xlsx", uploadsDir: uploadsDir() });
  expect(await commitImport(db, first.actor, { uploadsDir: uploadsDir(), batchId: batchOf(c) })).toMatchObject({ created: 0, updated: 1 });
  expect((await db.achievement.findUniqueOrThrow({ where: { externalId: "OWN-1" } })).title).toBe("甲的新名字");
});

test("GBK-encoded CSV with English headers is read", async () => {
  const db = database.prisma;
  const { actor } = await tto();
  const iconv = (await import("iconv-lite")).default;
  const file = path.join(dir, "gbk.csv");
  fs.writeFileSync(file, iconv.encode("External ID,Title,Maturity,Cooperation mode\r\nG-1,锂离子电池铝塑膜,已产业化,技术许可\r\n", "gbk"));
  const dry = await dryRunImport(db, actor, { kind: "achievement", uploadedFile: file, fileName: "gbk.csv", uploadsDir: uploadsDir() });
  expect(dry.analysis.rowErrors).toEqual([]);
  await commitImport(db, actor, { uploadsDir: uploadsDir(), batchId: batchOf(dry) });
  expect(await db.achievement.findUniqueOrThrow({ where: { externalId: "G-1" }, select: { title: true, maturity: true, cooperationModes: true } })).toEqual({ title: "锂离子电池铝塑膜", maturity: "INDUSTRIALIZED", cooperationModes: ["LICENSE"] });
});
