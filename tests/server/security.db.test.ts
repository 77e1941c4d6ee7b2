import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAchievement, createMember, createOrg, TEST_PASSWORD } from "../helpers/factories";
import { startPreparedServer } from "../helpers/prepared-server";
import { type AppServer, Client } from "../helpers/server";

/** Response headers, session fixation, inert user markup in pages and exports, cross-origin posts. */

const SCRIPT_TITLE = '<script>alert("xss")</script>钙钛矿电池';
const IMG_SUMMARY = '<img src=x onerror=alert(1)>=HYPERLINK("http://evil.example","点我")';
const FORMULAS = ['=HYPERLINK("http://evil.example","点我")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\t=1+1"];

let server: AppServer;
let achievementId = "";
const emails: string[] = [];

beforeAll(async () => {
  server = await startPreparedServer(async (db) => {
    const org = await createOrg(db, "UNIVERSITY", { name: '=HYPERLINK("http://evil.example","机构")' });
    for (let i = 0; i < 2; i += 1) emails.push((await createMember(db, org.id, "RESEARCHER")).email);
    achievementId = (await createAchievement(db, org.id, { title: SCRIPT_TITLE })).id;
    await db.achievement.update({ where: { id: achievementId }, data: { summary: IMG_SUMMARY, region: FORMULAS.join(" ") } });
    for (const formula of FORMULAS) await createAchievement(db, org.id, { title: formula });
  });
});
afterAll(async () => {
  await server?.dispose();
});

const visitor = () => new Client(server.url, { "Accept-Language": "zh-CN" });

function cspOf(headers: Headers): Map<string, string> {
  const policy = headers.get("content-security-policy") ?? "";
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0] ?? "", d.slice(d.indexOf(" ") + 1)]),
  );
}

test("every kind of response carries the security headers; HSTS only for HTTPS in production", async () => {
  const answers = [await fetch(`${server.url}/`), await fetch(`${server.url}/favicon.svg`), await fetch(`${server.url}/api/v1/achievements`), await fetch(`${server.url}/no/such/page`), await fetch(`${server.url}/healthz`), await fetch(`${server.url}/review`, { redirect: "manual" })];
  expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 404, 200, 302]);
  for (const response of answers) {
    const csp = cspOf(response.headers);
    expect(csp.get("frame-ancestors"), response.url).toBe("'none'");
    expect(csp.get("object-src")).toBe("'none'");
    expect(csp.get("script-src")).toMatch(/^'self' 'nonce-[A-Za-z0-9+/=]{22,}'$/);
    expect(response.headers.get("content-security-policy")).not.toContain("unsafe-eval");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  }
  // Behind a TLS-terminating proxy on loopback (trusted), the production server asks for HSTS.
  const overTls = await fetch(`${server.url}/`, { headers: { "X-Forwarded-Proto": "https" } });
  expect(overTls.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
});

test("every inline and external script of a page carries this response's nonce, and nonces are never reused", async () => {
  const nonces = new Set<string>();
  for (const path of ["/", "/achievements", `/achievements/${achievementId}`, "/login", "/no/such/page"]) {
    const response = await visitor().get(path);
    const nonce = cspOf(response.headers).get("script-src")?.match(/'nonce-([^']+)'/)?.[1] ?? "";
    expect(nonce).not.toBe("");
    expect(nonces.has(nonce), "a nonce was reused").toBe(false);
    nonces.add(nonce);
    const scripts = [...response.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, `${path}: ${tag}`).toContain(`nonce="${nonce}"`);
  }
});

test("login starts a new session: a session planted before login is revoked, a forged cookie is ignored", async () => {
  // An attacker signs in and plants their session cookie in the victim's browser.
  const attacker = visitor();
  expect((await attacker.post("/login", { email: emails[0] ?? "", password: TEST_PASSWORD, redirectTo: "/" })).status).toBe(302);
  const planted = attacker.cookie("susong_session") ?? "";
  expect(planted).not.toBe("");

  const victim = visitor();
  victim.setCookie("susong_session", planted);
  const login = await victim.post("/login", { email: emails[1] ?? "", password: TEST_PASSWORD, redirectTo: "/" });
  expect(login.status).toBe(302);
  const fresh = victim.cookie("susong_session") ?? "";
  expect(fresh).not.toBe("");
  expect(fresh).not.toBe(planted);
  expect((await victim.get("/account")).status).toBe(200);
  // The planted session no longer signs anyone in.
  const stale = await attacker.get("/account");
  expect(stale.status).toBe(302);
  expect(stale.headers.get("location")).toMatch(/^\/login/);

  const forger = visitor();
  forger.setCookie("susong_session", `${"A".repeat(43)}.${"B".repeat(43)}`);
  expect((await forger.get("/account")).headers.get("location")).toMatch(/^\/login/);
});

test("markup in user content is rendered as text in pages", async () => {
  const client = visitor();
  for (const path of [`/achievements/${achievementId}`, "/achievements"]) {
    const html = (await client.get(path)).text;
    expect(html, path).toContain("&lt;script&gt;alert(");
    expect(html, path).not.toContain('<script>alert("xss")</script>');
    expect(html, path).not.toMatch(/<img src=x/i);
  }
  const detail = (await client.get(`/achievements/${achievementId}`)).text;
  expect(detail).toContain("&lt;img src=x onerror=alert(1)&gt;");
  // The document title is text too.
  expect(detail.match(/<title>([^<]*)<\/title>/)?.[1]).toContain("&lt;script&gt;");
});

test("an .xlsx export holds user content as plain text: no cell is a formula, formula-like text is prefixed", async () => {
  const response = await fetch(`${server.url}/achievements/export`);
  expect(response.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("no sheet");
  const cells: ExcelJS.Cell[] = [];
  sheet.eachRow((row, number) => number > 1 && row.eachCell((cell) => void cells.push(cell)));
  expect(cells.length).toBeGreaterThan(FORMULAS.length * 5);
  expect(cells.filter((cell) => cell.type === ExcelJS.ValueType.Formula || cell.type === ExcelJS.ValueType.Hyperlink)).toEqual([]);
  const texts = cells.map((cell) => String(cell.value ?? ""));
  expect(texts.filter((text) => /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text))).toEqual([]);
  for (const formula of FORMULAS) expect(texts).toContain(`'${formula}`);
  expect(texts).toContain(SCRIPT_TITLE);
  expect(texts).toContain(`'${'=HYPERLINK("http://evil.example","机构")'}`);
});

test("cross-origin form posts are refused before any action runs; nothing is signed in", async () => {
  for (const origin of ["http://evil.example", "null", `http://127.0.0.1:1`]) {
    const response = await visitor().post("/login", { email: emails[0] ?? "", password: TEST_PASSWORD, redirectTo: "/" }, { Origin: origin });
    expect(response.status, origin).toBe(403);
    expect(response.text).toBe("跨站提交已被拒绝。");
    expect(response.setCookies.filter((c) => c.startsWith("susong_session="))).toEqual([]);
  }
});
