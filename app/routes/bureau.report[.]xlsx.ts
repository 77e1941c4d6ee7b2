import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadReport } from "~/utils/bureau-report.server";
import { quarterlyWorkbook } from "~/domain/reports/quarterly-report.server";

/** The quarterly report as an .xlsx workbook (cover sheet + one sheet per table). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { dashboard, t, locale, generatedAt, fileName } = await loadReport(request);
  const body = await quarterlyWorkbook(dashboard, t, locale, generatedAt);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${fileName}.xlsx"`,
      "Cache-Control": "no-store",
    },
  });
}
