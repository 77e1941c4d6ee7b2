import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { dealConfirmation } from "~/domain/bidding/rooms.server";
import { DomainError } from "~/domain/errors";
import { formatDateTime, formatNumber, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "rooms.confirmation");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  try {
    return await dealConfirmation(await getPrisma(), actor, params.id ?? "");
  } catch (error) {
    if (error instanceof DomainError) throw new Response(t(error.messageKey), { status: error.status });
    throw error;
  }
}

/** 成交确认书: a printable page (the browser's print dialog makes the PDF). */
export default function ConfirmationPage() {
  const { t, locale } = useI18n();
  const deal = useLoaderData<typeof loader>();
  return (
    <article className="mx-auto max-w-2xl space-y-6 bg-white p-10 print:p-0" data-testid="deal-confirmation">
      <h1 className="text-center text-2xl font-bold">{t("rooms.confirmation")}</h1>
      <p className="text-center text-lg">{deal.title}</p>
      <p className="leading-7">{t("rooms.confirmationBody")}</p>
      <dl className="grid grid-cols-3 gap-y-3 border-y border-slate-300 py-4">
        <dt className="text-slate-600">{t("rooms.seller")}</dt>
        <dd className="col-span-2">{deal.seller}</dd>
        <dt className="text-slate-600">{t("rooms.buyer")}</dt>
        <dd className="col-span-2" data-testid="deal-buyer">
          {deal.buyer}
        </dd>
        <dt className="text-slate-600">{t("rooms.dealPrice")}</dt>
        <dd className="col-span-2" data-testid="deal-price">
          {`¥${formatNumber(locale, deal.price)}`}
        </dd>
        <dt className="text-slate-600">{t("rooms.closedAt")}</dt>
        <dd className="col-span-2">{formatDateTime(locale, deal.closedAt)}</dd>
        <dt className="text-slate-600">{t("rooms.logReference", { seq: deal.closingSeq })}</dt>
        <dd className="col-span-2 break-all font-mono text-xs">{deal.closingHash}</dd>
      </dl>
      <p className="whitespace-pre pt-10 text-sm">{t("rooms.signatures")}</p>
      <button type="button" onClick={() => window.print()} className="rounded-md border border-slate-300 px-4 py-2 text-sm print:hidden">
        {t("rooms.print")}
      </button>
    </article>
  );
}
