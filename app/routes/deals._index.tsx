import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { DealStageBadge } from "~/components/deal-stage";
import { inputClass } from "~/components/form";
import { OrgName, Pagination } from "~/components/listing";
import { can } from "~/domain/accounts/permissions";
import { managedAgencies } from "~/domain/deals/commissions.server";
import { dealBoard, type DealListItem, listDeals } from "~/domain/deals/deals.server";
import { DEAL_STAGES, type DealStageName } from "~/domain/deals/pipeline";
import { formatDate, formatWan, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageOf } from "~/utils/deal-routes.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "deals.title");

const isStage = (value: string | null): value is DealStageName => value !== null && (DEAL_STAGES as readonly string[]).includes(value);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:deal");
  const url = new URL(request.url);
  const view = url.searchParams.get("view") === "list" ? "list" : "board";
  const stageParam = url.searchParams.get("stage");
  const stage = isStage(stageParam) ? stageParam : null;
  const db = await getPrisma();
  const links = { ledger: can(actor.memberships, "read:commission"), rules: managedAgencies(actor).length > 0 };
  if (view === "list") return { view, stage, links, list: await listDeals(db, actor, { page: pageOf(request), stage }), board: null };
  return { view, stage, links, list: null, board: await dealBoard(db, actor) };
}

export default function DealsPage() {
  const { t } = useI18n();
  const { view, stage, links, list, board } = useLoaderData<typeof loader>();
  const tab = (active: boolean) => `rounded-md px-3 py-1.5 text-sm ${active ? "bg-brand-700 text-white" : "border border-slate-300 bg-white text-slate-700 hover:bg-slate-100"}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("deals.title")}</h1>
        <div className="flex flex-wrap gap-2">
          <Link to="/deals" className={tab(view === "board")} data-testid="deals-board-tab">
            {t("deals.board")}
          </Link>
          <Link to="/deals?view=list" className={tab(view === "list")} data-testid="deals-list-tab">
            {t("deals.list")}
          </Link>
          {links.ledger ? (
            <Link to="/deals/ledger" className={tab(false)}>
              {t("deals.ledger")}
            </Link>
          ) : null}
          {links.rules ? (
            <Link to="/broker/rules" className={tab(false)}>
              {t("deals.rules")}
            </Link>
          ) : null}
        </div>
      </div>
      {board ? (
        <div className="flex gap-3 overflow-x-auto pb-2" data-testid="deal-board">
          {board.map((column) => (
            <section key={column.stage} className="w-60 shrink-0 rounded-lg bg-slate-100 p-2" aria-label={t(`deal.stage.${column.stage}`)} data-column={column.stage}>
              <h2 className="mb-2 flex items-center justify-between px-1 text-sm font-semibold">
                <span>{t(`deal.stage.${column.stage}`)}</span>
                <span className="rounded-full bg-white px-2 text-xs tabular-nums">{column.count}</span>
              </h2>
              <ul className="space-y-2">
                {column.items.map((deal) => (
                  <DealCard key={deal.id} deal={deal} />
                ))}
              </ul>
              {column.count > column.items.length ? (
                <Link to={`/deals?view=list&stage=${column.stage}`} className="mt-2 block px-1 text-xs text-brand-700 hover:underline">
                  {t("deals.more", { count: column.count - column.items.length })}
                </Link>
              ) : null}
            </section>
          ))}
        </div>
      ) : null}
      {list ? (
        <>
          <Form method="get" className="flex items-end gap-2">
            <input type="hidden" name="view" value="list" />
            <label className="text-sm">
              {t("deal.stage")}
              <select name="stage" defaultValue={stage ?? ""} className={inputClass}>
                <option value="">{t("deals.allStages")}</option>
                {DEAL_STAGES.map((s) => (
                  <option key={s} value={s}>
                    {t(`deal.stage.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              {t("deals.filter")}
            </button>
          </Form>
          {list.items.length === 0 ? (
            <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6">{t("deals.empty")}</p>
          ) : (
            <DealTable items={list.items} />
          )}
          <Pagination page={list.page} pages={list.pages} />
        </>
      ) : null}
    </div>
  );
}

function DealCard({ deal }: { deal: DealListItem }) {
  const { t, locale } = useI18n();
  return (
    <li className="rounded-md border border-slate-200 bg-white p-2 text-sm shadow-sm" data-testid="deal-card">
      <Link to={`/deals/${deal.id}`} className="font-medium text-brand-800 hover:underline">
        {deal.title}
      </Link>
      <p className="mt-1 text-xs text-slate-500">
        {deal.reference} · {formatDate(locale, deal.stageChangedAt)}
      </p>
      {deal.contractAmountWan !== null ? <p className="text-xs text-slate-700">{formatWan(locale, deal.contractAmountWan)}</p> : null}
      {deal.brokerName ? <p className="text-xs text-slate-500">{t("deal.broker")}：{deal.brokerName}</p> : null}
    </li>
  );
}

function DealTable({ items }: { items: DealListItem[] }) {
  const { t, locale } = useI18n();
  return (
    <table className="w-full text-sm" data-testid="deal-list">
      <thead>
        <tr className="text-left text-slate-500">
          <th className="py-1">{t("deal.reference")}</th>
          <th>{t("deal.title")}</th>
          <th>{t("deal.supplier")}</th>
          <th>{t("deal.demand")}</th>
          <th>{t("deal.stage")}</th>
          <th>{t("deal.stageChangedAt")}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((deal) => (
          <tr key={deal.id} className="border-t border-slate-100">
            <td className="py-1.5 tabular-nums">{deal.reference}</td>
            <td>
              <Link to={`/deals/${deal.id}`} className="text-brand-700 hover:underline">
                {deal.title}
              </Link>
            </td>
            <td>{deal.supplier ? <OrgName org={{ ...deal.supplier, isDemo: false }} /> : null}</td>
            <td>{deal.demand ? <OrgName org={{ ...deal.demand, isDemo: false }} /> : null}</td>
            <td>
              <DealStageBadge stage={deal.stage} />
            </td>
            <td>{formatDate(locale, deal.stageChangedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
