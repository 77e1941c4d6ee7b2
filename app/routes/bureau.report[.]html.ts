import type { LoaderFunctionArgs } from "@remix-run/node";
import { quarterlyReportHtml } from "~/domain/reports/quarterly-report.server";
import { loadReport } from "~/utils/bureau-report.server";

/** The printable quarterly report: one self-contained page with print CSS and the SVG charts. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { dashboard, t, locale, generatedAt } = await loadReport(request);
  return new Response(quarterlyReportHtml(dashboard, t, locale, generatedAt), {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'" },
  });
}
