import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadableLog } from "~/domain/bidding/rooms.server";
import { DomainError } from "~/domain/errors";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { requireActor } from "~/utils/session.server";

/** GET /rooms/:id/log — the closed room's hash-chained bid log as a JSON download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  try {
    const log = await downloadableLog(await getPrisma(), actor, params.id ?? "");
    return new Response(JSON.stringify(log, null, 2), {
      headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="bid-log-${log.roomId}.json"` },
    });
  } catch (error) {
    if (error instanceof DomainError) {
      return new Response(JSON.stringify({ type: "about:blank", title: t(error.messageKey), status: error.status }), {
        status: error.status,
        headers: { "Content-Type": "application/problem+json; charset=utf-8" },
      });
    }
    throw error;
  }
}
