import { dashboardFigures } from "~/domain/reports/figures.server";
import { filtersFromSearchParams } from "~/domain/reports/report-filters";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "./db.server";
import { requirePermission } from "./session.server";

/** What every form of the quarterly report needs: the permission check, the figures, the reader's language. */
export async function loadReport(request: Request) {
  await requirePermission(request, "read:report");
  const filters = filtersFromSearchParams(new URL(request.url).searchParams);
  const { t, locale } = getRequestTranslator(request);
  const dashboard = await dashboardFigures(await getPrisma(), filters);
  return { dashboard, t, locale, generatedAt: new Date(), fileName: `susong-report-${dashboard.period.label}` };
}
