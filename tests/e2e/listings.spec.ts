import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { screenshot, signedInThroughForm, waitForHydration, zh } from "./support";
import ExcelJS from "exceljs";

/*
 * A listing's whole path in Chinese: a tech-transfer office imports an achievement list (the dry run
 * shows a bad row's errors, then it commits), submits one achievement; a broker reviews and publishes
 * it; an enterprise sees the teaser, accepts the disclosure terms, then reads the gated description.
 */


async function achievementList(file: string, suffix: string) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("成果清单");
  sheet.addRow(["成果编号", "成果名称", "成果简介", "详细说明", "技术领域", "成熟度", "合作方式"]);
  sheet.addRow([`E2E-${suffix}-1`, `柔性钙钛矿组件-${suffix}`, "公开简介：轻质柔性光伏组件", "受控说明：卷对卷涂布工艺窗口 B-42", "新能源-太阳能", "中试", "技术许可"]);
  sheet.addRow([`E2E-${suffix}-2`, `固态电解质薄膜-${suffix}`, "公开简介：固态电池电解质", "受控说明：烧结曲线", "新能源-电池", "小试", "技术转让"]);
  sheet.addRow([`E2E-${suffix}-3`, `成熟度写错的成果-${suffix}`, "公开简介", "", "", "不知道", "技术转让"]);
  await workbook.xlsx.writeFile(file);
}

test("import an achievement list, submit one, a broker publishes it, an enterprise reads it after accepting the terms", async ({ browser, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is set in playwright.config.ts");
  const suffix = Date.now().toString(36).toUpperCase();
  const title = `柔性钙钛矿组件-${suffix}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "susong-e2e-list-"));
  const file = path.join(dir, "成果清单.xlsx");
  await achievementList(file, suffix);

  // the tech-transfer office: dry run, then commit
  const tto = await signedInThroughForm(browser, baseURL, "tto@demo.susong.example");
  await tto.goto("/import");
  await waitForHydration(tto);
  const upload = tto.getByTestId("import-upload");
  await upload.locator('input[type="file"]').setInputFiles(file);
  await upload.getByRole("button", { name: zh("import.dryRun") }).click();
  await expect(tto.getByTestId("import-summary")).toHaveText(zh("import.summary", { total: 3, valid: 2, errors: 1 }));
  const errors = tto.getByTestId("row-errors");
  await expect(errors).toContainText(zh("import.error.unknownValue", { value: "不知道" }));
  await expect(errors).toContainText("成熟度");
  await expect(tto.getByTestId("download-errors")).toBeVisible();
  await screenshot(tto, "70-import-dry-run");
  await tto.getByTestId("import-commit").click();
  await expect(tto.getByTestId("import-done")).toHaveText(zh("import.done", { created: 2, updated: 0, unchanged: 0, errors: 1 }));
  await screenshot(tto, "70-import-committed");

  // submit one imported draft for review
  await tto.goto("/my");
  await tto.getByRole("link", { name: title }).click();
  await expect(tto.getByTestId("listing-status")).toHaveText(zh("status.DRAFT"));
  await waitForHydration(tto);
  await tto.getByTestId("transition-submit").click();
  await expect(tto.getByTestId("listing-status")).toHaveText(zh("status.SUBMITTED"));
  const achievementPath = new URL(tto.url()).pathname;
  await screenshot(tto, "70-submitted");

  // the broker reviews and publishes
  const broker = await signedInThroughForm(browser, baseURL, "broker@demo.susong.example");
  await broker.goto("/review");
  await broker.getByTestId("review-queue").getByRole("link", { name: title }).click();
  await waitForHydration(broker);
  await broker.getByTestId("transition-startReview").click();
  await expect(broker.getByTestId("listing-status")).toHaveText(zh("status.UNDER_REVIEW"));
  await broker.getByTestId("transition-publish").click();
  await expect(broker.getByTestId("listing-status")).toHaveText(zh("status.PUBLISHED"));
  await screenshot(broker, "70-broker-published");

  // an enterprise: the teaser, then the gated description once the terms are accepted
  const enterprise = await signedInThroughForm(browser, baseURL, "enterprise@demo.susong.example");
  await enterprise.goto(achievementPath);
  await expect(enterprise.getByTestId("listing-title")).toHaveText(title);
  await expect(enterprise.getByText("公开简介：轻质柔性光伏组件")).toBeVisible();
  await expect(enterprise.getByTestId("disclosure")).toContainText(zh("disclosure.gated"));
  await expect(enterprise.getByTestId("gated-description")).toHaveCount(0);
  await expect(enterprise.getByText("B-42")).toHaveCount(0);
  await screenshot(enterprise, "70-enterprise-teaser");
  await waitForHydration(enterprise);
  await enterprise.getByTestId("accept-disclosure").click();
  await expect(enterprise.getByTestId("gated-description")).toHaveText("受控说明：卷对卷涂布工艺窗口 B-42");
  await screenshot(enterprise, "70-enterprise-disclosed");

  fs.rmSync(dir, { recursive: true, force: true });
});
