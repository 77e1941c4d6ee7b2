import { Link } from "@remix-run/react";
import type { ApplicationLinks } from "~/domain/challenges/applications";
import { useI18n } from "~/i18n/i18n";

/** The 揭榜申报 pages reachable from a challenge page, as this viewer may use them. */
export function ChallengeApplicationLinks({ id, links }: { id: string; links: ApplicationLinks }) {
  const { t } = useI18n();
  const items = [
    links.apply ? { to: `/challenges/${id}/apply`, label: t("application.apply"), primary: true } : null,
    links.board ? { to: `/challenges/${id}/applications`, label: t("application.boardLink"), primary: false } : null,
    links.award ? { to: `/challenges/${id}/award`, label: t("application.awardLink"), primary: false } : null,
    links.taskBook ? { to: `/challenges/${id}/taskbook`, label: t("application.taskBookLink"), primary: false } : null,
    links.milestones ? { to: `/challenges/${id}/milestones`, label: t("application.milestonesLink"), primary: false } : null,
    links.room ? { to: links.room.to, label: t(links.room.open ? "application.openRoomLink" : "application.roomLink"), primary: false } : null,
  ].filter((item) => item !== null);
  if (items.length === 0) {
    return links.applyClosed ? (
      <p className="text-sm text-slate-600" data-testid="application-window-closed">
        {t("application.windowClosed")}
      </p>
    ) : null;
  }
  return (
    <nav className="flex flex-wrap gap-2" data-testid="application-links">
      {items.map((item) => (
        <Link
          key={item.to}
          to={item.to}
          className={item.primary ? "rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700" : "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"}
        >
          {item.label}
        </Link>
      ))}
    </nav>
  );
}
