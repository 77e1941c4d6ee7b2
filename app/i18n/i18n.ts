import { createContext, useContext } from "react";
import { defaultLocale, type Locale } from "./locales";
import { en } from "./messages/en";
import { zhCN, type MessageKey, type Messages } from "./messages/zh-CN";

export type { MessageKey };
export type TranslateParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: TranslateParams) => string;

const catalogs: Record<Locale, Messages> = { "zh-CN": zhCN, en };

export function isMessageKey(value: string): value is MessageKey {
  return Object.hasOwn(zhCN, value);
}

/** A translator for one locale. Unknown {placeholders} are left as they are. */
export function getTranslator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) => {
    const template = catalog[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** Number of 万元 (10,000 yuan) as shown to a reader of the given locale. */
export function formatWan(locale: Locale, wan: number): string {
  if (locale === "zh-CN") {
    return `${new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 }).format(wan)}万元`;
  }
  return new Intl.NumberFormat("en", { style: "currency", currency: "CNY", currencyDisplay: "symbol", maximumFractionDigits: 0 })
    .format(wan * 10_000)
    .replace("CN¥", "¥");
}

/** A price or budget band in 万元; null bounds mean open-ended; no bounds means negotiable (面议). */
export function formatWanRange(locale: Locale, min: number | null, max: number | null, negotiable: string): string {
  if (min === null && max === null) return negotiable;
  if (min !== null && max !== null) return min === max ? formatWan(locale, min) : `${formatWan(locale, min)} – ${formatWan(locale, max)}`;
  return min !== null ? `≥ ${formatWan(locale, min)}` : `≤ ${formatWan(locale, max ?? 0)}`;
}

export function formatDate(locale: Locale, value: Date | string | null | undefined): string {
  if (!value) return "";
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale, { year: "numeric", month: locale === "en" ? "short" : "long", day: "numeric", timeZone: "Asia/Shanghai" }).format(date);
}

export function formatDateTime(locale: Locale, value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" }).format(date);
}

export function formatNumber(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale).format(value);
}

type I18nValue = { locale: Locale; t: Translate };
const I18nContext = createContext<I18nValue>({ locale: defaultLocale, t: getTranslator(defaultLocale) });
export const I18nProvider = I18nContext.Provider;

export function useI18n(): I18nValue {
  return useContext(I18nContext);
}
