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

type NoticeRow = { topic: string; entityId: string | null; link: string | null; data: unknown };
export type ApplicationNotice = { kind: "application"; link: string | null; topic: string; title: string; outcome: string | null; upheld: boolean | null };

/** Notifications about challenge applications (outcomes, reviewer assignment, objections), or null for other topics. */
export function applicationNotice(row: NoticeRow): ApplicationNotice | null {
  const topics = ["application.outcome", "challenge.reviewerAssigned", "challenge.objection", "challenge.objectionResolved"];
  if (!topics.includes(row.topic)) return null;
  const data = (row.data && typeof row.data === "object" ? row.data : {}) as { title?: unknown; outcome?: unknown; upheld?: unknown };
  const link = row.link ?? (row.entityId ? (row.topic === "application.outcome" ? `/applications/${row.entityId}` : `/challenges/${row.entityId}`) : null);
  return {
    kind: "application",
    link,
    topic: row.topic,
    title: typeof data.title === "string" ? data.title : "",
    outcome: typeof data.outcome === "string" ? data.outcome : null,
    upheld: typeof data.upheld === "boolean" ? data.upheld : null,
  };
}

export function applicationNoticeText(t: Translate, notice: ApplicationNotice): string {
  switch (notice.topic) {
    case "application.outcome":
      return t("application.notification", { title: notice.title, outcome: outcomeText(t, notice.outcome) });
    case "challenge.reviewerAssigned":
      return t("application.notificationReviewer", { title: notice.title });
    case "challenge.objection":
      return t("application.notificationObjection", { title: notice.title });
    default:
      return t("application.notificationObjectionResolved", { title: notice.title });
  }
}
