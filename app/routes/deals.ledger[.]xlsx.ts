import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportLedger } from "~/domain/deals/commissions.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { refusal, xlsxResponse } from "~/utils/deal-routes.server";
import { requirePermission } from "~/utils/session.server";

/** The attribution and commission ledger as .xlsx, one row per split line. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "export:commission");
  try {
    return xlsxResponse(await exportLedger(await getPrisma(), actor, getRequestTranslator(request).t), "commission-ledger.xlsx");
  } catch (error) {
    return refusal(error);
  }
}
