import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { registrationPacket } from "~/domain/deals/packet.server";
import { formatDate, formatWan, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { refusal } from "~/utils/deal-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "deal.packet.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    return await registrationPacket(await getPrisma(), actor, params.id ?? "");
  } catch (error) {
    return refusal(error);
  }
}

/** 技术合同登记材料: a printable page (the browser's print dialog makes the PDF); the site chrome is hidden in print. */
export default function RegistrationPacketPage() {
  const { t, locale } = useI18n();
  const packet = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-2xl space-y-6 bg-white p-10 print:max-w-none print:p-0" data-testid="registration-packet">
      <p className="print:hidden">
        <Link to={`/deals/${packet.dealId}`} className="text-sm text-brand-700 hover:underline">
          ← {packet.reference}
        </Link>
      </p>
      <h1 className="text-center text-2xl font-semibold">{t("deal.packet.title")}</h1>
      <p className="text-sm text-slate-600">{t("deal.packet.intro")}</p>
      <table className="w-full border-collapse text-sm">
        <thead>
          <tr>
            <th className="w-1/3 border border-slate-400 bg-slate-50 px-3 py-2 text-left">{t("deal.packet.item")}</th>
            <th className="border border-slate-400 bg-slate-50 px-3 py-2 text-left">{t("deal.packet.content")}</th>
          </tr>
        </thead>
        <tbody>
          {packet.lines.map((line) => (
            <tr key={line.key} className="break-inside-avoid">
              <th scope="row" className="border border-slate-400 px-3 py-2 text-left font-normal">
                {t(line.key)}
              </th>
              <td className="border border-slate-400 px-3 py-2" data-line={line.key}>
                {"code" in line ? t(line.code) : "wan" in line ? formatWan(locale, Number(line.wan)) : "date" in line ? formatDate(locale, line.date) : line.value}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="whitespace-pre-wrap pt-10 text-sm">{t("deal.packet.signatures")}</p>
      <div className="flex gap-3 print:hidden">
        <button type="button" onClick={() => window.print()} className="rounded-md border border-slate-300 px-4 py-2 text-sm" data-testid="packet-print">
          {t("deal.packet.print")}
        </button>
        <a href={`/deals/${packet.dealId}/packet.xlsx`} className="rounded-md border border-slate-300 px-4 py-2 text-sm">
          {t("deal.packet.download")}
        </a>
      </div>
    </article>
  );
}
