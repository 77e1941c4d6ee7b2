import { afterAll, beforeAll, expect, test } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { type AppServer, Client, startAppServer } from "../helpers/server";

let server: AppServer;
beforeAll(async () => {
  server = await startAppServer();
});
afterAll(async () => {
  await server?.dispose();
});

const zh = () => new Client(server.url, { "Accept-Language": "zh-CN,zh;q=0.9" });
const en = () => new Client(server.url, { "Accept-Language": "en-US,en;q=0.9" });

async function loggedIn(email: string): Promise<Client> {
  const client = zh();
  const response = await client.post("/login", { email, password: DEMO_PASSWORD, redirectTo: "/" });
  expect(response.status).toBe(302);
  return client;
}

/** The detail links of a listing page, with the owner organization shown on each card. */
function cards(html: string, kind: "achievements" | "needs") {
  const pattern = new RegExp(`href="/${kind}/([a-z0-9]{20,})"[^>]*>([^<]+)</a>[\\s\\S]*?<span>([^<]+)</span>`, "g");
  return [...html.matchAll(pattern)].map((m) => ({ id: m[1] ?? "", title: m[2] ?? "", org: m[3] ?? "" }));
}

test("the home page answers in Chinese; ?lng=en switches to English and the choice persists", async () => {
  const client = zh();
  const home = await client.get("/");
  expect(home.status).toBe(200);
  expect(home.text).toContain('<html lang="zh-CN"');
  expect(home.text).toContain("苏颂技术转移撮合平台");

  const english = await client.get("/?lng=en");
  expect(english.text).toContain('<html lang="en"');
  expect(english.text).toContain("Susong Exchange");
  expect(client.cookie("lng")).toBe("en");
  const next = await client.get("/achievements");
  expect(next.text).toContain('<html lang="en"');
  expect(next.text).toContain("2,822 records");
  const back = await client.get("/needs?lng=zh-CN");
  expect(back.text).toContain("共 1,735 条");
});

test("security headers are set on every page", async () => {
  const home = await zh().get("/");
  expect(home.headers.get("x-content-type-options")).toBe("nosniff");
  expect(home.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(home.headers.get("x-request-id")).toBeTruthy();
});

test("unknown URLs give a styled 404 in the user's language", async () => {
  const chinese = await zh().get("/no/such/page");
  expect(chinese.status).toBe(404);
  expect(chinese.text).toContain("页面不存在");
  expect(chinese.text).toContain('data-testid="error-page"');
  const english = await en().get("/no/such/page");
  expect(english.status).toBe(404);
  expect(english.text).toContain("Page not found");
  expect((await zh().get("/achievements/not-an-id")).status).toBe(404);
});

test("visitors browse both lists a page at a time and open any record", async () => {
  const client = zh();
  const first = await client.get("/achievements");
  expect(first.text).toContain("共 2,822 条");
  const second = await client.get("/achievements?page=2");
  expect(second.text).toContain("第 2 / 142 页");
  const [firstCards, secondCards] = [cards(first.text, "achievements"), cards(second.text, "achievements")];
  expect(firstCards).toHaveLength(20);
  expect(secondCards.map((c) => c.id)).not.toContain(firstCards[0]?.id);
  const detail = await client.get(`/achievements/${secondCards[0]?.id}`);
  expect(detail.status).toBe(200);
  expect(detail.text).toContain(secondCards[0]?.title);

  const needs = await client.get("/needs?page=87");
  expect(needs.text).toContain("第 87 / 87 页");
  const needCard = cards(needs.text, "needs")[0];
  expect((await client.get(`/needs/${needCard?.id}`)).text).toContain(needCard?.title);
  expect((await client.get("/needs?page=banana")).text).toContain("第 1 / 87 页");
});

test("sign-up answers bad input field by field in the user's language and writes nothing", async () => {
  const bad = { mode: "create", email: "not-an-email", name: "<b>坏人</b>", password: "short", orgName: "坏人研究院", orgKind: "INSTITUTE", role: "TTO", locale: "zh-CN" };
  const chinese = await zh().post("/signup", bad);
  expect(chinese.status).toBe(400);
  expect(chinese.text).toContain("请输入有效的邮箱地址");
  expect(chinese.text).toContain("不能包含 &lt; 或 &gt; 等标记字符");
  expect(chinese.text).toContain("密码至少需要 10 个字符");
  expect(chinese.text).not.toContain("<b>坏人</b>");

  const english = await en().post("/signup", { ...bad, email: "x@", password: "password123" });
  expect(english.status).toBe(400);
  expect(english.text).toContain("Enter a valid email address");
  expect(english.text).toContain("This password is too common");

  const longName = await zh().post("/signup", { ...bad, email: "ok@example.com", name: "长".repeat(51), password: "Good-password-2026" });
  expect(longName.text).toContain("不能超过 50 个字符");

  // Nothing was written: the same organization name and a fresh email now sign up cleanly.
  const good = await zh().post("/signup", { ...bad, email: "founder@example.com", name: "创始人", password: "Good-password-2026" });
  expect(good.status).toBe(302);
  expect(good.headers.get("location")).toBe("/account?welcome=1");

  const duplicate = await zh().post("/signup", { ...bad, email: "FOUNDER@example.com", name: "冒名者", password: "Good-password-2026", orgName: "另一家" });
  expect(duplicate.status).toBe(409);
  expect(duplicate.text).toContain("该邮箱已注册");
});

test("a new member signs up, sees the pending notice, logs out and logs back in", async () => {
  const client = zh();
  const signup = await client.post("/signup", { mode: "create", email: "newcomer@example.com", name: "新人", password: "Harbour-lights-2026", orgName: "新来的公司", orgKind: "ENTERPRISE", role: "ENTERPRISE", locale: "zh-CN" });
  expect(signup.status).toBe(302);
  const sessionCookie = signup.setCookies.find((c) => c.startsWith("susong_session="));
  expect(sessionCookie).toMatch(/HttpOnly/);
  expect(sessionCookie).toMatch(/SameSite=Lax/);
  const account = await client.get("/account?welcome=1");
  expect(account.text).toContain("待审批");
  const oldSession = client.cookie("susong_session") ?? "";

  expect((await client.post("/logout", {})).status).toBe(302);
  expect((await client.get("/account")).status).toBe(302);
  // The revoked session stays dead even if the old cookie is replayed.
  const replay = new Client(server.url);
  replay.setCookie("susong_session", oldSession);
  expect((await replay.get("/account")).status).toBe(302);

  const login = await client.post("/login", { email: "newcomer@example.com", password: "Harbour-lights-2026", redirectTo: "/account" });
  expect(login.status).toBe(302);
  expect(login.headers.get("location")).toBe("/account");
  expect(client.cookie("susong_session")).not.toBe(oldSession);
  expect((await client.get("/account")).text).toContain("newcomer@example.com");
});

test("a login never redirects off-site", async () => {
  const client = zh();
  const response = await client.post("/login", { email: "tto@demo.susong.example", password: DEMO_PASSWORD, redirectTo: "//evil.example/" });
  expect(response.headers.get("location")).toBe("/");
});

test("repeated wrong passwords throttle the account with a clear message", async () => {
  const client = zh();
  for (let i = 0; i < 5; i += 1) {
    const wrong = await client.post("/login", { email: "bureau@demo.susong.example", password: `wrong-password-${i}` });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("邮箱或密码不正确");
  }
  const locked = await client.post("/login", { email: "bureau@demo.susong.example", password: DEMO_PASSWORD });
  expect(locked.status).toBe(429);
  expect(locked.text).toContain("登录失败次数过多");
});

test("cross-origin form posts are refused", async () => {
  const response = await zh().post("/login", { email: "tto@demo.susong.example", password: DEMO_PASSWORD }, { Origin: "http://evil.example" });
  expect(response.status).toBe(403);
  expect(response.text).toBe("跨站提交已被拒绝。");
});

test("an enterprise edits its own need but can neither edit nor delete another organization's", async () => {
  const client = await loggedIn("enterprise@demo.susong.example");
  const pages = [(await client.get("/needs")).text, (await client.get("/needs?page=2")).text];
  // React 18's streamed HTML once carried stray U+0000 inside Chinese titles (see app/utils/html-stream.server.ts).
  for (const html of pages) expect(html).not.toContain(String.fromCharCode(0));
  const needs = pages.flatMap((html) => cards(html, "needs"));
  const own = needs.find((c) => c.org === "同安智能制造有限公司（演示）");
  const foreign = needs.find((c) => c.org !== "同安智能制造有限公司（演示）");
  if (!own || !foreign) throw new Error("the first two pages should hold both kinds of need");

  const foreignPage = await client.get(`/needs/${foreign.id}`);
  expect(foreignPage.text).not.toContain(`/needs/${foreign.id}/edit`);
  expect((await client.get(`/needs/${foreign.id}/edit`)).status).toBe(403);
  const edit = await client.post(`/needs/${foreign.id}/edit`, { title: "被篡改", description: "x" });
  expect(edit.status).toBe(403);
  const remove = await client.post(`/needs/${foreign.id}`, { intent: "delete" });
  expect(remove.status).toBe(403);
  expect((await client.get(`/needs/${foreign.id}`)).text).toContain(foreign.title);

  expect((await client.get(`/needs/${own.id}`)).text).toContain(`/needs/${own.id}/edit`);
  const ownEdit = await client.post(`/needs/${own.id}/edit`, { title: `${own.title}（已更新）`, description: "更新后的描述" });
  expect(ownEdit.status).toBe(302);
  expect((await client.get(`/needs/${own.id}`)).text).toContain("（已更新）");
  const invalid = await client.post(`/needs/${own.id}/edit`, { title: "", description: "" });
  expect(invalid.status).toBe(400);
  expect(invalid.text).toContain("此项为必填项");
});

test("a researcher cannot touch another organization's achievement", async () => {
  const client = await loggedIn("researcher@demo.susong.example");
  const list = cards((await client.get("/achievements")).text, "achievements");
  const foreign = list.find((c) => c.org !== "鹭江大学（演示）");
  if (!foreign) throw new Error("expected an achievement of another organization on page 1");
  expect((await client.post(`/achievements/${foreign.id}/edit`, { title: "改", summary: "", description: "" })).status).toBe(403);
  expect((await client.post(`/achievements/${foreign.id}`, { intent: "delete" })).status).toBe(403);
  expect((await client.get(`/achievements/${foreign.id}`)).status).toBe(200);
});

test("a join request is approved by the organization's administrator, and only by an administrator", async () => {
  const applicant = zh();
  const form = await applicant.get("/signup");
  const orgId = form.text.match(/<option value="([a-z0-9]+)">同安智能制造有限公司（演示）/)?.[1];
  if (!orgId) throw new Error("the sign-up form should list the demo enterprise");
  const signup = await applicant.post("/signup", { mode: "join", organizationId: orgId, role: "ENTERPRISE", email: "joiner@example.com", name: "加入者", password: "Harbour-lights-2026", locale: "zh-CN" });
  expect(signup.status).toBe(302);
  expect((await applicant.get("/account")).text).toContain("待审批");

  const researcher = await loggedIn("researcher@demo.susong.example");
  expect((await researcher.get("/approvals")).status).toBe(403);
  const otherAdmin = await loggedIn("tto@demo.susong.example");
  expect((await otherAdmin.get("/approvals")).text).not.toContain("joiner@example.com");

  const admin = await loggedIn("enterprise@demo.susong.example");
  const page = await admin.get("/approvals");
  expect(page.text).toContain("joiner@example.com");
  const membershipId = page.text.match(/name="membershipId" value="([a-z0-9]+)"/)?.[1] ?? "";
  const forged = await otherAdmin.post("/approvals", { membershipId, decision: "approve" });
  expect(forged.status).toBe(403);
  const approved = await admin.post("/approvals", { membershipId, decision: "approve" });
  expect(approved.status).toBe(200);
  expect(approved.text).toContain("已批准 加入者 的申请");
  expect((await applicant.get("/account")).text).toContain("已生效");
  const bad = await admin.post("/approvals", { membershipId, decision: "maybe" });
  expect(bad.status).toBe(400);
});

test("edit pages render their own form, not the detail page they sit under", async () => {
  const client = await loggedIn("enterprise@demo.susong.example");
  const own = cards((await client.get("/needs")).text, "needs").find((c) => c.org === "同安智能制造有限公司（演示）");
  if (!own) throw new Error("expected one of the enterprise's needs on page 1");
  const edit = await client.get(`/needs/${own.id}/edit`);
  expect(edit.status).toBe(200);
  expect(edit.text).toMatch(/<form method="post"[^>]*>/);
  expect(edit.text).toMatch(/name="title"[^>]*value="[^"]+"/);
  expect(edit.text).not.toContain('data-testid="listing-title"');
});

test("a U+0000 character in a query, a path or a form field is never a server error", async () => {
  for (const path of ["/achievements?q=%00", "/needs?q=%E7%94%B5%00%E6%B1%A0", "/search?q=%00%00", "/achievements/%00", "/challenges/a%00b", "/api/v1/achievements/%00"]) {
    const response = await fetch(server.url + path);
    expect({ path, status: response.status }).toEqual({ path, status: response.status < 500 ? response.status : "5xx" });
  }
  const tto = await loggedIn("tto@demo.susong.example");
  const created = await tto.post("/achievements/new", { title: "钙钛矿\u0000叠层电池", summary: "效率\u000030%", techField: "新能源-太阳能", cooperationModes: "TRANSFER" });
  expect(created.status).toBe(302);
  const page = await tto.get(created.headers.get("location") ?? "");
  expect(page.text).toContain("钙钛矿叠层电池");
});
