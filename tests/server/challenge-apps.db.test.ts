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

async function publishedChallenge(): Promise<string> {
  const enterprise = await login(server.url, "enterprise@demo.susong.example");
  const form = new URLSearchParams({
    direction: "新材料",
    title: "钠离子电池硬碳负极低成本制备",
    background: "硬碳负极成本高、首效低。",
    researchContent: "生物质前驱体与低温碳化工艺。",
    deadline: ymd(500),
    fundingWan: "500",
    targetMaturity: "PILOT",
    maxConsortiumMembers: "2",
    maxApplicationsPerOrg: "1",
    ipArrangement: "JOINT",
    evaluationMode: "PROPOSAL",
    applicationOpensAt: ymd(0),
    applicationClosesAt: ymd(45),
  });
  form.append("eligibleOrgKinds", "UNIVERSITY");
  form.append("eligibleOrgKinds", "INSTITUTE");
  for (const [name, target, unit, check] of [
    ["首次库伦效率", "≥ 90", "%", "第三方检测"],
    ["材料成本", "≤ 3", "万元/吨", "成本核算报告"],
  ]) {
    form.append("indicatorName", name ?? "");
    form.append("indicatorTarget", target ?? "");
    form.append("indicatorUnit", unit ?? "");
    form.append("indicatorVerification", check ?? "");
  }
  const created = await fetch(`${server.url}/challenges/new`, {
    method: "POST",
    body: form,
    headers: { Cookie: enterprise.cookieHeader(), Origin: server.url, "Accept-Language": "zh-CN" },
    redirect: "manual",
  });
  expect(created.status).toBe(302);
  const path = created.headers.get("location") ?? "";
  expect((await enterprise.post(path, { transition: "submit" })).status).toBe(200);
  const broker = await login(server.url, "broker@demo.susong.example");
  expect((await broker.post(path, { transition: "startReview" })).status).toBe(200);
  expect((await broker.post(path, { transition: "publish" })).status).toBe(200);
  return path.split("/").at(-1) ?? "";
}

function applicationForm(fields: Record<string, string>, rows: { members?: string[][]; approaches?: string[]; tasks?: string[][] } = {}) {
  const form = new URLSearchParams(fields);
  for (const [name, kind, role] of rows.members ?? []) {
    form.append("memberName", name ?? "");
    form.append("memberKind", kind ?? "");
    form.append("memberRole", role ?? "");
  }
  const approaches = rows.approaches ?? ["生物质前驱体预氧化", "低温碳化连续炉"];
  for (const [i, indicator] of ["首次库伦效率", "材料成本"].entries()) {
    form.append("indicatorName", indicator);
    form.append("indicatorApproach", approaches[i] ?? "");
  }
  for (const [title, months, milestone] of rows.tasks ?? [["前驱体筛选", "6", "首效 ≥ 88 %"], ["中试放大", "12", "吨级中试线"]]) {
    form.append("taskTitle", title ?? "");
    form.append("taskMonths", months ?? "");
    form.append("taskMilestone", milestone ?? "");
  }
  return form;
}

test("the application form answers bad input field by field (zh and en), refuses an ineligible submission naming each rule, and writes nothing until it is right; then COI, scoring, shortlist, award and an objection through the pages", async () => {
  const challengeId = await publishedChallenge();
  const tto = await login(server.url, "tto@demo.susong.example");
  const post = async (client: { cookieHeader(): string }, path: string, form: URLSearchParams, language = "zh-CN") => {
    const response = await fetch(server.url + path, { method: "POST", body: form, headers: { Cookie: client.cookieHeader(), Origin: server.url, "Accept-Language": language }, redirect: "manual" });
    return { status: response.status, location: response.headers.get("location"), text: await response.text() };
  };

  const page = await tto.get(`/challenges/${challengeId}/apply`);
  expect(page.status).toBe(200);
  expect(page.text).toContain("诚信承诺");
  expect(page.text).toContain("首次库伦效率");

  // Bad input: no PI, a markup organization name, a non-numeric budget and six sub-tasks.
  const sixTasks = Array.from({ length: 6 }, (_, i) => [`子任务${i + 1}`, "3", "里程碑"]);
  const bad = await post(tto, `/challenges/${challengeId}/apply`, applicationForm({ piName: "", requestedWan: "三百", selfFundedWan: "300", intent: "save" }, { members: [["<b>甲</b>", "ENTERPRISE", "中试"]], tasks: sixTasks }));
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('data-field-error="piName"');
  expect(bad.text).toContain("子任务最多 5 个。");
  expect(bad.text).toContain("不能包含 &lt; 或 &gt; 等标记字符");
  // The entered values come back into the form.
  expect(bad.text).toContain("生物质前驱体预氧化");
  expect((await tto.get("/applications")).text).toContain("暂无申报。");

  // The same mistakes in English for an English-speaking user.
  const english = await login(server.url, "enterprise2@demo.susong.example");
  const badEn = await post(english, `/challenges/${challengeId}/apply`, applicationForm({ piName: "", requestedWan: "300", selfFundedWan: "300", intent: "save" }, { tasks: sixTasks }), "en");
  expect(badEn.status).toBe(400);
  expect(badEn.text).toContain("At most 5 sub-tasks.");

  // Well-formed but ineligible: one indicator uncovered, self-funding below 1 × requested, no pledge, consortium without agreement.
  const ineligible = await post(
    tto,
    `/challenges/${challengeId}/apply`,
    applicationForm({ piName: "王研究员", requestedWan: "300", selfFundedWan: "100", intent: "submit" }, { members: [["某材料公司", "ENTERPRISE", "中试线"]], approaches: ["生物质前驱体预氧化", ""] }),
  );
  expect(ineligible.status).toBe(422);
  for (const message of ["攻关方案未覆盖全部考核指标", "自筹经费与申请经费的比例不足", "未作出诚信承诺", "联合体须签订联合体协议"]) expect(ineligible.text).toContain(message);
  expect(ineligible.text).toContain('data-field-error="selfFundedWan"');
  expect((await tto.get("/applications")).text).toContain("暂无申报。");

  // Right: saved and submitted in one step.
  const good = await post(
    tto,
    `/challenges/${challengeId}/apply`,
    applicationForm({ piName: "王研究员", requestedWan: "300", selfFundedWan: "300", integrityPledge: "on", consortiumAgreement: "on", intent: "submit" }, { members: [["某材料公司", "ENTERPRISE", "中试线"]] }),
  );
  expect(good.status).toBe(302);
  const applicationPath = good.location ?? "";
  expect(applicationPath).toMatch(/^\/applications\/[a-z0-9]+$/);
  const mine = await tto.get("/applications");
  expect(mine.text).toContain("钠离子电池硬碳负极低成本制备");
  expect(mine.text).toContain("已提交");

  // Formal review: a broker must give a reason to fail it; the applicant cannot review itself.
  const broker = await login(server.url, "broker@demo.susong.example");
  expect((await broker.get("/applications")).text).toContain('data-testid="formal-queue"');
  expect((await tto.post(applicationPath, { intent: "formalReview", decision: "pass" })).status).toBe(403);
  const noReason = await broker.post(applicationPath, { intent: "formalReview", decision: "fail" });
  expect(noReason.status).toBe(400);
  expect(noReason.text).toContain("不通过时请选择原因。");
  expect((await broker.post(applicationPath, { intent: "formalReview", decision: "pass" })).status).toBe(200);
  expect((await tto.get(applicationPath)).text).toContain("通过形式审查");
  // Another organization cannot see it.
  expect((await english.get(applicationPath)).status).toBe(404);

  // Expert review through the pages: the broker closes the window, starts review and assigns itself as reviewer.
  const board = `/challenges/${challengeId}/applications`;
  expect((await tto.get(board)).status).toBe(404);
  expect((await broker.post(board, { intent: "closeApplications" })).status).toBe(200);
  expect((await broker.post(board, { intent: "startExpertReview" })).status).toBe(200);
  const boardPage = await broker.get(board);
  const reviewerId = boardPage.text.match(/<option value="([a-z0-9]{20,})"[^>]*>[^<]*（演示）/)?.[1] ?? boardPage.text.match(/name="reviewerId"[^>]*>\s*<option value="([a-z0-9]+)"/)?.[1];
  expect(reviewerId).toBeTruthy();
  expect((await broker.post(board, { intent: "assign", reviewerId: reviewerId ?? "" })).status).toBe(200);
  const reviewPath = `${applicationPath}/review`;
  expect((await broker.get(reviewPath)).text).toContain("利益冲突声明");
  // Scores before the declaration are refused; a missing declaration answer is a field message.
  expect((await broker.post(reviewPath, { intent: "score", score_approach: "80", score_feasibility: "80", score_team: "80", score_budget: "80" })).status).toBe(409);
  const undeclared = await broker.post(reviewPath, { intent: "declare" });
  expect(undeclared.status).toBe(400);
  expect(undeclared.text).toContain("请声明是否存在利益冲突。");
  expect((await broker.post(reviewPath, { intent: "declare", conflicted: "no" })).status).toBe(200);
  const outOfRange = await broker.post(reviewPath, { intent: "score", score_approach: "120", score_feasibility: "80", score_team: "80", score_budget: "80" });
  expect(outOfRange.status).toBe(400);
  expect(outOfRange.text).toContain("每项评分须为 0–100 之间的数字。");
  expect((await broker.post(reviewPath, { intent: "score", score_approach: "90", score_feasibility: "80", score_team: "70", score_budget: "60" })).status).toBe(200);
  expect((await broker.get(reviewPath)).text).toContain("您的加权总分：79");

  // Shortlist and award from the board; the 公示 page takes objections from anyone signed in.
  const applicationId = applicationPath.split("/").at(-1) ?? "";
  const select = async (intent: string) => {
    const response = await fetch(server.url + board, {
      method: "POST",
      body: new URLSearchParams([["intent", intent], ["selection", applicationId]]),
      headers: { Cookie: broker.cookieHeader(), Origin: server.url, "Accept-Language": "zh-CN" },
    });
    return response.status;
  };
  expect((await broker.post(board, { intent: "shortlist" })).status).toBe(422);
  expect(await select("shortlist")).toBe(200);
  expect(await select("award")).toBe(200);
  const award = `/challenges/${challengeId}/award`;
  const notice = await english.get(award);
  expect(notice.text).toContain("鹭江大学");
  const shortReason = await english.post(award, { intent: "object", applicationId, reason: "short" });
  expect(shortReason.status).toBe(400);
  expect((await english.post(award, { intent: "object", applicationId, reason: "项目负责人同期承担同类项目，请核查。" })).status).toBe(200);
  expect((await broker.get(award)).text).toContain("项目负责人同期承担同类项目，请核查。");
  // The lead hears of its award.
  expect((await tto.get("/notifications")).text).toContain("申报结果：挂帅");
});
