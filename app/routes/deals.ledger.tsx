import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/listing";
import { commissionLedger } from "~/domain/deals/commissions.server";
import { originKey } from "~/domain/deals/pipeline";
import { formatDate, formatWan, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageOf, refusal } from "~/utils/deal-routes.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "deal.ledger.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "read:commission");
  try {
    return await commissionLedger(await getPrisma(), actor, pageOf(request));
  } catch (error) {
    return refusal(error);
  }
}

export default function LedgerPage() {
  const { t, locale } = useI18n();
  const ledger = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <Link to="/deals" className="text-sm text-brand-700 hover:underline">
        ← {t("deals.title")}
      </Link>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{t("deal.ledger.title")}</h1>
        <a href="/deals/ledger.xlsx" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100" data-testid="ledger-export">
          {t("deal.ledger.export")}
        </a>
      </div>
      <p className="text-sm text-slate-600" data-testid="ledger-total">
        {t("deal.ledger.total", { amount: formatWan(locale, Number(ledger.totalWan)), count: ledger.total })}
      </p>
      {ledger.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6">{t("deal.ledger.empty")}</p>
      ) : (
        <table className="w-full text-sm" data-testid="ledger">
          <thead>
            <tr className="text-left text-slate-500">
              <th className="py-1">{t("deal.reference")}</th>
              <th>{t("deal.title")}</th>
              <th>{t("deal.introducedBy")}</th>
              <th>{t("deal.supplier")} → {t("deal.demand")}</th>
              <th>{t("deal.field.contractAmountWan")}</th>
              <th>{t("deal.commission")}</th>
              <th>{t("deal.ledger.splits")}</th>
            </tr>
          </thead>
          <tbody>
            {ledger.items.map((row) => (
              <tr key={row.dealId} className="border-t border-slate-100 align-top">
                <td className="py-1.5 tabular-nums">{row.reference}</td>
                <td>
                  <Link to={`/deals/${row.dealId}`} className="text-brand-700 hover:underline">
                    {row.title}
                  </Link>
                  <p className="text-xs text-slate-500">
                    {t(originKey(row.origin))} · {row.agency} · {row.contractSignedAt ? formatDate(locale, row.contractSignedAt) : ""}
                  </p>
                </td>
                <td>{row.introducer}</td>
                <td>
                  {row.supplier} → {row.demand}
                </td>
                <td className="tabular-nums">{row.contractAmountWan ? formatWan(locale, Number(row.contractAmountWan)) : ""}</td>
                <td className="tabular-nums font-medium">{formatWan(locale, Number(row.amountWan))}</td>
                <td>
                  <ul>
                    {row.splits.map((line, index) => (
                      <li key={index}>
                        {line.name || t("deal.ledger.agencyKeeps")}（{t(line.role === "introducer" ? "deal.role.introducer" : "deal.role.follower")}）{formatWan(locale, Number(line.amountWan))}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={ledger.page} pages={ledger.pages} />
    </div>
  );
}
