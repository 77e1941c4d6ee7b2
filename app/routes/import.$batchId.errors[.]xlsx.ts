import type { LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { errorRowsWorkbook } from "~/domain/listings/import/import.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getEnv } from "~/utils/env.server";
import { requireActor } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const manual: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) if (key.startsWith("map.")) manual[key.slice(4)] = value;
  try {
    const body = await errorRowsWorkbook(actor, { uploadsDir: getEnv().uploadsDir, batchId: params.batchId ?? "", manual }, t);
    return new Response(new Uint8Array(body), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename="errors-${params.batchId}.xlsx"`,
      },
    });
  } catch (error) {
    if (error instanceof DomainError) throw new Response("Not found", { status: 404 });
    throw error;
  }
}
