import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, type Browser, expect, type Page } from "@playwright/test";
import { en } from "../../app/i18n/messages/en";
import { type MessageKey, zhCN } from "../../app/i18n/messages/zh-CN";

/** What the browser journeys share: demo sign-in, the catalogs' texts, screenshots and accessibility checks. */

export const DEMO_PASSWORD = "Susong-Demo-2026";
export type Lang = "zh-CN" | "en";
const catalogs = { "zh-CN": zhCN, en } as const;

export function msg(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogs[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
export const zh = (key: MessageKey, params?: Record<string, string | number>) => msg("zh-CN", key, params);

export const screenshotDir = path.resolve(import.meta.dirname, "../artifacts/screenshots");
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Waits until React has hydrated the page, so client-side forms are live. */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const main = document.querySelector("main");
    return main !== null && Object.keys(main).some((key) => key.startsWith("__reactFiber$"));
  });
}

/** Signs a request context in as a demo user through the login form's action. */
export async function apiLogin(request: APIRequestContext, baseURL: string, email: string) {
  const response = await request.post("/login", { form: { email, password: DEMO_PASSWORD, redirectTo: "/" }, headers: { Origin: baseURL }, maxRedirects: 0 });
  expect(response.status()).toBe(302);
}

/** A new browser context signed in as a demo user, reading in the given language. */
export async function signedInPage(browser: Browser, baseURL: string, email: string, lang: Lang = "zh-CN"): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: lang, timezoneId: "Asia/Shanghai" });
  await apiLogin(context.request, baseURL, email);
  const page = await context.newPage();
  await page.goto(`/?lng=${lang}`);
  return page;
}

/**
 * Runs axe (WCAG 2.x A and AA rules) on the page and fails on any serious or critical violation, naming each with
 * the elements it was found on.
 */
export async function expectNoSeriousA11yViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  expect(report, `accessibility violations on ${label}`).toEqual([]);
}

/**
 * A new browser context signed in through the login page itself, in Chinese. With `failOnConsoleError`, any console
 * error on the page fails the test (a CSP violation, a hydration mismatch).
 */
export async function signedInThroughForm(browser: Browser, baseURL: string, email: string, options: { failOnConsoleError?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
  const page = await context.newPage();
  if (options.failOnConsoleError) {
    page.on("console", (message) => {
      if (message.type() === "error") throw new Error(`console error: ${message.text()}`);
    });
  }
  await page.goto("/login?lng=zh-CN");
  await waitForHydration(page);
  await page.getByLabel(zh("auth.email"), { exact: true }).fill(email);
  await page.getByLabel(zh("auth.password"), { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: zh("auth.login.submit"), exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

// ── 揭榜挂帅 steps shared by the challenge specs ──

/** A date `days` from now on Beijing's calendar, as a date field takes it (YYYY-MM-DD). */
export const beijingDate = (days: number) => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);

/** Fills the new-challenge form: one measurable indicator, 500万元, applications open today for 30 days. Does not save. */
export async function fillChallengeForm(page: Page, direction: string, title: string) {
  await page.goto("/challenges/new");
  await waitForHydration(page);
  await page.locator("#direction").fill(direction);
  await page.locator("#title").fill(title);
  await page.getByLabel(`${zh("challenge.indicatorName")} 1`).fill("首次库伦效率");
  await page.getByLabel(`${zh("challenge.indicatorTarget")} 1`).fill("≥ 90");
  await page.getByLabel(`${zh("challenge.indicatorUnit")} 1`).fill("%");
  await page.getByLabel(`${zh("challenge.indicatorVerification")} 1`).fill("第三方检测");
  await page.locator("#deadline").fill(beijingDate(400));
  await page.locator("#fundingWan").fill("500");
  await page.locator("#targetMaturity").selectOption("PILOT");
  await page.locator("#maxConsortiumMembers").fill("4");
  await page.locator("#maxApplicationsPerOrg").fill("1");
  await page.locator("#applicationOpensAt").fill(beijingDate(0));
  await page.locator("#applicationClosesAt").fill(beijingDate(30));
}

/** Saves the filled form and submits the challenge for review; returns its path. */
export async function saveAndSubmitChallenge(page: Page): Promise<string> {
  await page.getByRole("button", { name: zh("challenge.save") }).click();
  await expect(page).toHaveURL(/\/challenges\/c[a-z0-9]+$/);
  const challengePath = new URL(page.url()).pathname;
  await page.getByRole("button", { name: zh("challenge.action.submit") }).click();
  await expect(page.getByTestId("challenge-status")).toHaveText(zh("challenge.status.SUBMITTED"));
  return challengePath;
}

/** A broker reviews (论证) a submitted challenge and publishes it (发榜). */
export async function reviewAndPublishChallenge(broker: Page, challengePath: string) {
  await broker.goto(challengePath);
  await waitForHydration(broker);
  await broker.getByRole("button", { name: zh("challenge.action.startReview") }).click();
  await expect(broker.getByTestId("challenge-status")).toHaveText(zh("challenge.status.IN_REVIEW"));
  await broker.getByRole("button", { name: zh("challenge.action.publish") }).click();
  await expect(broker.getByTestId("challenge-status")).toHaveText(zh("challenge.status.PUBLISHED"));
}

/** A broker passes an application's formal review (形式审查). */
export async function passFormalReview(broker: Page, applicationPath: string) {
  await broker.goto(applicationPath);
  await waitForHydration(broker);
  await broker.getByTestId("formal-review").getByRole("button", { name: zh("application.formalReview") }).click();
  await expect(broker.getByTestId("application-status")).toContainText(zh("application.status.QUALIFIED"));
}

/** A broker closes the applications, starts the expert review and assigns the first reviewer offered; ends on the board. */
export async function startExpertReview(broker: Page, challengePath: string) {
  await broker.goto(`${challengePath}/applications`);
  await waitForHydration(broker);
  await broker.getByRole("button", { name: zh("challenge.action.closeApplications") }).click();
  await broker.getByRole("button", { name: zh("challenge.action.startExpertReview") }).click();
  await expect(broker.getByTestId("challenge-status")).toHaveText(zh("challenge.status.EXPERT_REVIEW"));
  await broker.getByLabel(zh("application.assign")).selectOption({ index: 0 });
  await broker.getByRole("button", { name: zh("application.assign") }).click();
  await expect(broker.getByTestId("reviewers")).not.toContainText(zh("application.noReviewers"));
}

/** An assigned reviewer declares no conflict of interest, then scores approach, feasibility, team and budget. */
export async function scoreApplication(reviewer: Page, applicationPath: string, scores: readonly [string, string, string, string]) {
  await reviewer.goto(`${applicationPath}/review`);
  await waitForHydration(reviewer);
  await reviewer.getByRole("radio", { name: zh("application.coiNo") }).check();
  await reviewer.getByRole("button", { name: zh("application.declare") }).click();
  await expect(reviewer.getByTestId("coi-declared")).toBeVisible();
  const [approach, feasibility, team, budget] = scores;
  for (const [key, value] of Object.entries({ approach, feasibility, team, budget })) await reviewer.locator(`#score_${key}`).fill(value);
  await reviewer.getByRole("button", { name: zh("application.saveScore") }).click();
  await expect(reviewer.getByTestId("own-total")).toBeVisible();
}
