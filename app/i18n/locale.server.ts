import { getTranslator, type Translate } from "./i18n";
import { defaultLocale, localeCookieName, localeFromAcceptLanguage, normalizeLocale, type Locale } from "./locales";

function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("Cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

/** ?lng= wins, then the saved choice (cookie), then the browser's languages, then Chinese. */
export function getLocale(request: Request): Locale {
  const url = new URL(request.url);
  return (
    normalizeLocale(url.searchParams.get("lng")) ??
    normalizeLocale(readCookie(request, localeCookieName)) ??
    localeFromAcceptLanguage(request.headers.get("Accept-Language")) ??
    defaultLocale
  );
}

/** The locale asked for in the URL, which the response should persist in the cookie. */
export function getRequestedLocale(request: Request): Locale | undefined {
  return normalizeLocale(new URL(request.url).searchParams.get("lng"));
}

export function localeCookie(locale: Locale): string {
  return `${localeCookieName}=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Lax`;
}

export function getRequestTranslator(request: Request): { locale: Locale; t: Translate } {
  const locale = getLocale(request);
  return { locale, t: getTranslator(locale) };
}

export { readCookie };
