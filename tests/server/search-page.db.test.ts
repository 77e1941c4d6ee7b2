import { afterAll, beforeAll, expect, test } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { type AppServer, Client, startAppServer } from "../helpers/server";

// The search page, match cards and index maintenance over HTTP, against the real server on the seeded data.
let server: AppServer;
beforeAll(async () => {
  server = await startAppServer();
  // The embedded index builds in the background after the server listens.
  for (let ready = false; !ready; ) {
    ready = ((await (await fetch(`${server.url}/healthz`)).json()) as { search: { ready: boolean } }).search.ready;
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 300));
  }
});
afterAll(async () => {
  await server?.dispose();
});

const zh = () => new Client(server.url, { "Accept-Language": "zh-CN,zh;q=0.9" });

test("Traditional characters find Simplified listings, with highlighted snippets, facets and counts", async () => {
  const page = await zh().get(`/search?q=${encodeURIComponent("鈣鈦礦")}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('data-testid="search-results"');
  expect(page.text).toMatch(/<mark[^>]*>钙钛矿<\/mark>/);
  expect(page.text).toContain("技术领域");
  expect(page.text).not.toContain('data-testid="search-notice"');
});

test("facet filters narrow the results; an unknown word shows the helpful empty state", async () => {
  const client = zh();
  const all = await client.get(`/search?q=${encodeURIComponent("电池")}`);
  const filtered = await client.get(`/search?q=${encodeURIComponent("电池")}&kind=need`);
  const count = (html: string) => Number(html.match(/data-testid="search-count">共 ([\d,]+) 条结果/)?.[1]?.replace(/,/g, "") ?? -1);
  expect(count(all.text)).toBeGreaterThan(count(filtered.text));
  expect(count(filtered.text)).toBeGreaterThan(0);
  const empty = await client.get(`/search?q=${encodeURIComponent("qqxxzzyyww")}`);
  expect(empty.text).toContain('data-testid="search-empty"');
  expect(empty.text).toContain("试试更短或更通用的词");
});

test("the page speaks English too", async () => {
  const page = await new Client(server.url, { "Accept-Language": "en-US,en;q=0.9" }).get(`/search?q=${encodeURIComponent("锂电池")}`);
  expect(page.text).toContain("Search achievements and needs");
  expect(page.text).toMatch(/\d+ results/);
});

test("a need's match cards show shared keywords and the score breakdown", async () => {
  const client = zh();
  const search = await client.get(`/search?q=${encodeURIComponent("污水处理")}&kind=need`);
  const needId = search.text.match(/href="\/needs\/([a-z0-9]+)"/)?.[1];
  expect(needId).toBeTruthy();
  const matches = await client.get(`/matches/need/${needId}`);
  expect(matches.status).toBe(200);
  expect(matches.text).toContain('data-testid="match-card"');
  expect(matches.text).toContain("共同关键词");
  expect(matches.text).toContain("得分构成");
  expect((await client.get("/matches/need/does-not-exist")).status).toBe(404);
});

test("the drift check over the loopback endpoint finds index and database in agreement", async () => {
  const response = await fetch(`${server.url}/internal/search/check`);
  const report = (await response.json()) as { engine: string; database: number; index: number; missing: string[]; extra: string[] };
  expect(report.engine).toBe("embedded");
  expect(report.database).toBe(2822 + 1735);
  expect(report.missing).toEqual([]);
  expect(report.extra).toEqual([]);
});

test("a signed-in broker saves a standing match; the notification list answers", async () => {
  const client = zh();
  expect((await client.post("/login", { email: "broker@demo.susong.example", password: DEMO_PASSWORD, redirectTo: "/" })).status).toBe(302);
  const search = await client.get(`/search?q=${encodeURIComponent("锂电池")}&kind=need`);
  const needId = search.text.match(/href="\/needs\/([a-z0-9]+)"/)?.[1];
  const page = await client.get(`/matches/need/${needId}`);
  expect(page.text).toContain('data-testid="save-standing-match"');
  const saved = await client.post(`/matches/need/${needId}`, {});
  expect(saved.status).toBe(200);
  expect(saved.text).toContain('data-testid="match-saved"');
  const notifications = await client.get("/notifications");
  expect(notifications.status).toBe(200);
  expect(notifications.text).toContain("通知");
  // Visitors are sent to log in.
  expect((await zh().post(`/matches/need/${needId}`, {})).status).toBe(302);
});

test("a broker dismisses a match card with a coded reason and sees it on the card; another organization's member is refused", async () => {
  const client = zh();
  expect((await client.post("/login", { email: "broker@demo.susong.example", password: DEMO_PASSWORD, redirectTo: "/" })).status).toBe(302);
  const search = await client.get(`/search?q=${encodeURIComponent("污水处理")}&kind=need`);
  const needId = search.text.match(/href="\/needs\/([a-z0-9]+)"/)?.[1];
  const page = await client.get(`/matches/need/${needId}`);
  expect(page.text).toContain('data-testid="match-accept"');
  const candidateId = page.text.match(/href="\/achievements\/([a-z0-9]+)"/)?.[1];
  expect(candidateId).toBeTruthy();
  const decided = await client.post(`/matches/need/${needId}`, { intent: "decide", decision: "DISMISS", candidateId: candidateId ?? "", reason: "IMMATURE", note: "仍在小试阶段" });
  expect(decided.status).toBe(200);
  expect(decided.text).toContain('data-testid="match-decision"');
  expect(decided.text).toContain("已忽略：成熟度不足");
  expect(decided.text).toContain("仍在小试阶段");
  expect((await client.get(`/matches/need/${needId}`)).text).toContain("技术经理人");
  const invalid = await client.post(`/matches/need/${needId}`, { intent: "decide", decision: "DISMISS", candidateId: candidateId ?? "", reason: "NOPE" });
  expect(invalid.status).toBe(422);
  expect(invalid.text).toContain('data-testid="match-decision-error"');

  const researcher = zh();
  expect((await researcher.post("/login", { email: "researcher@demo.susong.example", password: DEMO_PASSWORD, redirectTo: "/" })).status).toBe(302);
  const seen = await researcher.get(`/matches/need/${needId}`);
  expect(seen.text).not.toContain('data-testid="match-accept"');
  expect(seen.text).not.toContain("仍在小试阶段");
  expect((await researcher.post(`/matches/need/${needId}`, { intent: "decide", decision: "ACCEPT", candidateId: candidateId ?? "" })).status).toBe(403);
});
