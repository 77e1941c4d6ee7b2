import fs from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { tempDir, writeListXlsx } from "../helpers/lists";
import { type AppServer, Client, startAppServer } from "../helpers/server";

let server: AppServer;
let dir: string;
beforeAll(async () => {
  dir = tempDir("susong-http-");
  server = await startAppServer({ env: { UPLOADS_DIR: path.join(dir, "uploads") } });
});
afterAll(async () => {
  await server?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function loggedIn(email: string, lang = "zh-CN"): Promise<Client> {
  const client = new Client(server.url, { "Accept-Language": lang });
  const response = await client.post("/login", { email, password: DEMO_PASSWORD, redirectTo: "/" });
  expect(response.status).toBe(302);
  return client;
}

const idFrom = (location: string | null) => location?.match(/\/achievements\/([a-z0-9]+)$/)?.[1] ?? "";

async function createAndPublish(title: string, description: string) {
  const researcher = await loggedIn("researcher@demo.susong.example");
  const created = await researcher.post("/achievements/new", {
    title,
    summary: "公开简介：一种高效钙钛矿电池",
    description,
    techField: "新能源-太阳能",
    maturity: "PILOT",
    "ip.0.type": "INVENTION_PATENT",
    "ip.0.number": "ZL202310000001.X",
    cooperationModes: "LICENSE",
    priceMin: "50",
    priceMax: "120",
    region: "厦门市",
  });
  expect(created.status).toBe(302);
  const id = idFrom(created.headers.get("location"));
  expect(id).not.toBe("");
  expect((await researcher.post(`/achievements/${id}`, { intent: "submit" })).status).toBe(200);
  const broker = await loggedIn("broker@demo.susong.example");
  const queue = await broker.get("/review");
  expect(queue.text).toContain(title.replace(/"/g, "&quot;"));
  expect((await broker.post(`/achievements/${id}`, { intent: "startReview" })).status).toBe(200);
  expect((await broker.post(`/achievements/${id}`, { intent: "publish" })).status).toBe(200);
  return { id, researcher, broker };
}

test("create → submit → broker review → publish over HTTP; a visitor then sees the teaser only", async () => {
  const visitor = new Client(server.url, { "Accept-Language": "zh-CN" });
  const { id, researcher } = await createAndPublish("钙钛矿叠层电池-HTTP", "机密工艺参数：退火 150 ℃");
  const page = await visitor.get(`/achievements/${id}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain("钙钛矿叠层电池-HTTP");
  expect(page.text).toContain("公开简介");
  expect(page.text).toContain("发明专利");
  expect(page.text).not.toContain("机密工艺参数");
  expect(page.text).not.toContain("ZL202310000001.X");
  const mine = await researcher.get("/my");
  expect(mine.text).toContain('data-status="PUBLISHED"');
  const notices = await researcher.get("/notifications");
  expect(notices.text).toContain("审核中 → 已发布");
});

test("a broker cannot be skipped: the owner cannot publish; a return needs reasons (shown in the user's language)", async () => {
  const researcher = await loggedIn("researcher@demo.susong.example");
  const created = await researcher.post("/achievements/new", { title: "待审核成果" });
  const id = idFrom(created.headers.get("location"));
  expect((await researcher.post(`/achievements/${id}`, { intent: "publish" })).status).toBe(403);
  await researcher.post(`/achievements/${id}`, { intent: "submit" });
  const broker = await loggedIn("broker@demo.susong.example", "en");
  const refused = await broker.post(`/achievements/${id}`, { intent: "return", reason: "" });
  expect(refused.status).toBe(422);
  expect(refused.text).toContain("Please give the reasons for returning it.");
  expect((await broker.post(`/achievements/${id}`, { intent: "return", reason: "请补充专利号" })).status).toBe(200);
  expect((await researcher.get(`/achievements/${id}`)).text).toContain("退回理由：请补充专利号");
});

test("another organization neither sees the gated description before accepting the terms nor edits; the acceptance is shown to the owner", async () => {
  const { id, researcher } = await createAndPublish("披露测试成果", "受控说明：核心配方 A-17");
  const enterprise = await loggedIn("enterprise@demo.susong.example");
  const before = await enterprise.get(`/achievements/${id}`);
  expect(before.text).not.toContain("核心配方 A-17");
  expect(before.text).toContain('data-testid="accept-disclosure"');
  expect((await enterprise.get(`/achievements/${id}/edit`)).status).toBe(403);
  expect((await enterprise.post(`/achievements/${id}/edit`, { title: "篡改" })).status).toBe(403);
  expect((await enterprise.post(`/achievements/${id}`, { intent: "archive" })).status).toBe(403);

  expect((await enterprise.post(`/achievements/${id}`, { intent: "acceptDisclosure" })).status).toBe(200);
  const after = await enterprise.get(`/achievements/${id}`);
  expect(after.text).toContain("核心配方 A-17");
  expect(after.text).toContain("ZL202310000001.X");
  const owner = await researcher.get(`/achievements/${id}`);
  expect(owner.text).toContain('data-testid="acceptances"');
  expect(owner.text).toContain("黄企（演示）");
  expect(owner.text).toContain("同安智能制造有限公司（演示）");
});

test("browse facets count and filter; a filtered list exports to .xlsx with formulas neutralised", async () => {
  const visitor = new Client(server.url, { "Accept-Language": "zh-CN" });
  const all = await visitor.get("/achievements");
  const count = (html: string, key: string) => Number(html.match(new RegExp(`data-facet-count="${key}">([\\d,]+)<`))?.[1]?.replace(/,/g, "") ?? "NaN");
  const newEnergy = count(all.text, "field:新能源");
  expect(newEnergy).toBeGreaterThan(0);
  const filtered = await visitor.get(`/achievements?field=${encodeURIComponent("新能源")}`);
  expect(filtered.text).toContain(`共 ${newEnergy.toLocaleString("en")} 条`);

  await createAndPublish("=HYPERLINK(\"http://evil.example\",\"点我\")", "x");
  const response = await fetch(`${server.url}/achievements/export?q=${encodeURIComponent("HYPERLINK")}`);
  expect(response.headers.get("content-type")).toContain("spreadsheetml");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[0];
  expect(sheet?.getRow(1).getCell(2).value).toBe("成果名称");
  expect(sheet?.getRow(2).getCell(2).value).toBe("'=HYPERLINK(\"http://evil.example\",\"点我\")");
  expect(sheet?.getRow(2).getCell(2).type).not.toBe(ExcelJS.ValueType.Formula);
});

test("REST API: public list with externalId and cursor, OpenAPI validates, token scopes, problem+json, revocation", async () => {
  const list = await fetch(`${server.url}/api/v1/achievements?limit=5`);
  expect(list.status).toBe(200);
  const body = (await list.json()) as { data: { externalId: string | null; status: string }[]; nextCursor: string };
  expect(body.data).toHaveLength(5);
  for (const row of body.data) {
    expect(row.status).toBe("PUBLISHED");
    expect(row.externalId).toMatch(/^51jishu-ach-|^[a-z]/);
  }
  const next = (await (await fetch(`${server.url}/api/v1/achievements?limit=5&cursor=${body.nextCursor}`)).json()) as { data: { id: string }[] };
  expect(next.data).toHaveLength(5);
  const one = await fetch(`${server.url}/api/v1/achievements/${encodeURIComponent(body.data[0]?.externalId ?? "")}`);
  expect(((await one.json()) as { externalId: string }).externalId).toBe(body.data[0]?.externalId);

  const document = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
  await expect(SwaggerParser.validate(document)).resolves.toBeTruthy();

  // An organization administrator issues tokens
  const tto = await loggedIn("tto@demo.susong.example");
  const secretOf = (html: string) => html.match(/data-testid="token-secret">(sx_[^<]+)</)?.[1] ?? "";
  const writer = secretOf((await tto.request("/tokens", { form: { name: "学校系统", scopes: "listings:write" } })).text);
  const form = new URLSearchParams([["name", "全部"], ["scopes", "listings:read"], ["scopes", "listings:write"], ["scopes", "listings:transition"]]);
  const fullResponse = await fetch(`${server.url}/tokens`, { method: "POST", body: form, headers: { Cookie: tto.cookieHeader(), Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" } });
  const full = secretOf(await fullResponse.text());
  expect(writer).toMatch(/^sx_/);
  expect(full).toMatch(/^sx_/);

  const api = (method: string, pathname: string, token: string | null, payload?: unknown, lang = "en") =>
    fetch(`${server.url}/api/v1${pathname}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), "Content-Type": "application/json", "Accept-Language": lang },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });

  const anonymous = await api("POST", "/achievements", null, { title: "x" });
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get("content-type")).toContain("application/problem+json");
  const invalid = await api("POST", "/achievements", full, { title: "", maturity: "SUPER", priceMin: 10, priceMax: 5 });
  expect(invalid.status).toBe(422);
  const problem = (await invalid.json()) as { status: number; errors: { path: string; message: string }[] };
  expect(problem.status).toBe(422);
  expect(problem.errors.map((e) => e.path).sort()).toEqual(["maturity", "title"].sort());

  const created = await api("POST", "/achievements", full, { externalId: "LUDA-2026-001", title: "学校系统推送的成果", techField: "新材料-膜材料", cooperationModes: ["TRANSFER"] });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const duplicate = await api("POST", "/achievements", full, { externalId: "LUDA-2026-001", title: "重复" }, "zh-CN");
  expect(duplicate.status).toBe(409);
  expect(((await duplicate.json()) as { detail: string }).detail).toBe("该外部编号已被另一条记录使用。");
  expect((await api("PATCH", "/achievements/LUDA-2026-001", full, { summary: "补充简介" })).status).toBe(200);
  // scope listings:transition is needed to submit
  expect((await api("POST", `/achievements/${id}/transitions`, writer, { transition: "submit" })).status).toBe(403);
  const submitted = await api("POST", `/achievements/${id}/transitions`, full, { transition: "submit" });
  expect(await submitted.json()).toEqual({ id, from: "DRAFT", to: "SUBMITTED" });
  const again = await api("POST", `/achievements/${id}/transitions`, full, { transition: "publish" });
  expect(again.status).toBe(403);

  // another organization's listing is not this token's to edit
  const foreign = body.data[0]?.externalId ?? "";
  const other = await api("PATCH", `/achievements/${encodeURIComponent(foreign)}`, full, { title: "篡改" });
  expect([403, 404]).toContain(other.status);

  // revocation stops the token at once
  const page = await tto.get("/tokens");
  const tokenIds = [...page.text.matchAll(/name="tokenId" value="([a-z0-9]+)"/g)].map((m) => m[1] ?? "");
  for (const tokenId of tokenIds) await tto.post("/tokens", { intent: "revoke", tokenId });
  expect((await api("GET", "/achievements?limit=1", full)).status).toBe(401);
});

test("list import over HTTP: dry run, commit, bad uploads refused (wrong type, 50 MB)", async () => {
  const tto = await loggedIn("tto@demo.susong.example");
  const upload = async (fileName: string, content: Buffer) => {
    const form = new FormData();
    form.set("kind", "achievement");
    form.set("file", new Blob([new Uint8Array(content)]), fileName);
    return fetch(`${server.url}/import`, { method: "POST", body: form, headers: { Cookie: tto.cookieHeader(), Origin: server.url, "Accept-Language": "zh-CN" } });
  };
  const file = await writeListXlsx(path.join(dir, "list.xlsx"), ["成果编号", "成果名称", "成熟度", "合作方式"], [
    ["HTTP-1", "导入的成果一", "中试", "技术许可"],
    ["HTTP-2", "导入的成果二", "不知道", "技术转让"],
  ]);
  const dry = await upload("list.xlsx", fs.readFileSync(file));
  expect(dry.status).toBe(200);
  const html = await dry.text();
  expect(html).toContain("共 2 行：1 行有效，1 行有错误。");
  expect(html).toContain("无法识别的取值：不知道");
  const batchId = html.match(/name="batchId" value="([a-z0-9]+)"/)?.[1] ?? "";
  expect(batchId).not.toBe("");
  const committed = await tto.post("/import", { batchId, kind: "achievement", intent: "commit" });
  expect(committed.text).toContain("导入完成：新增 1，更新 0，未变 0，错误 1。");
  const progress = await tto.get(`/import/${batchId}/progress`);
  expect(JSON.parse(progress.text)).toMatchObject({ done: 1, total: 1, finished: true });
  const errors = await fetch(`${server.url}/import/${batchId}/errors.xlsx`, { headers: { Cookie: tto.cookieHeader() } });
  expect(errors.headers.get("content-type")).toContain("spreadsheetml");

  const pdf = await upload("list.xlsx", Buffer.from("%PDF-1.4 not a spreadsheet"));
  expect(pdf.status).toBe(422);
  expect(await pdf.text()).toContain("只接受 .xlsx 或 .csv 文件。");
  const big = await upload("big.csv", Buffer.alloc(50 * 1024 * 1024, 0x41));
  expect(big.status).toBe(413);
  expect(await big.text()).toContain("文件超过 20 MB。");
});
