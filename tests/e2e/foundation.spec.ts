import path from "node:path";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { en } from "../../app/i18n/messages/en";
import { type MessageKey, zhCN } from "../../app/i18n/messages/zh-CN";

/*
 * Foundation journeys against the real server with the seeded demo data: language, browsing,
 * sign-up / log-in / log-out, the 404 page and the owner-only edit rule.
 */

const catalogs = { "zh-CN": zhCN, en } as const;
type Lang = keyof typeof catalogs;

/** A UI string as the app renders it: the catalog entry with its {placeholders} filled in. */
function msg(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return catalogs[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
const zh = (key: MessageKey, params?: Record<string, string | number>) => msg("zh-CN", key, params);

/** Every published record of shared/data is seeded (achievements.jsonl and needs.jsonl, one record a line). */
const SEEDED = { achievements: 2822, needs: 1735 } as const;
const DEMO_PASSWORD = "Susong-Demo-2026";
const ENTERPRISE = { email: "enterprise@demo.susong.example", org: "同安智能制造有限公司（演示）" };

const screenshotDir = path.resolve(import.meta.dirname, "../artifacts/screenshots");
async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Waits until React has hydrated the page, so controlled inputs and client-side forms are live. */
async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const form = document.querySelector("main form") ?? document.querySelector("main");
    return form !== null && Object.keys(form).some((key) => key.startsWith("__reactFiber$"));
  });
}

/** The listing cards of a browse page (the facet lists beside them are list items too). */
function cardsOf(page: Page): Locator {
  return page.getByTestId("listing-list").getByRole("listitem");
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await waitForHydration(page);
  await page.getByLabel(zh("auth.email"), { exact: true }).fill(email);
  await page.getByLabel(zh("auth.password"), { exact: true }).fill(password);
  await page.getByRole("button", { name: zh("auth.login.submit"), exact: true }).click();
}

test.describe("language", () => {
  test("home page is Chinese by default; the switch to English persists, ?lng=zh-CN switches back", async ({ page, context }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1, name: zh("home.heroTitle") })).toBeVisible();
    await expect(page).toHaveTitle(zh("app.name"));
    await expect(page.getByRole("navigation", { name: zh("nav.main") }).getByRole("link", { name: zh("nav.achievements") })).toBeVisible();
    await screenshot(page, "01-home-zh");

    const switchLink = page.getByTestId("language-switch");
    await expect(switchLink).toHaveText(zh("nav.switchTo"));
    await switchLink.click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1, name: en["home.heroTitle"] })).toBeVisible();
    await expect(page.getByTestId("language-switch")).toHaveText(en["nav.switchTo"]);
    expect((await context.cookies()).find((c) => c.name === "lng")?.value).toBe("en");
    await screenshot(page, "02-home-en");

    // Client-side navigation without ?lng stays in English…
    await page.getByRole("navigation", { name: en["nav.main"] }).getByRole("link", { name: en["nav.achievements"] }).click();
    await expect(page).toHaveURL(/\/achievements$/);
    await expect(page.getByRole("heading", { level: 1, name: en["list.achievements.title"] })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");

    // …and so does a fresh page load, which only has the cookie to go by.
    await page.goto("/needs");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1, name: en["list.needs.title"] })).toBeVisible();
    await expect(page).toHaveTitle(`${en["list.needs.title"]} · ${en["app.name"]}`);

    await page.goto("/needs?lng=zh-CN");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1, name: zh("list.needs.title") })).toBeVisible();
    expect((await context.cookies()).find((c) => c.name === "lng")?.value).toBe("zh-CN");

    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1, name: zh("home.heroTitle") })).toBeVisible();
  });
});

test.describe("browsing", () => {
  for (const kind of ["achievements", "needs"] as const) {
    test(`${kind}: count, next page, open a record`, async ({ page }) => {
      await page.goto(`/${kind}`);
      await expect(page.getByRole("heading", { level: 1, name: zh(`list.${kind}.title`) })).toBeVisible();
      // every seeded record is listed; journeys that ran before may have published a few more
      const [before = "", after = ""] = zh("list.count").split("{count}");
      const countText = await page.getByText(new RegExp(`^${before}[\\d,]+${after}$`)).innerText();
      const total = Number(countText.slice(before.length, countText.length - after.length).replace(/,/g, ""));
      expect(total).toBeGreaterThanOrEqual(SEEDED[kind]);

      const cards = cardsOf(page);
      const perPage = await cards.count();
      expect(perPage).toBeGreaterThan(1);
      const pages = Math.ceil(total / perPage);
      const pagination = page.getByRole("navigation", { name: zh("pagination.label") });
      await expect(pagination).toContainText(zh("pagination.page", { page: 1, pages }));
      await expect(pagination.getByRole("link", { name: zh("pagination.previous") })).toHaveCount(0);
      const firstOnPage1 = await cards.first().getByRole("link").first().innerText();

      await pagination.getByRole("link", { name: zh("pagination.next") }).click();
      await expect(page).toHaveURL(new RegExp(`/${kind}\\?page=2$`));
      await expect(pagination).toContainText(zh("pagination.page", { page: 2, pages }));
      await expect(pagination.getByRole("link", { name: zh("pagination.previous") })).toBeVisible();
      await expect(cards).toHaveCount(perPage);
      const recordLink = cards.first().getByRole("link").first();
      const title = (await recordLink.innerText()).trim();
      expect(title).not.toBe("");
      expect(title).not.toBe(firstOnPage1.trim());
      await screenshot(page, `10-${kind}-page-2`);

      await recordLink.click();
      await expect(page).toHaveURL(new RegExp(`/${kind}/[^/?]+$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(page).toHaveTitle(`${title} · ${zh("app.name")}`);
      await expect(page.getByRole("link", { name: zh(`listing.back.${kind}`) })).toBeVisible();
      await screenshot(page, `11-${kind}-detail`);

      // The same record loads on its own, as a fresh page (server rendering, not only client navigation).
      await page.reload();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    });
  }
});

test.describe("accounts", () => {
  test("sign up with a new organization: field errors first, then the account page; log out and in again", async ({ page }) => {
    const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    const account = { email: `e2e.${stamp}@example.com`, name: "测试用户", password: "Lighthouse-Kettle-42" };
    const orgName = `端到端测试科技有限公司 ${stamp}`;

    await page.goto("/");
    await page.getByRole("link", { name: zh("nav.signup"), exact: true }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.getByRole("heading", { level: 1, name: zh("auth.signup.title") })).toBeVisible();
    await waitForHydration(page);

    const email = page.getByLabel(zh("auth.email"), { exact: true });
    const name = page.getByLabel(zh("auth.name"), { exact: true });
    const password = page.getByLabel(zh("auth.password"), { exact: true });
    const submit = page.getByRole("button", { name: zh("auth.signup.submit"), exact: true });

    await expect(page.getByRole("radio", { name: zh("auth.signup.mode.create") })).toBeChecked();
    await email.fill("not-an-email");
    await name.fill("<b>张三</b>");
    await password.fill("short");
    await page.getByLabel(zh("auth.signup.orgName"), { exact: true }).fill(orgName);
    await page.getByLabel(zh("auth.signup.orgKind"), { exact: true }).selectOption({ label: zh("orgKind.ENTERPRISE") });
    // The role list follows the organization kind (client state), so this also proves the form is live.
    await page.getByLabel(zh("auth.signup.role"), { exact: true }).selectOption({ label: zh("role.ENTERPRISE") });
    await submit.click();

    await expect(page.getByRole("alert")).toHaveText(zh("auth.formError"));
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toHaveAccessibleDescription(zh("validation.email"));
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await expect(name).toHaveAccessibleDescription(zh("validation.noMarkup"));
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(password).toHaveAccessibleDescription(zh("validation.passwordTooShort", { min: 10 }));
    await expect(page.getByLabel(zh("auth.signup.orgName"), { exact: true })).not.toHaveAttribute("aria-invalid", "true");
    // The markup is kept as text, never rendered.
    await expect(name).toHaveValue("<b>张三</b>");
    await expect(page.locator("main b")).toHaveCount(0);
    // Nothing was created and nobody is signed in.
    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.getByRole("link", { name: zh("nav.login"), exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: zh("nav.logout") })).toHaveCount(0);
    await screenshot(page, "20-signup-errors");

    await email.fill(account.email);
    await name.fill(account.name);
    await password.fill(account.password);
    await expect(page.getByLabel(zh("auth.signup.orgKind"), { exact: true })).toHaveValue("ENTERPRISE");
    await expect(page.getByLabel(zh("auth.signup.role"), { exact: true })).toHaveValue("ENTERPRISE");
    await submit.click();

    // The same organization name is accepted now, so the failed attempt did not create it.
    await expect(page).toHaveURL(/\/account\?welcome=1$/);
    await expect(page.getByRole("heading", { level: 1, name: zh("account.title") })).toBeVisible();
    await expect(page.getByText(zh("auth.signup.done"))).toBeVisible();
    await expect(page.getByText(zh("account.pendingNotice"))).toBeVisible();
    await expect(page.getByText(`${account.name} · ${account.email}`)).toBeVisible();
    const membership = page.getByRole("main").getByRole("listitem").filter({ hasText: orgName });
    await expect(membership).toContainText(zh("orgKind.ENTERPRISE"));
    await expect(membership).toContainText(zh("role.ENTERPRISE"));
    await expect(membership).toContainText(zh("membership.PENDING"));
    await expect(page.getByRole("link", { name: account.name })).toBeVisible();
    await screenshot(page, "21-signup-done");

    await page.getByRole("button", { name: zh("nav.logout") }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("link", { name: zh("nav.login"), exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: account.name })).toHaveCount(0);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);

    await page.getByLabel(zh("auth.email"), { exact: true }).fill(account.email);
    await page.getByLabel(zh("auth.password"), { exact: true }).fill(account.password);
    await page.getByRole("button", { name: zh("auth.login.submit"), exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText(`${account.name} · ${account.email}`)).toBeVisible();
    await expect(page.getByText(zh("account.pendingNotice"))).toBeVisible();
    await expect(page.getByRole("button", { name: zh("nav.logout") })).toBeVisible();
  });

  test("a wrong password shows the Chinese error and does not sign in", async ({ page }) => {
    await logIn(page, "tto@demo.susong.example", "Not-The-Password-1");
    await expect(page.getByRole("alert")).toHaveText(zh("auth.login.invalid"));
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("button", { name: zh("nav.logout") })).toHaveCount(0);
    await expect(page.getByLabel(zh("auth.email"), { exact: true })).toHaveValue("tto@demo.susong.example");
    await screenshot(page, "30-login-wrong-password");

    // An unknown address gets the very same answer.
    await page.getByLabel(zh("auth.email"), { exact: true }).fill("nobody@demo.susong.example");
    await page.getByLabel(zh("auth.password"), { exact: true }).fill("Not-The-Password-1");
    await page.getByRole("button", { name: zh("auth.login.submit"), exact: true }).click();
    await expect(page.getByLabel(zh("auth.email"), { exact: true })).toHaveValue("nobody@demo.susong.example");
    await expect(page.getByRole("alert")).toHaveText(zh("auth.login.invalid"));
  });
});

test.describe("not found", () => {
  for (const lang of ["zh-CN", "en"] as const) {
    test(`an unknown URL gives the styled 404 page (${lang})`, async ({ page }) => {
      if (lang === "en") {
        // Switch language the way a visitor does; the 404 page must follow the saved choice.
        await page.goto("/");
        await page.getByTestId("language-switch").click();
        await expect(page.locator("html")).toHaveAttribute("lang", "en");
      }
      for (const url of ["/no-such-page/at-all", "/achievements/no-such-record"]) {
        const response = await page.goto(url);
        expect(response?.status()).toBe(404);
        await expect(page.locator("html")).toHaveAttribute("lang", lang);
        const errorPage = page.getByTestId("error-page");
        await expect(errorPage.getByRole("heading", { level: 1 })).toHaveText(msg(lang, "error.notFound.title"));
        await expect(errorPage).toContainText(msg(lang, "error.notFound.body"));
        await expect(errorPage).toContainText("404");
        // Inside the normal layout, with a way back.
        await expect(page.getByRole("navigation", { name: msg(lang, "nav.main") })).toBeVisible();
        await expect(errorPage.getByRole("link", { name: msg(lang, "error.backHome") })).toHaveAttribute("href", "/");
      }
      await screenshot(page, `40-not-found-${lang}`);
    });
  }
});

test.describe("ownership", () => {
  test("an enterprise user may edit its own organization's needs only", async ({ page, baseURL }) => {
    await logIn(page, ENTERPRISE.email, DEMO_PASSWORD);
    await expect(page.getByRole("button", { name: zh("nav.logout") })).toBeVisible();

    await page.goto("/needs");
    const cards = cardsOf(page);
    await expect(cards.first()).toBeVisible();
    const ownCard = cards.filter({ hasText: ENTERPRISE.org }).first();
    const otherCard = cards.filter({ hasNotText: ENTERPRISE.org }).first();
    await expect(ownCard).toBeVisible();
    await expect(otherCard).toBeVisible();

    // Own organization's need: the Edit button is there.
    const ownTitle = (await ownCard.getByRole("link").first().innerText()).trim();
    await ownCard.getByRole("link", { name: ownTitle }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(ownTitle);
    await expect(page.getByText(ENTERPRISE.org)).toBeVisible();
    await expect(page.getByRole("link", { name: zh("listing.edit"), exact: true })).toBeVisible();
    const ownPath = new URL(page.url()).pathname;
    await screenshot(page, "50-own-need");

    // Another organization's need: no Edit (or Delete) button.
    await page.goto("/needs");
    const otherTitle = (await otherCard.getByRole("link").first().innerText()).trim();
    await otherCard.getByRole("link", { name: otherTitle }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(otherTitle);
    await expect(page.getByRole("link", { name: zh("listing.back.needs") })).toBeVisible();
    await expect(page.getByText(ENTERPRISE.org)).toHaveCount(0);
    await expect(page.getByRole("link", { name: zh("listing.edit"), exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: zh("listing.delete"), exact: true })).toHaveCount(0);
    const otherPath = new URL(page.url()).pathname;
    expect(otherPath).not.toBe(ownPath);
    await screenshot(page, "51-other-need");

    // The edit page itself is refused…
    const editPage = await page.goto(`${otherPath}/edit`);
    expect(editPage?.status()).toBe(403);
    await expect(page.getByTestId("error-page").getByRole("heading", { level: 1 })).toHaveText(zh("error.forbidden.title"));

    // …and so is posting the edit form directly, with the signed-in session.
    const tampered = { title: `篡改的标题 ${Date.now()}`, description: "不应保存的描述。" };
    const refused = await page.request.post(`${otherPath}/edit`, { form: tampered, headers: { Origin: baseURL ?? "" }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    await page.goto(otherPath);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(otherTitle);

    // The same request for the user's own need is accepted, so the refusal above is about ownership.
    const ownEdit = { title: `${ownTitle}（已更新）`, description: "端到端测试更新的需求描述。" };
    const accepted = await page.request.post(`${ownPath}/edit`, { form: ownEdit, headers: { Origin: baseURL ?? "" }, maxRedirects: 0 });
    expect(accepted.status()).toBe(302);
    expect(accepted.headers()["location"]).toBe(ownPath);
    await page.goto(ownPath);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(ownEdit.title);
  });
});
