import type { LoaderFunctionArgs } from "@remix-run/node";
import { filtersFromSearchParams } from "~/domain/listings/browse";
import { exportNeeds } from "~/domain/listings/export.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";

/** The browse page's filtered list as .xlsx (published listings, public fields only). */
export async function loader({ request }: LoaderFunctionArgs) {
  const filters = filtersFromSearchParams(new URL(request.url).searchParams);
  const body = await exportNeeds(await getPrisma(), filters, getRequestTranslator(request).t);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": 'attachment; filename="needs.xlsx"',
      "Cache-Control": "no-store",
    },
  });
}
