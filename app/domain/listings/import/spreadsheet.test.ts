import fc from "fast-check";
import ExcelJS from "exceljs";
import { expect, test } from "vitest";
import { decodeText, neutralize, sniff, writeXlsx } from "./spreadsheet.server";

test("cells starting with = + - @ (or tab, CR) are neutralized; others are untouched", () => {
  expect(neutralize("=HYPERLINK(\"http://evil\",\"x\")")).toBe("'=HYPERLINK(\"http://evil\",\"x\")");
  expect(neutralize("+1")).toBe("'+1");
  expect(neutralize("-2+3")).toBe("'-2+3");
  expect(neutralize("@SUM(A1)")).toBe("'@SUM(A1)");
  expect(neutralize("\t=1")).toBe("'\t=1");
  expect(neutralize("钙钛矿 = 好")).toBe("钙钛矿 = 好");
  fc.assert(fc.property(fc.string(), (s) => !/^[=+\-@\t\r]/.test(neutralize(s))));
});

test("an exported workbook holds no formula and keeps the text readable", async () => {
  const buffer = await writeXlsx("t", ["=名称"], [["=1+1"], ["@cmd"], ["正常文本"], [12.5]]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Uint8Array.from(buffer).buffer);
  const sheet = workbook.worksheets[0];
  const values = [1, 2, 3, 4, 5].map((r) => sheet?.getRow(r).getCell(1).value);
  expect(values).toEqual(["'=名称", "'=1+1", "'@cmd", "正常文本", 12.5]);
  sheet?.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
});

test("file types are sniffed from content", () => {
  expect(sniff(Buffer.from("PK\x03\x04rest", "latin1"))).toBe("xlsx");
  expect(sniff(Buffer.from("%PDF-1.7"))).toBe("other");
  expect(sniff(Buffer.from("成果编号,成果名称\n1,x"))).toBe("csv");
  expect(sniff(Buffer.from([0x00, 0x01, 0x02]))).toBe("other");
});

test("CSV text is decoded from UTF-8 (BOM or not) and from GBK", async () => {
  const iconv = (await import("iconv-lite")).default;
  expect(decodeText(Buffer.from("\ufeff成果名称"))).toBe("成果名称");
  expect(decodeText(Buffer.from("成果名称"))).toBe("成果名称");
  expect(decodeText(iconv.encode("成果名称,合作方式", "gbk"))).toBe("成果名称,合作方式");
});
