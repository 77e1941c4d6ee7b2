import { expect, test } from "@playwright/test";
import { fillChallengeForm, passFormalReview, reviewAndPublishChallenge, saveAndSubmitChallenge, scoreApplication, signedInThroughForm, startExpertReview, waitForHydration, zh } from "./support";

/*
 * 揭榜挂帅 in the browser: a university's tech-transfer office applies to a seeded published challenge, the broker
 * qualifies it at formal review, assigns itself as reviewer, declares no conflict, scores it, shortlists and
 * awards it; the 公示 page shows the award.
 */


test("apply → qualify → score → award", async ({ browser, baseURL }) => {
  // An enterprise posts a challenge with an open window; the broker reviews and publishes it.
  const enterprise = await signedInThroughForm(browser, baseURL ?? "", "enterprise@demo.susong.example");
  await fillChallengeForm(enterprise, "新材料", "硬碳负极低成本制备");
  const challengePath = await saveAndSubmitChallenge(enterprise);
  const reviewer = await signedInThroughForm(browser, baseURL ?? "", "broker@demo.susong.example");
  await reviewAndPublishChallenge(reviewer, challengePath);

  const tto = await signedInThroughForm(browser, baseURL ?? "", "tto@demo.susong.example");
  await tto.goto(challengePath);
  await tto.getByRole("link", { name: zh("application.apply") }).click();
  await waitForHydration(tto);

  // Bad input first: the PI's name is missing and the pledge not given.
  await tto.getByRole("button", { name: zh("application.saveAndSubmit") }).click();
  await expect(tto.locator('[data-field-error="piName"]')).toHaveText(zh("validation.required"));
  await tto.getByLabel(zh("application.piName"), { exact: true }).fill("王研究员");
  await tto.locator("#approach-0").fill("生物质前驱体预氧化");
  await tto.getByLabel(`${zh("application.taskTitle")} 1`).fill("前驱体筛选");
  await tto.getByLabel(`${zh("application.taskMonths")} 1`).fill("6");
  await tto.getByLabel(`${zh("application.taskMilestone")} 1`).fill("小试样品");
  await tto.getByLabel(zh("application.requestedWan"), { exact: true }).fill("200");
  await tto.getByLabel(zh("application.selfFundedWan"), { exact: true }).fill("200");
  await tto.getByRole("button", { name: zh("application.saveAndSubmit") }).click();
  await expect(tto.locator('[data-field-error="integrityPledge"]')).toHaveText(zh("application.rule.PLEDGE"));
  await tto.getByRole("checkbox", { name: zh("application.pledge") }).check();
  await tto.getByRole("button", { name: zh("application.saveAndSubmit") }).click();
  await expect(tto).toHaveURL(/\/applications\/[a-z0-9]+$/);
  await expect(tto.getByTestId("application-status")).toContainText(zh("application.status.SUBMITTED"));
  const applicationPath = new URL(tto.url()).pathname;

  const broker = await signedInThroughForm(browser, baseURL ?? "", "broker@demo.susong.example");
  await passFormalReview(broker, applicationPath);
  await startExpertReview(broker, challengePath);
  await scoreApplication(broker, applicationPath, ["90", "80", "70", "60"]);
  await expect(broker.getByTestId("own-total")).toHaveText(zh("application.yourTotal", { total: 79 }));

  await broker.goto(`${challengePath}/applications`);
  await waitForHydration(broker);
  await broker.getByTestId("board-row").getByRole("checkbox").check();
  await broker.getByRole("button", { name: zh("application.shortlist") }).click();
  await expect(broker.getByTestId("challenge-status")).toHaveText(zh("challenge.status.SHORTLISTED"));
  await broker.getByTestId("board-row").getByRole("checkbox").check();
  await broker.getByRole("button", { name: zh("application.award", { max: 1 }) }).click();
  await expect(broker.getByTestId("challenge-status")).toHaveText(zh("challenge.status.PUBLIC_NOTICE"));

  await tto.goto(`${challengePath}/award`);
  await expect(tto.getByTestId("awarded")).toContainText("鹭江大学");
  await tto.goto(applicationPath);
  await expect(tto.getByTestId("application-outcome")).toHaveText(zh("application.outcome.AWARDED"));
});
