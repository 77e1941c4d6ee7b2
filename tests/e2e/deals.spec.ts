import fs from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { screenshot, screenshotDir, signedInThroughForm, waitForHydration, zh } from "./support";

/*
 * A deal's whole path in Chinese: an enterprise posts a technology need and submits it; the broker publishes it,
 * accepts a suggested achievement on the match board (a deal opens, attributed to the broker), moves the deal
 * through NDA, meeting, negotiation and the signed contract (the commission is computed) to its 技术合同登记;
 * the registration packet page renders for printing and prints to PDF.
 */

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Opens a move's form on the deal page, fills its fields and submits; waits for the new stage. */
async function move(page: Page, to: string, fields: Record<string, string> = {}) {
  const form = page.locator(`[data-move="${to}"]`);
  if (!(await form.evaluate((element) => (element as HTMLDetailsElement).open))) await form.locator("summary").click();
  for (const [name, value] of Object.entries(fields)) {
    const input = form.locator(`[name="${name}"]`);
    if ((await input.evaluate((element) => element.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
  await form.getByTestId(`move-${to}`).click();
  await expect(page.getByTestId("deal-stage").locator(`[data-stage="${to}"]`)).toBeVisible();
}

test("enterprise posts a need, the broker introduces a match, the deal reaches a registered contract with its commission and packet", async ({ browser, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is set in playwright.config.ts");
  const suffix = Date.now().toString(36).toUpperCase();
  const title = `钙钛矿太阳能电池量产工艺需求-${suffix}`;

  // the enterprise posts and submits its need
  const enterprise = await signedInThroughForm(browser, baseURL, "enterprise@demo.susong.example");
  await enterprise.goto("/needs/new");
  await waitForHydration(enterprise);
  await enterprise.getByLabel(zh("listingForm.title"), { exact: true }).fill(title);
  await enterprise.getByLabel(zh("listingForm.problem"), { exact: true }).fill("需要钙钛矿太阳能电池组件的大面积制备与封装工艺，提升光电转换效率和稳定性。");
  await enterprise.getByRole("button", { name: zh("listingForm.create") }).click();
  await expect(enterprise.getByTestId("listing-status")).toHaveText(zh("status.DRAFT"));
  await waitForHydration(enterprise);
  await enterprise.getByTestId("transition-submit").click();
  await expect(enterprise.getByTestId("listing-status")).toHaveText(zh("status.SUBMITTED"));

  // the broker finds it in the workspace queue, publishes it
  const broker = await signedInThroughForm(browser, baseURL, "broker@demo.susong.example");
  await broker.goto("/broker");
  const row = broker.getByTestId("broker-queue").locator("tr", { hasText: title });
  await expect(row.locator("[data-age]")).toHaveAttribute("data-age", "fresh");
  await screenshot(broker, "80-broker-queue");
  await row.getByRole("link", { name: title }).click();
  await waitForHydration(broker);
  await broker.getByTestId("transition-startReview").click();
  await expect(broker.getByTestId("listing-status")).toHaveText(zh("status.UNDER_REVIEW"));
  await broker.getByTestId("transition-publish").click();
  await expect(broker.getByTestId("listing-status")).toHaveText(zh("status.PUBLISHED"));

  // the match board suggests achievements for the newest need; the broker introduces the first
  await broker.goto("/broker/matches");
  const need = broker.getByTestId("board-need").filter({ hasText: title });
  await expect(need.getByTestId("match-card").first()).toBeVisible();
  await screenshot(broker, "80-match-board");
  await waitForHydration(broker);
  await need.getByTestId("board-accept").first().click();
  await expect(broker.getByTestId("board-result")).toContainText("已立项 SX-");
  await broker.getByTestId("opened-deal").click();
  await expect(broker.getByTestId("deal-stage").locator('[data-stage="INTRODUCED"]')).toBeVisible();
  await waitForHydration(broker);

  // the pipeline, step by step
  await move(broker, "INTEREST_CONFIRMED");
  await move(broker, "NDA_SIGNED", { ndaSignedAt: today() });
  await move(broker, "MEETING", { meetingAt: today() });
  await move(broker, "NEGOTIATION");
  await move(broker, "CONTRACT_SIGNED", { contractType: "TRANSFER", contractAmountWan: "200", contractSignedAt: today() });
  // the demo agency's rule: 3 % of 200 万元
  await expect(broker.getByTestId("commission-amount")).toHaveText("6万元");
  await move(broker, "REGISTERED", { registrationNumber: `2026350203${suffix.slice(-6)}`, registeredAt: today() });
  await screenshot(broker, "80-deal-registered");
  const dealPath = new URL(broker.url()).pathname;

  // the board lists it among registered contracts; the ledger holds its commission
  await broker.goto("/deals");
  await expect(broker.locator('[data-column="REGISTERED"]').getByTestId("deal-card").filter({ hasText: title })).toBeVisible();
  await broker.goto("/deals/ledger");
  await expect(broker.getByTestId("ledger").locator("tr", { hasText: title })).toContainText("6万元");

  // the registration packet renders and prints
  await broker.goto(dealPath);
  await broker.getByTestId("packet-link").click();
  const packet = broker.getByTestId("registration-packet");
  await expect(packet).toContainText(zh("deal.packet.title"));
  await expect(packet.locator('[data-line="deal.packet.contractType"]')).toHaveText(zh("deal.contractType.TRANSFER"));
  await expect(packet.locator('[data-line="deal.packet.registrationNumber"]')).toHaveText(`2026350203${suffix.slice(-6)}`);
  await screenshot(broker, "80-registration-packet");
  await broker.emulateMedia({ media: "print" });
  await expect(broker.getByTestId("packet-print")).toBeHidden();
  const pdf = await broker.pdf({ format: "A4" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  fs.mkdirSync(screenshotDir, { recursive: true });
  fs.writeFileSync(path.join(screenshotDir, "80-registration-packet.pdf"), pdf);
});
