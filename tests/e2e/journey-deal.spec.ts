import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import ExcelJS from "exceljs";
import type { MessageKey } from "../../app/i18n/messages/zh-CN";
import { expectNoSeriousA11yViolations, type Lang, msg, screenshot, signedInPage, waitForHydration, zh } from "./support";

/*
 * One persona journey across the roles, in Chinese, with an accessibility check and a screenshot at each main page:
 * a university's tech-transfer office imports an achievement list and submits one achievement; the broker publishes
 * it; an enterprise posts a need, which the broker publishes; the enterprise opens its matches and expresses interest
 * in the imported achievement; the office answers the interest with a coded reason; the broker introduces the match
 * on the match board (the broker is the deal's introducer); the deal moves, step by step and by whichever side the
 * pipeline allows, to a registered technology contract; the registration packet renders. Then the key pages once
 * more in English.
 */

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function checkPage(page: Page, name: string) {
  await waitForHydration(page);
  await expectNoSeriousA11yViolations(page, name);
  await screenshot(page, name);
}

async function achievementList(file: string, suffix: string) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("成果清单");
  sheet.addRow(["成果编号", "成果名称", "成果简介", "详细说明", "技术领域", "成熟度", "合作方式"]);
  sheet.addRow([`J-${suffix}-1`, `柔性钙钛矿光伏组件卷对卷制备-${suffix}`, "轻质柔性钙钛矿光伏组件，卷对卷涂布制备，适用于建筑光伏幕墙", "受控说明：涂布工艺窗口与封装配方", "新能源-太阳能", "中试", "技术转让"]);
  sheet.addRow([`J-${suffix}-2`, `低温烧结银浆-${suffix}`, "用于异质结电池的低温烧结银浆", "受控说明：银粉粒径配比", "新材料", "小试", "技术许可"]);
  await workbook.xlsx.writeFile(file);
}

/** Opens a move's form on the deal page, fills its fields by their labels in `lang` and submits; waits for the new stage. */
async function move(page: Page, to: string, fields: Partial<Record<string, string>> = {}, lang: Lang = "zh-CN") {
  await waitForHydration(page);
  const form = page.locator(`[data-move="${to}"]`);
  if (!(await form.evaluate((element) => (element as HTMLDetailsElement).open))) await form.locator("summary").click();
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const input = form.getByLabel(msg(lang, `deal.field.${field}` as MessageKey));
    if ((await input.evaluate((element) => element.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
  await form.getByTestId(`move-${to}`).click();
  await expect(page.getByTestId("deal-stage").locator(`[data-stage="${to}"]`)).toBeVisible();
}

test("a tech-transfer office's imported achievement meets an enterprise's need through the broker, to a registered contract and its packet", async ({ browser, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is set in playwright.config.ts");
  // Many page loads, axe runs and three signed-in users: generous on a loaded machine.
  test.setTimeout(480_000);
  const suffix = Date.now().toString(36).toUpperCase();
  const achievementTitle = `柔性钙钛矿光伏组件卷对卷制备-${suffix}`;
  const needTitle = `建筑光伏幕墙用柔性钙钛矿组件量产需求-${suffix}`;
  const registrationNumber = `2026350203${suffix.slice(-6)}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "susong-e2e-journey-"));
  const file = path.join(dir, "成果清单.xlsx");
  await achievementList(file, suffix);

  // 1. the tech-transfer office imports its list (dry run, then commit) and submits one achievement
  const tto = await signedInPage(browser, baseURL, "tto@demo.susong.example");
  await tto.goto("/import");
  await expect(tto.getByRole("heading", { name: zh("import.title") })).toBeVisible();
  await checkPage(tto, "90-journey-import");
  const upload = tto.getByTestId("import-upload");
  await upload.locator('input[type="file"]').setInputFiles(file);
  await upload.getByRole("button", { name: zh("import.dryRun") }).click();
  await expect(tto.getByTestId("import-summary")).toHaveText(zh("import.summary", { total: 2, valid: 2, errors: 0 }));
  await tto.getByTestId("import-commit").click();
  await expect(tto.getByTestId("import-done")).toHaveText(zh("import.done", { created: 2, updated: 0, unchanged: 0, errors: 0 }));
  await checkPage(tto, "90-journey-import-done");

  await tto.goto("/my");
  await tto.getByRole("link", { name: achievementTitle }).click();
  await expect(tto.getByTestId("listing-status")).toHaveText(zh("status.DRAFT"));
  await waitForHydration(tto);
  await tto.getByTestId("transition-submit").click();
  await expect(tto.getByTestId("listing-status")).toHaveText(zh("status.SUBMITTED"));
  const achievementPath = new URL(tto.url()).pathname;
  await checkPage(tto, "90-journey-achievement-submitted");

  // 2. the broker reviews and publishes it
  const broker = await signedInPage(browser, baseURL, "broker@demo.susong.example");
  await broker.goto("/review");
  await expect(broker.getByRole("heading", { name: zh("review.title") })).toBeVisible();
  await checkPage(broker, "90-journey-review-queue");
  await broker.getByTestId("review-queue").getByRole("link", { name: achievementTitle }).click();
  await waitForHydration(broker);
  await broker.getByTestId("transition-startReview").click();
  await expect(broker.getByTestId("listing-status")).toHaveText(zh("status.UNDER_REVIEW"));
  await broker.getByTestId("transition-publish").click();
  await expect(broker.getByTestId("listing-status")).toHaveText(zh("status.PUBLISHED"));

  // 3. the enterprise posts a need; the broker publishes it
  const enterprise = await signedInPage(browser, baseURL, "enterprise@demo.susong.example");
  await enterprise.goto("/needs/new");
  await checkPage(enterprise, "90-journey-need-form");
  await enterprise.getByLabel(zh("listingForm.title"), { exact: true }).fill(needTitle);
  await enterprise.getByLabel(zh("listingForm.problem"), { exact: true }).fill("寻求柔性钙钛矿光伏组件的卷对卷涂布量产工艺，轻质柔性组件用于建筑光伏幕墙，要求转换效率与封装稳定性。");
  await enterprise.getByRole("button", { name: zh("listingForm.create") }).click();
  await expect(enterprise.getByTestId("listing-status")).toHaveText(zh("status.DRAFT"));
  await waitForHydration(enterprise);
  await enterprise.getByTestId("transition-submit").click();
  await expect(enterprise.getByTestId("listing-status")).toHaveText(zh("status.SUBMITTED"));
  const needPath = new URL(enterprise.url()).pathname;
  const needId = needPath.split("/").pop() ?? "";

  await broker.goto("/review");
  await broker.getByTestId("review-queue").getByRole("link", { name: needTitle }).click();
  await waitForHydration(broker);
  await broker.getByTestId("transition-startReview").click();
  await expect(broker.getByTestId("listing-status")).toHaveText(zh("status.UNDER_REVIEW"));
  await broker.getByTestId("transition-publish").click();
  await expect(broker.getByTestId("listing-status")).toHaveText(zh("status.PUBLISHED"));

  // the enterprise opens its need's matches, finds the imported achievement and expresses interest on its page
  await enterprise.goto(`/matches/need/${needId}`);
  await expect(enterprise.getByRole("heading", { name: zh("match.title.need") })).toBeVisible();
  const card = enterprise.getByTestId("match-card").filter({ hasText: achievementTitle });
  await expect(card).toBeVisible();
  await checkPage(enterprise, "90-journey-need-matches");
  await card.getByRole("link", { name: achievementTitle }).click();
  await expect(enterprise).toHaveURL(new RegExp(`${achievementPath}$`));
  await expect(enterprise.getByTestId("listing-title")).toHaveText(achievementTitle);
  await waitForHydration(enterprise);
  const panel = enterprise.getByTestId("interest-panel");
  await panel.getByLabel(zh("interest.panel.message")).fill("我们计划在建筑光伏幕墙产品线导入柔性钙钛矿组件，希望了解中试线规模和转让条件。");
  await panel.getByTestId("express-interest").click();
  const sent = panel.getByRole("status");
  await expect(sent).toHaveText(zh("interest.created"));
  await checkPage(enterprise, "90-journey-interest-sent");

  // 4. the office answers the interest with a coded reason (more information needed, with a note)
  await tto.goto("/interests?box=received");
  await tto.getByTestId("interest-inbox").getByRole("link", { name: achievementTitle }).first().click();
  await expect(tto.getByRole("heading", { name: zh("interest.detail.title", { title: achievementTitle }) })).toBeVisible();
  await checkPage(tto, "90-journey-interest-received");
  const answer = tto.getByTestId("interest-answer");
  await answer.getByRole("radio", { name: zh("response.code.NEED_INFO") }).check();
  await answer.getByLabel(zh("interest.detail.note"), { exact: false }).fill("请提供幕墙组件的年需求量与目标尺寸，经纪人将安排对接。");
  await answer.getByRole("button", { name: zh("interest.detail.submit") }).click();
  await expect(tto.getByRole("status").filter({ hasText: zh("interest.answeredOk") })).toBeVisible();
  await expect(answer).toContainText(zh("response.code.NEED_INFO"));
  const interestPath = new URL(tto.url()).pathname;

  // the broker introduces the match on the board: the deal opens with the broker as introducer
  await broker.goto("/broker/matches");
  await expect(broker.getByRole("heading", { name: zh("broker.board") })).toBeVisible();
  const boardNeed = broker.getByTestId("board-need").filter({ hasText: needTitle });
  const boardCard = boardNeed.getByTestId("match-card").filter({ hasText: achievementTitle });
  await expect(boardCard).toBeVisible();
  await checkPage(broker, "90-journey-match-board");
  await boardCard.getByTestId("board-accept").click();
  await expect(broker.getByTestId("board-result")).toContainText("SX-");
  await broker.getByTestId("opened-deal").click();
  await expect(broker.getByTestId("deal-stage").locator('[data-stage="INTRODUCED"]')).toBeVisible();
  await expect(broker.getByText(zh("deal.origin.match"))).toBeVisible();
  const dealPath = new URL(broker.url()).pathname;
  await checkPage(broker, "90-journey-deal-introduced");

  // 5. the pipeline: the enterprise confirms its interest, the broker records NDA and meeting, the office opens the
  // negotiation, the broker records the contract, the office (the seller) records the 技术合同登记
  await enterprise.goto(dealPath);
  await move(enterprise, "INTEREST_CONFIRMED");

  // both parties message each other in the deal's conversation, live
  await enterprise.getByTestId("open-conversation").click();
  await expect(enterprise).toHaveURL(/\/conversations\/[^/]+$/);
  await waitForHydration(enterprise);
  await expect(enterprise.getByTestId("live-state")).toHaveText(zh("conversation.live"));
  const question = `请问中试线的产能是多少？-${suffix}`;
  await enterprise.locator("#body").fill(question);
  await enterprise.getByTestId("send-message").click();
  await expect(enterprise.getByTestId("messages")).toContainText(question);
  await tto.goto(dealPath);
  await tto.getByTestId("open-conversation").click();
  await expect(tto.getByTestId("messages")).toContainText(question);
  await waitForHydration(tto);
  await expect(tto.getByTestId("live-state")).toHaveText(zh("conversation.live"));
  const reply = `每月约 2 万片，可安排现场考察。-${suffix}`;
  await tto.locator("#body").fill(reply);
  await tto.getByTestId("send-message").click();
  // the enterprise's open page receives the reply over the live connection, without reloading
  await expect(enterprise.getByTestId("messages")).toContainText(reply);
  await checkPage(enterprise, "90-journey-conversation");
  await enterprise.goto(dealPath);
  await broker.reload();
  await move(broker, "NDA_SIGNED", { ndaSignedAt: today() });
  await move(broker, "MEETING", { meetingAt: today() });
  await tto.goto(dealPath);
  await move(tto, "NEGOTIATION");
  await broker.reload();
  await move(broker, "CONTRACT_SIGNED", { contractType: "TRANSFER", contractAmountWan: "200", contractSignedAt: today() });
  // the demo agency's rule: 3 % of the contract amount
  await expect(broker.getByTestId("commission-amount")).toHaveText("6万元");
  await tto.reload();
  await move(tto, "REGISTERED", { registrationNumber, registeredAt: today() });
  await expect(tto.getByTestId("deal-history")).toContainText(zh("deal.stage.REGISTERED"));
  await checkPage(tto, "90-journey-deal-registered");

  // 6. the registration packet renders
  await tto.getByTestId("packet-link").click();
  const packet = tto.getByTestId("registration-packet");
  await expect(packet).toContainText(zh("deal.packet.title"));
  await expect(packet.locator('[data-line="deal.packet.contractType"]')).toHaveText(zh("deal.contractType.TRANSFER"));
  await expect(packet.locator('[data-line="deal.packet.registrationNumber"]')).toHaveText(registrationNumber);
  await checkPage(tto, "90-journey-packet");

  // the key pages once more, in English
  const en = (key: MessageKey, params?: Record<string, string | number>) => msg("en", key, params);
  await enterprise.goto(`/matches/need/${needId}?lng=en`);
  await expect(enterprise.getByRole("heading", { name: en("match.title.need") })).toBeVisible();
  await checkPage(enterprise, "90-journey-en-need-matches");
  await enterprise.goto(`${achievementPath}?lng=en`);
  await expect(enterprise.getByTestId("interest-panel")).toContainText(en("interest.panel.title"));
  await checkPage(enterprise, "90-journey-en-achievement");
  await tto.goto(`${interestPath}?lng=en`);
  await expect(tto.getByTestId("interest-answer")).toContainText(en("response.code.NEED_INFO"));
  await checkPage(tto, "90-journey-en-interest");
  await broker.goto("/broker/matches?lng=en");
  await expect(broker.getByRole("heading", { name: en("broker.board") })).toBeVisible();
  await checkPage(broker, "90-journey-en-match-board");
  await broker.goto(`${dealPath}?lng=en`);
  await expect(broker.getByTestId("deal-stage")).toContainText(en("deal.stage.REGISTERED"));
  await checkPage(broker, "90-journey-en-deal");
  await broker.goto(`${dealPath}/packet?lng=en`);
  await expect(broker.getByTestId("registration-packet")).toContainText(en("deal.packet.title"));
  await checkPage(broker, "90-journey-en-packet");

  fs.rmSync(dir, { recursive: true, force: true });
});
