import { getTranslator, type MessageKey } from "~/i18n/i18n";
import { isLocale, defaultLocale } from "~/i18n/locales";

type MatchLike = { id: string; data?: unknown };

function localeOf(matches: readonly MatchLike[]) {
  const root = matches.find((m) => m.id === "root")?.data;
  const locale = root && typeof root === "object" && "locale" in root ? root.locale : undefined;
  return isLocale(locale) ? locale : defaultLocale;
}

/** `<title>` in the page's language: "<page> · 苏颂技术转移撮合平台". */
export function pageTitle(matches: readonly MatchLike[], key: MessageKey | null, text?: string) {
  const t = getTranslator(localeOf(matches));
  const page = text ?? (key ? t(key) : null);
  return [{ title: page ? `${page} · ${t("app.name")}` : t("app.name") }];
}
