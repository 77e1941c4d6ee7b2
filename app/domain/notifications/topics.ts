import { applicationNotice, applicationNoticeText } from "~/components/application-labels";
import { isMessageKey, type Translate } from "~/i18n/i18n";

/**
 * Notification topics as a user chooses them on the preferences page. Every notification is in the
 * notification centre; the topics a user ticks also go by email. A stored notification's own topic
 * (e.g. "achievement.publish", "match.new") maps onto one of these.
 */
export const preferenceTopics = ["review", "match", "application", "outbid", "roomOpening", "dealStalled", "deal", "message", "interest"] as const;
export type PreferenceTopic = (typeof preferenceTopics)[number];

/** Emailed when a user has not chosen: the rare, consequential ones. */
export const defaultEmailTopics: readonly PreferenceTopic[] = ["review", "application", "dealStalled", "interest"];

export function isPreferenceTopic(value: string): value is PreferenceTopic {
  return (preferenceTopics as readonly string[]).includes(value);
}

/** Topic names written by this module's callers; other modules may use their own `<entity>.<event>` names. */
export const topics = {
  interestReceived: "interest.received",
  interestAnswered: "interest.answered",
  messageNew: "message.new",
  roomOutbid: "room.outbid",
  roomOpeningSoon: "room.openingSoon",
  dealStage: "deal.stage",
  dealStalled: "deal.stalled",
} as const;

export function preferenceTopicOf(topic: string): PreferenceTopic | null {
  const [entity = "", event = ""] = topic.split(".");
  if (entity === "achievement" || entity === "need" || entity === "challenge") return "review";
  if (topic === "match.new") return "match";
  if (entity === "application") return "application";
  if (topic === topics.roomOutbid) return "outbid";
  if (topic === topics.roomOpeningSoon) return "roomOpening";
  if (entity === "deal") return event === "stalled" ? "dealStalled" : "deal";
  if (entity === "message") return "message";
  if (entity === "interest") return "interest";
  return null;
}

export type NotificationLike = { topic: string; entityType?: string | null; entityId?: string | null; data: unknown; link?: string | null };
export type NotificationText = { title: string; detail: string | null; link: string | null };

const record = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const text = (value: unknown): string | null => (typeof value === "string" && value.trim() !== "" ? value : typeof value === "number" ? String(value) : null);

function translated(t: Translate, key: string, fallback: string): string {
  // Notification data comes from the database: its codes are checked against the catalog at run time.
  return isMessageKey(key) ? t(key) : fallback;
}

/**
 * A notification in the reader's language: one line, an optional detail (user content, shown as
 * text and never as markup) and where it leads. Used by the notification centre and the email.
 */
export function describeNotification(t: Translate, n: NotificationLike): NotificationText {
  const data = record(n.data);
  const entityLink = n.entityType && n.entityId ? entityPath(n.entityType, n.entityId) : null;
  const link = n.link ?? text(data.link) ?? entityLink;
  const title = text(data.title) ?? text(data.listingTitle) ?? "";
  const application = applicationNotice({ topic: n.topic, entityId: n.entityId ?? null, link: n.link ?? null, data: n.data });
  if (application) return { title: applicationNoticeText(t, application), detail: text(data.note) ?? text(data.reason), link: application.link };
  switch (n.topic) {
    case "match.new":
      return { title: t("notifications.matchNew", { title: text(data.candidateTitle) ?? "", score: Math.round(Number(data.score ?? 0) * 100) }), detail: null, link };
    case topics.interestReceived:
      return { title: t("notify.interestReceived", { org: text(data.fromOrgName) ?? "", title }), detail: text(data.message), link };
    case topics.interestAnswered:
      return {
        title: t("notify.interestAnswered", { org: text(data.toOrgName) ?? "", title, code: translated(t, `response.code.${text(data.code) ?? ""}`, text(data.code) ?? "") }),
        detail: text(data.note),
        link,
      };
    case topics.messageNew:
      return { title: t("notify.messageNew", { sender: text(data.senderName) ?? "", title }), detail: text(data.excerpt), link };
    case topics.roomOutbid:
      return { title: t("notify.outbid", { title, price: text(data.price) ?? "" }), detail: null, link };
    case topics.roomOpeningSoon:
      return { title: t("notify.roomOpeningSoon", { title, minutes: text(data.minutes) ?? "" }), detail: null, link };
    case topics.dealStage:
      return { title: t("notify.dealStage", { title, stage: translated(t, `deal.stage.${text(data.stage) ?? ""}`, text(data.stage) ?? "") }), detail: text(data.reference), link };
    case topics.dealStalled:
      return { title: t("notify.dealStalled", { title, days: text(data.days) ?? "" }), detail: null, link };
    default: {
      const from = text(data.from);
      const to = text(data.to);
      const status = (value: string) => translated(t, `status.${value}`, value);
      if (to) {
        const change = `${from ? `${status(from)} → ` : ""}${status(to)}`;
        return { title: title ? t("notifications.transition", { title, from: from ? status(from) : "", to: status(to) }) : change, detail: text(data.reason), link };
      }
      return { title: text(data.summary) ?? (title || n.topic), detail: text(data.reason) ?? text(data.note), link };
    }
  }
}

export function entityPath(entityType: string, entityId: string): string | null {
  const base: Record<string, string> = { achievement: "achievements", need: "needs", challenge: "challenges", interest: "interests", deal: "deals", conversation: "conversations", room: "rooms" };
  const prefix = base[entityType];
  return prefix ? `/${prefix}/${entityId}` : null;
}
