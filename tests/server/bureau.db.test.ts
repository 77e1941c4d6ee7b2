import fs from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "../helpers/rooms";
import { type AppServer, startAppServer } from "../helpers/server";

let server: AppServer;
beforeAll(async () => {
  server = await startAppServer();
});
afterAll(async () => {
  await server?.dispose();
});

test("the dashboard and the report are for the bureau and administrators only, decided on the server", async () => {
  const anonymous = await fetch(`${server.url}/bureau`, { redirect: "manual" });
  expect(anonymous.status).toBe(302);
  const enterprise = await login(server.url, "enterprise@demo.susong.example");
  for (const path of ["/bureau", "/bureau/records?stage=listing&year=2020", "/bureau/report.xlsx?year=2020", "/bureau/report.html?year=2020", "/bureau/report.pdf?year=2020"]) {
    expect((await enterprise.request(path)).status, path).toBe(403);
  }
  const broker = await login(server.url, "broker@demo.susong.example");
  expect((await broker.request("/bureau")).status).toBe(403);
  const admin = await login(server.url, "admin@demo.susong.example");
  expect((await admin.request("/bureau?year=2020")).status).toBe(200);
});

test("the bureau sees the seeded year's funnel with SVG charts and drills down to the records behind a number", async () => {
  const bureau = await login(server.url, "bureau@demo.susong.example");
  const page = await bureau.request("/bureau?year=2020");
  expect(page.status).toBe(200);
  expect(page.text).toContain("科技成果转化看板");
  expect(page.text).toMatch(/<svg role="img" aria-labelledby=/);
  const link = page.text.match(/href="(\/bureau\/records\?year=2020&amp;stage=listing)"/)?.[1]?.replace(/&amp;/g, "&");
  expect(link).toBeDefined();
  const records = await bureau.request(link ?? "");
  expect(records.status).toBe(200);
  const total = Number(records.text.match(/共 (\d[\d,]*) 条/)?.[1]?.replace(/,/g, ""));
  // the number on the dashboard is the number of records behind it (the figures themselves are checked against SQL in app/domain/reports)
  const shown = Number(page.text.match(/href="\/bureau\/records\?year=2020&amp;stage=listing"[^>]*>([\d,]+)</)?.[1]?.replace(/,/g, ""));
  expect(total).toBe(shown);
  expect(total).toBeGreaterThan(1000);
  expect(records.text).toContain("第 1 / ");
  const second = await bureau.request(`${link}&page=2`);
  expect(second.text).toContain("第 2 / ");
  expect((await bureau.request("/bureau/records?stage=nonsense")).status).toBe(404);
});

test("the report downloads as a workbook and a printable page; the PDF either prints or says clearly why not", async () => {
  const bureau = await login(server.url, "bureau@demo.susong.example");
  const response = await fetch(`${server.url}/bureau/report.xlsx?year=2020&quarter=1`, { headers: { Cookie: bureau.cookieHeader(), "Accept-Language": "zh-CN" } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-disposition")).toContain("susong-report-2020-Q1.xlsx");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  expect(workbook.getWorksheet("cover")?.getCell("B2").value).toBe("2020-Q1");
  expect(typeof workbook.getWorksheet("funnel")?.getCell("B2").value).toBe("number");

  const html = await bureau.request("/bureau/report.html?year=2020&quarter=1");
  expect(html.status).toBe(200);
  expect(html.text).toContain("@media print");
  expect(html.text).toContain("<svg");

  const pdf = await fetch(`${server.url}/bureau/report.pdf?year=2020&quarter=1`, { headers: { Cookie: bureau.cookieHeader(), "Accept-Language": "zh-CN" } });
  if (fs.existsSync("/usr/bin/chromium")) {
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  } else {
    expect(pdf.status).toBe(503);
    expect(await pdf.text()).toContain("无法生成 PDF");
  }
});

test("the advisor cites each measure's text, and an administrator's revision becomes a new version", async () => {
  const admin = await login(server.url, "admin@demo.susong.example");
  const bureau = await login(server.url, "bureau@demo.susong.example");
  const list = await admin.request("/advisor/measures");
  expect(list.status).toBe(200);
  expect((await bureau.request("/advisor/measures")).status).toBe(403);
  const advisorPage = await bureau.request(`/advisor?org=${encodeURIComponent("鹭江大学（演示）")}&enclaveOperator=yes&beltAndRoadCentreLinked=yes&requestedWan=600`);
  expect(advisorPage.status).toBe(200);
  expect(advisorPage.text).toContain("对飞地运营合作机构给予每年最高500万元支持");
  expect(advisorPage.text).toContain("不重复兑现：已按同类措施“九”就高兑现");
  const unknown = await bureau.request("/advisor?deal=SX-NOPE");
  expect(unknown.status).toBe(404);
  expect(unknown.text).toContain("未找到该撮合项目或机构");

  const bad = await admin.request("/advisor/measures", {
    form: { code: "十", title: "创新飞地运营合作机构支持", titleEn: "Support to innovation enclave operators", textExcerpt: "x", kind: "UP_TO", group: "ANNUAL_OPERATION", parameters: "{oops", validFrom: "2026-01-01" },
  });
  expect(bad.status).toBe(422);
  expect(bad.text).toContain("参数格式不正确");
  const good = await admin.request("/advisor/measures", {
    form: {
      code: "十",
      title: "创新飞地运营合作机构支持",
      titleEn: "Support to innovation enclave operators",
      textExcerpt: "以“运营补助+绩效奖励”相结合方式对飞地运营合作机构给予每年最高500万元支持",
      kind: "UP_TO",
      group: "ANNUAL_OPERATION",
      parameters: JSON.stringify({ subject: "organization", conditions: ["enclaveOperator"], basisFact: "requestedWan", capWan: 450, per: "year" }),
      validFrom: "2026-01-01",
    },
  });
  expect(good.status).toBe(200);
  expect(good.text).toContain("已保存条款“十”第 2 版");
});
