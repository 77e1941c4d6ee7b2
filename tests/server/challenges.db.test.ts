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

const ymd = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

function challengeForm(overrides: Record<string, string> = {}) {
  const form = new URLSearchParams({
    direction: "新材料",
    subField: "电池材料",
    title: "固态电池硫化物电解质量产工艺",
    background: "硫化物电解质空气稳定性差，量产成本高。",
    researchContent: "开发干法成膜与低成本前驱体工艺。",
    deadline: ymd(500),
    fundingWan: "600",
    fundingSource: "企业自筹",
    targetMaturity: "PILOT",
    maxConsortiumMembers: "3",
    maxApplicationsPerOrg: "1",
    ipArrangement: "JOINT",
    evaluationMode: "PROPOSAL",
    applicationOpensAt: ymd(0),
    applicationClosesAt: ymd(45),
    ...overrides,
  });
  form.append("eligibleOrgKinds", "UNIVERSITY");
  form.append("eligibleOrgKinds", "INSTITUTE");
  for (const [name, target, unit, verification] of [["离子电导率", "≥ 10", "mS/cm", "第三方检测"], ["", "", "", ""]]) {
    form.append("indicatorName", name ?? "");
    form.append("indicatorTarget", target ?? "");
    form.append("indicatorUnit", unit ?? "");
    form.append("indicatorVerification", verification ?? "");
  }
  return form;
}

test("the seeded public challenges are listed and open", async () => {
  const visitor = await fetch(`${server.url}/challenges`, { headers: { "Accept-Language": "zh-CN" } });
  const html = await visitor.text();
  expect(html).toContain("共 72 条");
  const id = html.match(/href="\/challenges\/([a-z0-9]{20,})"/)?.[1];
  const detail = await fetch(`${server.url}/challenges/${id}`, { headers: { "Accept-Language": "zh-CN" } });
  expect(detail.status).toBe(200);
  expect(await detail.text()).toContain('data-testid="challenge-title"');
  // A seeded direction has no application window: an applicant is told so instead of being offered a form that would be refused.
  const tto = await login(server.url, "tto@demo.susong.example");
  const page = await tto.get(`/challenges/${id}`);
  expect(page.text).toContain('data-testid="application-window-closed"');
  expect(page.text).not.toContain(`href="/challenges/${id}/apply"`);
});

test("an enterprise posts a challenge (bad input answered field by field), a broker returns it with a checklist, then publishes it", async () => {
  const enterprise = await login(server.url, "enterprise@demo.susong.example");
  const raw = async (path: string, form: URLSearchParams) => {
    const response = await fetch(server.url + path, {
      method: "POST",
      body: form,
      headers: { Cookie: enterprise.cookieHeader(), Origin: server.url, "Accept-Language": "zh-CN" },
      redirect: "manual",
    });
    return { status: response.status, location: response.headers.get("location"), text: await response.text() };
  };

  const bad = await raw("/challenges/new", challengeForm({ title: "<b>x</b>", maxConsortiumMembers: "9", deadline: "明年" }));
  expect(bad.status).toBe(400);
  expect(bad.text).toContain("不能包含 &lt; 或 &gt; 等标记字符");
  expect(bad.text).toContain("联合体成员（牵头单位之外）最多 4 家");
  // The entered values come back into the form.
  expect(bad.text).toContain("硫化物电解质空气稳定性差");

  const created = await raw("/challenges/new", challengeForm({ fundingWan: "" }));
  expect(created.status).toBe(302);
  const path = created.location ?? "";
  const edit = await enterprise.get(`${path}/edit`);
  expect(edit.text).toMatch(/name="title"[^>]*value="固态电池硫化物电解质量产工艺"/);
  expect((await enterprise.post(path, { transition: "submit" })).status).toBe(200);

  const broker = await login(server.url, "broker@demo.susong.example");
  expect((await broker.get("/challenges")).text).toContain("待论证的榜单");
  expect((await broker.post(path, { transition: "startReview" })).status).toBe(200);
  const refused = await broker.post(path, { transition: "publish" });
  expect(refused.status).toBe(422);
  expect(refused.text).toContain("尚不能发榜，缺少：支持金额");

  const returned = await fetch(server.url + path, {
    method: "POST",
    body: new URLSearchParams([["transition", "return"], ["checklist", "funding"], ["reason", "请明确支持金额"]]),
    headers: { Cookie: broker.cookieHeader(), Origin: server.url, "Accept-Language": "zh-CN" },
  });
  expect(returned.status).toBe(200);
  const seen = await enterprise.get(path);
  expect(seen.text).toContain('data-testid="return-checklist"');
  expect(seen.text).toContain("请明确支持金额");

  expect((await raw(`${path}/edit`, challengeForm())).status).toBe(302);
  expect((await enterprise.post(path, { transition: "submit" })).status).toBe(200);
  expect((await broker.post(path, { transition: "startReview" })).status).toBe(200);
  expect((await broker.post(path, { transition: "publish" })).status).toBe(200);
  const published = await fetch(server.url + path, { headers: { "Accept-Language": "zh-CN" } });
  expect(await published.text()).toContain("已发榜（申报中）");

  // Another enterprise can neither edit nor move it.
  const other = await login(server.url, "enterprise2@demo.susong.example");
  expect((await other.post(path, { transition: "cancel", reason: "x" })).status).toBe(403);
});

test("a challenge page suggests candidate achievements and their owners from the matching pipeline", async () => {
  await expect
    .poll(async () => ((await (await fetch(`${server.url}/healthz`)).json()) as { search?: { ready?: boolean } }).search?.ready, { timeout: 60_000, interval: 500 })
    .toBe(true);
  const list = await (await fetch(`${server.url}/challenges?page=1`, { headers: { "Accept-Language": "zh-CN" } })).text();
  const ids = [...list.matchAll(/href="\/challenges\/([a-z0-9]{20,})"/g)].map((m) => m[1]);
  let found = 0;
  for (const id of ids.slice(0, 5)) {
    const html = await (await fetch(`${server.url}/challenges/${id}`, { headers: { "Accept-Language": "zh-CN" } })).text();
    const section = html.slice(html.indexOf('data-testid="challenge-candidates"'));
    expect(section).toContain("候选成果与团队");
    found += [...section.matchAll(/href="\/achievements\/[a-z0-9]+"/g)].length;
  }
  expect(found).toBeGreaterThan(0);
});
