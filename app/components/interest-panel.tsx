import { Link, useFetcher } from "@remix-run/react";
import { formatDate, useI18n } from "~/i18n/i18n";
import { inputClass } from "./form";

export type InterestPanelState = {
  orgs: { id: string; name: string }[];
  sent: { id: string; fromOrgId: string; createdAt: string | Date; responseCode: string | null }[];
  received: number | null;
  owner: boolean;
} | null;

type ExpressReply = { ok: true; id: string; message: string } | { ok: false; fieldErrors?: Record<string, string>; formError?: string };

/** On a published listing: express interest in an organization's name, or see what was sent or received. */
export function InterestPanel({ kind, listingId, state }: { kind: "achievement" | "need"; listingId: string; state: InterestPanelState }) {
  const { t, locale } = useI18n();
  const fetcher = useFetcher<ExpressReply>();
  if (!state) return null;
  const reply = fetcher.data;
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-6" data-testid="interest-panel">
      <h2 className="text-lg font-semibold">{t("interest.panel.title")}</h2>
      {state.owner && state.received !== null ? (
        <p className="text-sm">
          <Link to="/interests?box=received" className="text-brand-800 hover:underline">
            {t("interest.panel.received", { count: state.received })}
          </Link>
        </p>
      ) : null}
      {state.sent.map((s) => (
        <p key={s.id} className="text-sm text-slate-700">
          <Link to={`/interests/${s.id}`} className="text-brand-800 hover:underline">
            {t("interest.panel.sent", { date: formatDate(locale, s.createdAt) })}
          </Link>
        </p>
      ))}
      {reply?.ok ? (
        <p role="status" className="text-sm text-green-800">
          <Link to={`/interests/${reply.id}`} className="hover:underline">
            {reply.message}
          </Link>
        </p>
      ) : state.orgs.length > 0 ? (
        <fetcher.Form method="post" action="/interests/express" className="space-y-2">
          <p className="text-xs text-slate-500">{t("interest.panel.hint")}</p>
          <input type="hidden" name="listingKind" value={kind} />
          <input type="hidden" name="listingId" value={listingId} />
          {state.orgs.length > 1 ? (
            <label className="block text-sm">
              {t("interest.panel.org")}
              <select name="orgId" className={inputClass}>
                {state.orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <input type="hidden" name="orgId" value={state.orgs[0]?.id} />
          )}
          <label htmlFor="interest-message" className="block text-sm font-medium">
            {t("interest.panel.message")}
          </label>
          <textarea id="interest-message" name="message" rows={3} maxLength={2000} required className={inputClass} aria-invalid={reply?.ok === false && reply.fieldErrors?.message ? true : undefined} />
          {reply && !reply.ok ? (
            <p role="alert" className="text-sm text-red-700">
              {reply.fieldErrors?.message ?? reply.formError}
            </p>
          ) : null}
          <button className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700" data-testid="express-interest">
            {t("interest.panel.submit")}
          </button>
        </fetcher.Form>
      ) : !state.owner && state.sent.length === 0 ? (
        <p className="text-sm text-slate-500">{t("interest.panel.verifiedOnly")}</p>
      ) : null}
    </section>
  );
}

/** A waiting time as minutes, hours or days, in the reader's language. */
export function useDuration() {
  const { t } = useI18n();
  return (ms: number) => {
    const minutes = Math.max(0, Math.round(ms / 60_000));
    if (minutes < 60) return t("duration.minutes", { n: minutes });
    const hours = Math.round(minutes / 60);
    if (hours < 48) return t("duration.hours", { n: hours });
    return t("duration.days", { n: Math.round(hours / 24) });
  };
}
