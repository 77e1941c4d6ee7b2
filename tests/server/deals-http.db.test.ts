import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "../helpers/rooms";
import { type AppServer, startAppServer } from "../helpers/server";

/*
 * The deal forms over HTTP on the seeded demo: the broker accepts a suggested match on the match board (a deal
 * opens), moves it through the pipeline with the deal page's forms (a missing date and a stranger are refused),
 * the commission appears, the packet and the ledger download; the commission rule form checks its input.
 */

let server: AppServer;
beforeAll(async () => {
  server = await startAppServer();
});
afterAll(async () => {
  await server?.dispose();
});

const ymd = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

test("a broker opens a deal from the match board and moves it to a registered contract through the forms", async () => {
  const broker = await login(server.url, "broker@demo.susong.example");
  const queue = await broker.get("/broker");
  expect(queue.status).toBe(200);
  expect(queue.text).toContain("技术经理人工作台");

  const board = await broker.get("/broker/matches");
  expect(board.status).toBe(200);
  const needId = board.text.match(/data-need-id="([^"]+)"/)?.[1];
  const article = board.text.slice(board.text.indexOf(`data-need-id="${needId}"`));
  const candidateId = article.match(/name="candidateId" value="([^"]+)"/)?.[1];
  expect(needId && candidateId, "the board suggests an achievement for a recent need").toBeTruthy();

  const accepted = await broker.post("/broker/matches", { intent: "accept", needId: needId ?? "", candidateId: candidateId ?? "", score: "0.500" });
  expect(accepted.status).toBe(200);
  expect(accepted.text).toMatch(/已立项 SX-\d{4}-00001/);
  const dealId = accepted.text.match(/href="\/deals\/([a-z0-9]{20,})"/)?.[1] ?? "";
  // accepting again opens no second deal
  const again = await broker.post("/broker/matches", { intent: "accept", needId: needId ?? "", candidateId: candidateId ?? "", score: "0.500" });
  expect(again.text).toMatch(/已立项 SX-\d{4}-00001/);

  const page = await broker.get(`/deals/${dealId}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('data-stage="INTRODUCED"');

  expect((await broker.post(`/deals/${dealId}`, { to: "INTEREST_CONFIRMED" })).status).toBe(200);
  const missing = await broker.post(`/deals/${dealId}`, { to: "NDA_SIGNED", ndaSignedAt: "" });
  expect(missing.status).toBe(422);
  expect(missing.text).toContain("此项为必填项。");
  const future = await broker.post(`/deals/${dealId}`, { to: "NDA_SIGNED", ndaSignedAt: ymd(5) });
  expect(future.status).toBe(422);
  expect(future.text).toContain("此日期不能晚于今天。");
  expect((await broker.post(`/deals/${dealId}`, { to: "NDA_SIGNED", ndaSignedAt: ymd(0) })).status).toBe(200);
  expect((await broker.post(`/deals/${dealId}`, { to: "MEETING", meetingAt: ymd(0) })).status).toBe(200);
  expect((await broker.post(`/deals/${dealId}`, { to: "NEGOTIATION" })).status).toBe(200);
  const signed = await broker.post(`/deals/${dealId}`, { to: "CONTRACT_SIGNED", contractType: "LICENSE", contractAmountWan: "150", contractSignedAt: ymd(0) });
  expect(signed.status).toBe(200);
  // the demo agency's rule: 3 % of the contract amount
  expect(signed.text).toMatch(/data-testid="commission-amount"[^>]*>4\.5万元/);
  const registered = await broker.post(`/deals/${dealId}`, { to: "REGISTERED", registrationNumber: "2026350203009999", registeredAt: ymd(0) });
  expect(registered.status).toBe(200);
  expect(registered.text).toContain('data-stage="REGISTERED"');
  // a step out of order is refused with its reason
  const early = await broker.post(`/deals/${dealId}`, { to: "OUTCOME_CHECKED", outcomeRevenueWan: "1", outcomeJobs: "1", outcomeProducts: "1" });
  expect(early.status).toBe(409);
  expect(early.text).toContain("成效回访在登记满 12 个月后进行。");

  const packet = await broker.get(`/deals/${dealId}/packet`);
  expect(packet.status).toBe(200);
  expect(packet.text).toContain("技术合同登记材料");
  expect(packet.text).toContain("2026350203009999");
  const xlsx = await broker.get(`/deals/${dealId}/packet.xlsx`);
  expect(xlsx.status).toBe(200);
  expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
  const ledger = await broker.get("/deals/ledger");
  expect(ledger.status).toBe(200);
  expect(ledger.text).toContain(dealId);
  expect((await broker.get("/deals/ledger.xlsx")).status).toBe(200);

  // the enterprise that is not the deal's demander sees nothing and moves nothing; a party sees its deal
  const demandName = page.text.match(/需求方<\/dt><dd[^>]*>([^<]+)</)?.[1] ?? "";
  for (const [email, orgName] of [
    ["enterprise@demo.susong.example", "同安智能制造有限公司（演示）"],
    ["enterprise2@demo.susong.example", "翔安生物医药有限公司（演示）"],
  ] as const) {
    const client = await login(server.url, email);
    const party = demandName === orgName;
    expect((await client.get(`/deals/${dealId}`)).status).toBe(party ? 200 : 404);
    if (!party) expect((await client.post(`/deals/${dealId}`, { to: "OUTCOME_CHECKED", outcomeRevenueWan: "1", outcomeJobs: "1", outcomeProducts: "1" })).status).toBe(404);
    expect((await client.get("/deals/ledger")).status).toBe(403);
    expect((await client.get("/broker/matches")).status).toBe(403);
  }
});

test("the agency's org admin edits the commission rule; bad input is answered in the user's language", async () => {
  const broker = await login(server.url, "broker@demo.susong.example");
  const form = await broker.get("/broker/rules");
  expect(form.status).toBe(200);
  const agencyId = form.text.match(/name="agencyId" value="([^"]+)"/)?.[1] ?? "";
  const bad = await broker.post("/broker/rules", { agencyId, kind: "PERCENT", percent: "150", fixedWan: "", introducerShare: "60" });
  expect(bad.status).toBe(422);
  expect(bad.text).toContain("请填写大于 0、不超过 100 的比例");
  const good = await broker.post("/broker/rules", { agencyId, kind: "FIXED", percent: "", fixedWan: "8.5", introducerShare: "70" });
  expect(good.status).toBe(200);
  expect(good.text).toContain("每单 8.5万元，引荐人 70%");
  const stranger = await login(server.url, "enterprise@demo.susong.example");
  expect((await stranger.post("/broker/rules", { agencyId, kind: "FIXED", percent: "", fixedWan: "1", introducerShare: "50" })).status).toBe(403);
});
