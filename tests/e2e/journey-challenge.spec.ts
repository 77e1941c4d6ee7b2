import { expect, type Page, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, fillChallengeForm, msg, passFormalReview, reviewAndPublishChallenge, saveAndSubmitChallenge, scoreApplication, screenshot, signedInPage, startExpertReview, waitForHydration, zh } from "./support";

/*
 * 揭榜挂帅 across the roles, in Chromium through the pages' own forms: an enterprise posts a challenge, the broker
 * publishes it; a university's tech-transfer office and an institute apply; the broker qualifies both, scores them
 * as an expert (after declaring no conflict), opens the challenge's live bid room; both applicants bid, each seeing
 * anonymous labels only; the room closes on time; the broker shortlists and awards; the public notice (公示) shows the
 * award and each applicant has a coded outcome. Each main page gets an axe check and a screenshot.
 */

/** A Beijing wall-clock minute, as a datetime-local input takes it. */
const beijingMinute = (offsetMs: number) => new Date(Date.now() + offsetMs + 8 * 3_600_000).toISOString().slice(0, 16);

async function checkPage(page: Page, name: string) {
  await expectNoSeriousA11yViolations(page, name);
  await screenshot(page, name);
}

async function apply(page: Page, challengePath: string, pi: string, approach: string) {
  await page.goto(challengePath);
  await page.getByRole("link", { name: zh("application.apply") }).click();
  await waitForHydration(page);
  await page.getByLabel(zh("application.piName"), { exact: true }).fill(pi);
  await page.locator("#approach-0").fill(approach);
  await page.getByLabel(`${zh("application.taskTitle")} 1`).fill("工艺验证");
  await page.getByLabel(`${zh("application.taskMonths")} 1`).fill("12");
  await page.getByLabel(`${zh("application.taskMilestone")} 1`).fill("中试样品");
  await page.getByLabel(zh("application.requestedWan"), { exact: true }).fill("300");
  await page.getByLabel(zh("application.selfFundedWan"), { exact: true }).fill("300");
  await page.getByRole("checkbox", { name: zh("application.pledge") }).check();
  await page.getByRole("button", { name: zh("application.saveAndSubmit") }).click();
  await expect(page).toHaveURL(/\/applications\/[a-z0-9]+$/);
  await expect(page.getByTestId("application-status")).toContainText(zh("application.status.SUBMITTED"));
  return new URL(page.url()).pathname;
}

test("an enterprise's challenge: applications, expert review, a live bid room, award and public notice", async ({ browser, baseURL }) => {
  if (!baseURL) throw new Error("baseURL is set in playwright.config.ts");
  test.setTimeout(600_000);
  const suffix = Date.now().toString(36).toUpperCase();
  const title = `钠离子电池硬碳负极低成本制备-${suffix}`;

  // 1. the enterprise posts the challenge; the broker reviews and publishes it
  const enterprise = await signedInPage(browser, baseURL, "enterprise@demo.susong.example");
  await fillChallengeForm(enterprise, "新能源", title);
  await checkPage(enterprise, "91-challenge-new");
  const challengePath = await saveAndSubmitChallenge(enterprise);

  const broker = await signedInPage(browser, baseURL, "broker@demo.susong.example");
  await reviewAndPublishChallenge(broker, challengePath);
  await checkPage(broker, "91-challenge-published");

  // 2. two organizations apply (揭榜申报)
  const university = await signedInPage(browser, baseURL, "tto@demo.susong.example");
  const institute = await signedInPage(browser, baseURL, "institute@demo.susong.example");
  const universityApplication = await apply(university, challengePath, "王研究员", "生物质前驱体预氧化与低温碳化");
  await checkPage(university, "91-application-submitted");
  const instituteApplication = await apply(institute, challengePath, "李研究员", "沥青基硬碳包覆改性");

  // 3. formal review, then expert review with a conflict-of-interest declaration
  for (const applicationPath of [universityApplication, instituteApplication]) await passFormalReview(broker, applicationPath);
  await startExpertReview(broker, challengePath);
  await checkPage(broker, "91-application-board");
  await scoreApplication(broker, universityApplication, ["90", "80", "80", "70"]);
  await scoreApplication(broker, instituteApplication, ["80", "70", "70", "70"]);
  await checkPage(broker, "91-expert-review");

  // 4. the broker opens the live bid room (竞标) from the challenge page; it closes in one to two minutes
  await broker.goto(challengePath);
  await broker.getByRole("link", { name: zh("application.openRoomLink") }).click();
  await waitForHydration(broker);
  await broker.locator('input[name="opensAt"]').fill(beijingMinute(-60_000));
  await broker.locator('input[name="closesAt"]').fill(beijingMinute(120_000));
  await broker.locator('input[name="target-0"]').fill("90");
  await broker.locator('input[name="weight-0"]').fill("0.4");
  await checkPage(broker, "91-open-room");
  await broker.getByRole("button", { name: zh("challengeRoom.open") }).click();
  await expect(broker).toHaveURL(/\/rooms\/[a-z0-9]+$/);
  const roomPath = new URL(broker.url()).pathname;
  await broker.goto(`${challengePath}/applications`);
  await waitForHydration(broker);
  await broker.getByRole("button", { name: zh("challenge.action.openBidding") }).click();
  await expect(broker.getByTestId("challenge-status")).toHaveText(zh("challenge.status.BIDDING"));

  // 5. both applicants bid live; each sees labels, never the other organization's name
  for (const [page, funding, months] of [
    [university, "260", "18"],
    [institute, "300", "24"],
  ] as const) {
    await page.goto(roomPath);
    await waitForHydration(page);
    await page.locator('input[name="funding"]').fill(funding);
    await page.locator('input[name="months"]').fill(months);
    await page.getByRole("button", { name: zh("challengeRoom.submitOffer") }).click();
    // the server answers with this bidder's own anonymous label
    await expect(page.getByTestId("challenge-you")).toContainText(/揭榜方 [A-Z]/);
  }
  await expect(university.getByTestId("challenge-leaderboard").locator("tbody tr")).toHaveCount(2);
  await expect(university.getByTestId("challenge-leaderboard")).not.toContainText("鹭岛能源材料研究院");
  await expect(institute.getByTestId("challenge-leaderboard")).not.toContainText("鹭江大学");
  await checkPage(university, "91-room-participant");
  await broker.goto(roomPath);
  await expect(broker.getByTestId("challenge-leaderboard")).toContainText("鹭岛能源材料研究院");
  await checkPage(broker, "91-room-broker");

  // the room closes on time, by the server's schedule
  await expect(broker.getByTestId("room-result")).toHaveText(zh("challengeRoom.result.ranked"), { timeout: 240_000 });

  // 6. shortlist, award, public notice (公示), coded outcomes
  await broker.goto(`${challengePath}/applications`);
  await waitForHydration(broker);
  for (const box of await broker.getByTestId("board-row").getByRole("checkbox").all()) await box.check();
  await broker.getByRole("button", { name: zh("application.shortlist") }).click();
  await expect(broker.getByTestId("challenge-status")).toHaveText(zh("challenge.status.SHORTLISTED"));
  // the award takes one lead: only the university's row stays ticked
  for (const box of await broker.getByTestId("board-row").getByRole("checkbox").all()) await box.setChecked(false);
  await broker.getByTestId("board-row").filter({ hasText: "鹭江大学" }).getByRole("checkbox").check();
  await broker.getByRole("button", { name: zh("application.award", { max: 1 }) }).click();
  await expect(broker.getByTestId("challenge-status")).toHaveText(zh("challenge.status.PUBLIC_NOTICE"));

  await enterprise.goto(`${challengePath}/award`);
  await expect(enterprise.getByTestId("awarded")).toContainText("鹭江大学");
  await checkPage(enterprise, "91-public-notice");
  await university.goto(universityApplication);
  await expect(university.getByTestId("application-outcome")).toHaveText(zh("application.outcome.AWARDED"));
  await institute.goto(instituteApplication);
  await expect(institute.getByTestId("application-outcome")).toHaveText(zh("application.outcome.SHORTLISTED_NOT_AWARDED"));
  await checkPage(institute, "91-application-outcome");

  // the same pages in English
  await institute.goto(`${instituteApplication}?lng=en`);
  await expect(institute.getByTestId("application-outcome")).toHaveText(msg("en", "application.outcome.SHORTLISTED_NOT_AWARDED"));
  await checkPage(institute, "91-en-application-outcome");
  await institute.goto(`${roomPath}?lng=en`);
  await expect(institute.getByRole("heading", { name: msg("en", "challengeRoom.leaderboard") })).toBeVisible();
  await expect(institute.getByTestId("challenge-leaderboard")).not.toContainText("鹭江大学");
  await checkPage(institute, "91-en-room");
  await enterprise.goto(`${challengePath}/award?lng=en`);
  await expect(enterprise.getByRole("heading", { name: msg("en", "application.awarded") })).toBeVisible();
  await checkPage(enterprise, "91-en-public-notice");
});
