import { isMessageKey, type Translate } from "~/i18n/i18n";

/** An application's coded outcome in the reader's language (INELIGIBLE_<rule> names the rule). */
export function outcomeText(t: Translate, code: string | null | undefined): string {
  if (!code) return "";
  if (code.startsWith("INELIGIBLE_")) {
    const rule = `application.rule.${code.slice("INELIGIBLE_".length)}`;
    return t("application.outcome.INELIGIBLE", { rule: isMessageKey(rule) ? t(rule) : code });
  }
  const key = `application.outcome.${code}`;
  return isMessageKey(key) ? t(key) : code;
}

export function statusText(t: Translate, status: string): string {
  const key = `application.status.${status}`;
  return isMessageKey(key) ? t(key) : status;
}

export function ruleText(t: Translate, rule: string): string {
  const key = `application.rule.${rule}`;
  return isMessageKey(key) ? t(key) : rule;
}

export function criterionText(t: Translate, key: string): string {
  const message = `application.criterion.${key}`;
  return isMessageKey(message) ? t(message) : key;
}
