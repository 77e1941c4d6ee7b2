import type { LoaderFunctionArgs } from "@remix-run/node";
import { registrationPacketXlsx } from "~/domain/deals/packet.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { refusal, xlsxResponse } from "~/utils/deal-routes.server";
import { requireActor } from "~/utils/session.server";

/** The registration packet (技术合同登记材料) of a deal as .xlsx. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    const { reference, body } = await registrationPacketXlsx(await getPrisma(), actor, params.id ?? "", getRequestTranslator(request).t);
    return xlsxResponse(body, `${reference}-registration.xlsx`);
  } catch (error) {
    return refusal(error);
  }
}
