import nodemailer from "nodemailer";
import type { PrismaClient } from "~/generated/prisma/client";
import { getTranslator } from "~/i18n/i18n";
import { defaultLocale, isLocale, type Locale } from "~/i18n/locales";
import { logger } from "~/utils/logger.server";
import { withListingTitles } from "./notifications.server";
import { defaultEmailTopics, describeNotification, isPreferenceTopic, type NotificationLike, type PreferenceTopic, preferenceTopicOf } from "./topics";

export type EmailNotification = NotificationLike & { userId: string };
export type RenderedEmail = { subject: string; text: string; html: string };

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** User content goes into email markup as inert text. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** One notification as an email in the recipient's language; the detail (user content) is escaped in the HTML part. */
export function renderEmail(locale: Locale, notification: NotificationLike, baseUrl: string): RenderedEmail {
  const t = getTranslator(locale);
  const { title, detail, link } = describeNotification(t, notification);
  const url = link ? new URL(link, baseUrl).toString() : null;
  // Subjects are one line: user content cannot add header lines.
  const subject = `[${t("app.shortName")}] ${title}`.replace(/[\r\n]+/g, " ").slice(0, 200);
  const text = [title, detail ? `\n${detail}` : "", url ? `\n${t("email.open")}: ${url}` : "", `\n\n${t("email.footer")}`].join("");
  const html = [
    `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;line-height:1.6">`,
    `<p><strong>${escapeHtml(title)}</strong></p>`,
    detail ? `<blockquote style="white-space:pre-line;border-left:3px solid #ccc;margin:0;padding-left:12px">${escapeHtml(detail)}</blockquote>` : "",
    url ? `<p><a href="${escapeHtml(url)}">${escapeHtml(t("email.open"))}</a></p>` : "",
    `<p style="color:#666;font-size:12px">${escapeHtml(t("email.footer"))}</p>`,
    "</body></html>",
  ].join("");
  return { subject, text, html };
}

/** The topics a user receives by email (the defaults when the user never chose). */
export async function emailTopicsOf(db: PrismaClient, userId: string): Promise<PreferenceTopic[]> {
  const preference = await db.notificationPreference.findUnique({ where: { userId }, select: { emailTopics: true } });
  const chosen = preference ? preference.emailTopics : [...defaultEmailTopics];
  return chosen.filter(isPreferenceTopic);
}

export type EmailDispatcher = {
  /** queues emails for committed notifications, per the recipients' preferences; never throws */
  send(notifications: readonly EmailNotification[]): void;
  /** resolves when every queued email was handed to the SMTP server (or failed and was logged) */
  flush(): Promise<void>;
  close(): void;
};

/** Sends notification emails through SMTP (SMTP_URL, e.g. smtp://user:pass@mail.example:587). */
export function createEmailDispatcher(db: PrismaClient, options: { smtpUrl: string; from: string; baseUrl: string }): EmailDispatcher {
  const transport = nodemailer.createTransport(options.smtpUrl);
  const pending = new Set<Promise<void>>();
  const deliver = async (notification: EmailNotification) => {
    const topic = preferenceTopicOf(notification.topic);
    if (!topic) return;
    const user = await db.user.findUnique({ where: { id: notification.userId }, select: { email: true, locale: true, status: true } });
    if (!user || user.status !== "ACTIVE") return;
    const wanted = await emailTopicsOf(db, notification.userId);
    if (!wanted.includes(topic)) return;
    const [titled = notification] = await withListingTitles(db, [notification]);
    const email = renderEmail(isLocale(user.locale) ? user.locale : defaultLocale, titled, options.baseUrl);
    await transport.sendMail({ from: options.from, to: user.email, subject: email.subject, text: email.text, html: email.html });
  };
  return {
    send(notifications) {
      for (const notification of notifications) {
        const job = deliver(notification)
          .catch((error: unknown) => logger.warn("notification email failed", { topic: notification.topic, error: String(error) }))
          .finally(() => pending.delete(job));
        pending.add(job);
      }
    },
    async flush() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    close() {
      transport.close();
    },
  };
}

// Kept on globalThis: the server entry and the Remix bundle are two module graphs in one process.
type Holder = { __susongEmail?: EmailDispatcher };
const holder = globalThis as Holder;

/** Registered at start-up when SMTP_URL is set; without it, email is off and the notification centre still works. */
export function setEmailDispatcher(dispatcher: EmailDispatcher | undefined): void {
  holder.__susongEmail = dispatcher;
}

export function dispatchEmails(notifications: readonly EmailNotification[]): void {
  holder.__susongEmail?.send(notifications);
}

export function emailEnabled(): boolean {
  return holder.__susongEmail !== undefined;
}
