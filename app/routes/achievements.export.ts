import type { LoaderFunctionArgs } from "@remix-run/node";
import { filtersFromSearchParams } from "~/domain/listings/browse";
import { exportAchievements } from "~/domain/listings/export.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";

/** The browse page's filtered list as .xlsx (published listings, public fields only). */
export async function loader({ request }: LoaderFunctionArgs) {
  const filters = filtersFromSearchParams(new URL(request.url).searchParams);
  const body = await exportAchievements(await getPrisma(), filters, getRequestTranslator(request).t);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": 'attachment; filename="achievements.xlsx"',
      "Cache-Control": "no-store",
    },
  });
}
