import type { LoaderFunctionArgs } from "@remix-run/node";
import { PdfUnavailableError, quarterlyReportHtml, quarterlyReportPdf } from "~/domain/reports/quarterly-report.server";
import { loadReport } from "~/utils/bureau-report.server";
import { logger } from "~/utils/logger.server";

/** The quarterly report as PDF, printed by headless Chromium; a clear 503 message when the server has none. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { dashboard, t, locale, generatedAt, fileName } = await loadReport(request);
  try {
    const pdf = await quarterlyReportPdf(quarterlyReportHtml(dashboard, t, locale, generatedAt));
    return new Response(new Uint8Array(pdf), {
      headers: { "Content-Type": "application/pdf", "Content-Disposition": `attachment; filename="${fileName}.pdf"`, "Cache-Control": "no-store" },
    });
  } catch (error) {
    if (!(error instanceof PdfUnavailableError)) throw error;
    logger.warn("report pdf unavailable", { reason: error.message });
    return new Response(t("bureau.pdfUnavailable"), { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
}
