import { expect, test } from "@playwright/test";
import { signedInThroughForm, waitForHydration, zh } from "./support";

/*
 * The science bureau's journey in Chinese: the dashboard's charts are announced by their titles, a number leads to the
 * paginated records behind it, the filters live in the URL; the incentive advisor estimates a grant and cites the text.
 */


test("the bureau reads the funnel, drills down to the records and narrows by quarter", async ({ browser, baseURL }) => {
  const page = await signedInThroughForm(browser, baseURL ?? "", "bureau@demo.susong.example", { failOnConsoleError: true });
  await page.getByRole("link", { name: zh("nav.bureau"), exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: zh("bureau.title") })).toBeVisible();
  await page.goto("/bureau?year=2020");
  await waitForHydration(page);
  await expect(page.getByRole("img", { name: zh("bureau.funnelChart") })).toBeVisible();

  const funnelRow = page.getByRole("row", { name: new RegExp(`^${zh("bureau.stage.listing")}`) }).first();
  const number = funnelRow.getByRole("link");
  const shown = (await number.innerText()).trim();
  await number.click();
  await expect(page.getByRole("heading", { level: 1, name: zh("bureau.stage.listing") })).toBeVisible();
  await expect(page.getByText(zh("bureau.total", { n: shown }), { exact: false })).toBeVisible();
  await page.getByRole("link", { name: zh("pagination.next") }).click();
  await expect(page).toHaveURL(/page=2/);

  await page.goto("/bureau?year=2020");
  await waitForHydration(page);
  await page.locator('select[name="quarter"]').selectOption("1");
  await page.getByRole("button", { name: zh("bureau.apply") }).click();
  await expect(page).toHaveURL(/quarter=1/);
  await expect(page.getByText(zh("bureau.subtitle", { period: "2020-Q1" }))).toBeVisible();
});

test("the advisor estimates an enclave operator's grant and does not cumulate the overlapping measure", async ({ browser, baseURL }) => {
  const page = await signedInThroughForm(browser, baseURL ?? "", "bureau@demo.susong.example", { failOnConsoleError: true });
  await page.goto("/advisor");
  await waitForHydration(page);
  await page.getByLabel(`${zh("advisor.organization")} — ${zh("advisor.subjectId")}`).fill("鹭江大学（演示）");
  await page.getByRole("button", { name: zh("advisor.evaluate") }).click();
  await expect(page.getByTestId("measure-十")).toContainText(zh("advisor.needsFacts", { facts: zh("advisor.fact.enclaveOperator") }));

  await page.getByLabel(zh("advisor.fact.enclaveOperator")).selectOption("yes");
  await page.getByLabel(zh("advisor.fact.beltAndRoadCentreLinked")).selectOption("yes");
  await page.getByLabel(zh("advisor.fact.requestedWan")).fill("300");
  await page.getByRole("button", { name: zh("advisor.evaluate") }).click();
  await expect(page.getByTestId("measure-九")).toContainText(zh("advisor.granted"));
  await expect(page.getByTestId("measure-九")).toContainText("最高 300万元 / 年");
  await expect(page.getByTestId("measure-十")).toContainText(zh("advisor.notCumulated", { code: "九" }));
  await expect(page.getByTestId("measure-十")).toContainText("对飞地运营合作机构给予每年最高500万元支持");
});

test("an enterprise is refused the dashboard", async ({ browser, baseURL }) => {
  const page = await signedInThroughForm(browser, baseURL ?? "", "enterprise@demo.susong.example", { failOnConsoleError: true });
  await expect(page.getByRole("link", { name: zh("nav.bureau"), exact: true })).toHaveCount(0);
  const response = await page.request.get("/bureau");
  expect(response.status()).toBe(403);
});
