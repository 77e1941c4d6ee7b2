import { expect, test } from "vitest";
import { formatWan, formatWanRange, getTranslator } from "./i18n";
import { localeFromAcceptLanguage, normalizeLocale } from "./locales";
import { en } from "./messages/en";
import { zhCN } from "./messages/zh-CN";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("both catalogs have the same keys, no empty text and the same placeholders", () => {
  expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  for (const [key, zh] of Object.entries(zhCN)) {
    const english = en[key as keyof typeof en];
    expect(zh.trim(), key).not.toBe("");
    expect(english.trim(), key).not.toBe("");
    expect(placeholders(english), key).toEqual(placeholders(zh));
  }
});

test("the Chinese catalog is Chinese and the English one is not", () => {
  const han = /\p{Script=Han}/u;
  expect(han.test(zhCN["nav.achievements"])).toBe(true);
  expect(han.test(en["nav.achievements"])).toBe(false);
  expect(han.test(en["validation.email"])).toBe(false);
});

test("translation fills placeholders", () => {
  expect(getTranslator("zh-CN")("validation.tooLong", { max: 50 })).toBe("不能超过 50 个字符。");
  expect(getTranslator("en")("validation.tooLong", { max: 50 })).toBe("Must be at most 50 characters.");
});

test("money in 万元 reads naturally in each language", () => {
  expect(formatWan("zh-CN", 100)).toBe("100万元");
  expect(formatWan("zh-CN", 12.5)).toBe("12.5万元");
  expect(formatWan("en", 100)).toBe("¥1,000,000");
  expect(formatWanRange("zh-CN", 100, 200, "面议")).toBe("100万元 – 200万元");
  expect(formatWanRange("en", null, null, "Negotiable")).toBe("Negotiable");
  expect(formatWanRange("zh-CN", 9, 9, "面议")).toBe("9万元");
});

test("locales are recognised from tags and Accept-Language", () => {
  expect(normalizeLocale("zh")).toBe("zh-CN");
  expect(normalizeLocale("zh-Hans-CN")).toBe("zh-CN");
  expect(normalizeLocale("EN-us")).toBe("en");
  expect(normalizeLocale("fr")).toBeUndefined();
  expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,en;q=0.8,zh;q=0.7")).toBe("en");
  expect(localeFromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
  expect(localeFromAcceptLanguage("de")).toBeUndefined();
});
