import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { can } from "~/domain/accounts/permissions";
import { managedAgencies } from "~/domain/deals/commissions.server";
import { useI18n } from "~/i18n/i18n";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "broker.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { tabs: { queue: can(actor.memberships, "review:listing"), matches: can(actor.memberships, "create:deal"), rules: managedAgencies(actor).length > 0 } };
}

/** The broker workspace: review queue, match board and the agency's commission rules, one tab each. */
export default function BrokerLayout() {
  const { t } = useI18n();
  const { tabs } = useLoaderData<typeof loader>();
  const tab = ({ isActive }: { isActive: boolean }) => `rounded-md px-3 py-1.5 text-sm ${isActive ? "bg-brand-700 text-white" : "border border-slate-300 bg-white text-slate-700 hover:bg-slate-100"}`;
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("broker.title")}</h1>
      <nav aria-label={t("broker.title")} className="flex flex-wrap gap-2">
        {tabs.queue ? (
          <NavLink to="/broker" end className={tab}>
            {t("broker.queue")}
          </NavLink>
        ) : null}
        {tabs.matches ? (
          <NavLink to="/broker/matches" className={tab}>
            {t("broker.board")}
          </NavLink>
        ) : null}
        <NavLink to="/deals" className={tab}>
          {t("deals.title")}
        </NavLink>
        {tabs.rules ? (
          <NavLink to="/broker/rules" className={tab}>
            {t("deal.rules.title")}
          </NavLink>
        ) : null}
      </nav>
      <Outlet />
    </div>
  );
}
