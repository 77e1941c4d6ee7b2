import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations, type Lang, screenshot, signedInPage } from "./support";

/*
 * Every main page, in Chinese and in English, for a visitor and for each role's own pages: no serious or critical
 * accessibility violation (axe, WCAG 2.1 A/AA), and a screenshot of each.
 */

const visitorPages = ["/", "/achievements", "/needs", "/search?q=钙钛矿电池", "/challenges", "/rooms", "/login", "/signup"];
const rolePages: { email: string; paths: string[] }[] = [
  { email: "tto@demo.susong.example", paths: ["/my", "/import", "/achievements/new", "/notifications", "/account"] },
  { email: "enterprise@demo.susong.example", paths: ["/needs/new", "/challenges/new", "/tokens"] },
  { email: "broker@demo.susong.example", paths: ["/review", "/rooms/new"] },
  { email: "admin@demo.susong.example", paths: ["/approvals"] },
];
const langs: Lang[] = ["zh-CN", "en"];
const slug = (path: string) => path.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home";

for (const lang of langs) {
  for (const path of visitorPages) {
    test(`visitor page ${path} has no serious accessibility violations (${lang})`, async ({ page }) => {
      const response = await page.goto(`${path}${path.includes("?") ? "&" : "?"}lng=${lang}`);
      expect(response?.status(), path).toBe(200);
      await expectNoSeriousA11yViolations(page, `${path} (${lang})`);
      await screenshot(page, `a11y-${lang}-visitor-${slug(path)}`);
    });
  }

  test(`an achievement's detail page has no serious accessibility violations (${lang})`, async ({ page }) => {
    await page.goto(`/achievements?lng=${lang}`);
    await page.getByTestId("listing-list").getByRole("link").first().click();
    await expect(page).toHaveURL(/\/achievements\/[^/?]+/);
    await expectNoSeriousA11yViolations(page, `achievement detail (${lang})`);
    await screenshot(page, `a11y-${lang}-visitor-achievement-detail`);
  });

  for (const { email, paths } of rolePages) {
    const who = email.split("@")[0];
    test(`${who}'s pages have no serious accessibility violations (${lang})`, async ({ browser, baseURL }) => {
      if (!baseURL) throw new Error("baseURL is set in playwright.config.ts");
      test.setTimeout(60_000 + paths.length * 30_000);
      const page = await signedInPage(browser, baseURL, email, lang);
      for (const path of paths) {
        const response = await page.goto(`${path}?lng=${lang}`);
        expect(response?.status(), `${path} as ${email}`).toBe(200);
        await expectNoSeriousA11yViolations(page, `${path} as ${email} (${lang})`);
        await screenshot(page, `a11y-${lang}-${who}-${slug(path)}`);
      }
      await page.context().close();
    });
  }
}
