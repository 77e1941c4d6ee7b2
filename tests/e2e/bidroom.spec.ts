import path from "node:path";
import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import { type MessageKey, zhCN } from "../../app/i18n/messages/zh-CN";

/*
 * Two bidders in two browser contexts bid live in one auction: each sees the other's bid as it is
 * accepted, and a bid in the timed-bidding window extends the countdown for both.
 */

const DEMO_PASSWORD = "Susong-Demo-2026";
const zh = (key: MessageKey, params: Record<string, string | number> = {}) =>
  zhCN[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
const screenshotDir = path.resolve(import.meta.dirname, "../artifacts/screenshots");

function beijingLocal(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
}

async function apiLogin(request: APIRequestContext, baseURL: string, email: string) {
  const response = await request.post("/login", { form: { email, password: DEMO_PASSWORD, redirectTo: "/" }, headers: { Origin: baseURL }, maxRedirects: 0 });
  expect(response.status()).toBe(302);
}

async function bidderPage(browser: Browser, baseURL: string, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  await apiLogin(context.request, baseURL, email);
  const page = await context.newPage();
  // One demo bidder prefers English; this journey runs in Chinese for everyone.
  await page.goto("/?lng=zh-CN");
  return page;
}

test("two bidders see each other's bids live and the countdown extends in the timed-bidding window", async ({ browser, baseURL, playwright }) => {
  if (!baseURL) throw new Error("baseURL is set in playwright.config.ts");
  const setup = await playwright.request.newContext({ baseURL });
  await apiLogin(setup, baseURL, "tto@demo.susong.example");
  const now = new Date();
  const created = await setup.post("/rooms/new", {
    headers: { Origin: baseURL },
    maxRedirects: 0,
    form: {
      title: "浏览器测试：固态电池电解质专利许可",
      startPrice: "200000",
      increment: "5000",
      reservePrice: "",
      maxExtensions: "",
      opensAt: beijingLocal(new Date(now.getTime() - 60_000)),
      closesAt: beijingLocal(new Date(now.getTime() + 50_000)),
      softCloseSeconds: "120",
    },
  });
  expect(created.status()).toBe(302);
  const roomPath = created.headers().location ?? "";

  const a = await bidderPage(browser, baseURL, "enterprise@demo.susong.example");
  const b = await bidderPage(browser, baseURL, "enterprise2@demo.susong.example");
  for (const page of [a, b]) {
    await page.goto(roomPath);
    await page.getByRole("button", { name: zh("rooms.register") }).click();
    await expect(page.getByTestId("participation")).toHaveText(zh("rooms.registered"));
  }
  const broker = await bidderPage(browser, baseURL, "broker@demo.susong.example");
  await broker.goto(roomPath);
  for (let i = 0; i < 2; i += 1) {
    await broker.getByRole("button", { name: zh("rooms.approve") }).first().click();
    await expect(broker.getByRole("button", { name: zh("rooms.approve") })).toHaveCount(1 - i);
  }

  for (const page of [a, b]) {
    await page.reload();
    await expect(page.getByTestId("participation")).toHaveText(zh("rooms.admitted"));
    await expect(page.getByTestId("room-price")).toHaveText(zh("rooms.noBids"));
  }

  // A bids the starting price; B sees it at once.
  await a.getByLabel(zh("rooms.bidAmount")).fill("200000");
  await a.getByRole("button", { name: zh("rooms.placeBid"), exact: true }).click();
  await expect(a.getByTestId("room-message")).toHaveText(zh("rooms.accepted"));
  await expect(b.getByTestId("room-price")).toHaveText("¥200,000");
  await expect(b.getByTestId("room-log")).toContainText(zh("rooms.logEntry", { bidder: "A", amount: "¥200,000" }));
  // The room closes within 50 s and the window is 120 s, so the bid restarted the countdown.
  await expect(b.getByTestId("room-extensions")).toHaveText(zh("rooms.extensions", { count: 1 }));

  // B answers with the minimum next bid prefilled; A sees B lead and the second extension.
  await expect(b.getByLabel(zh("rooms.bidAmount"))).toHaveValue("205000");
  await b.getByRole("button", { name: zh("rooms.placeBid"), exact: true }).click();
  await expect(b.getByTestId("room-leader")).toHaveText(zh("rooms.youLead"));
  await expect(a.getByTestId("room-price")).toHaveText("¥205,000");
  await expect(a.getByTestId("room-leader")).toHaveText(`${zh("rooms.leader")}: B`);
  await expect(a.getByTestId("room-extensions")).toHaveText(zh("rooms.extensions", { count: 2 }));
  // The countdown shows the restarted window (about two minutes), not the original 50 s.
  await expect(a.getByTestId("room-countdown")).toHaveText(/^0[12]:\d\d$/);

  // An amount off the increment grid passes the browser's checks but the server refuses it, in Chinese.
  await a.getByLabel(zh("rooms.bidAmount")).fill("212000");
  await a.getByRole("button", { name: zh("rooms.placeBid"), exact: true }).click();
  await expect(a.getByTestId("room-message")).toHaveText(zhCN["room.reject.not_on_grid"]);
  await expect(b.getByTestId("room-price")).toHaveText("¥205,000");

  await a.screenshot({ path: path.join(screenshotDir, "60-bidroom-bidder-a.png"), fullPage: true });
  await b.screenshot({ path: path.join(screenshotDir, "61-bidroom-bidder-b.png"), fullPage: true });
  await setup.dispose();
});
