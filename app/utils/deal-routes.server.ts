import { DomainError } from "~/domain/errors";

/** A domain refusal in a loader becomes its HTTP status (the error boundary shows it); anything else is re-thrown. */
export function refusal(error: unknown): never {
  if (error instanceof DomainError) {
    const status = error.status === 404 ? 404 : error.status === 403 ? 403 : error.status;
    throw new Response(status === 404 ? "Not found" : status === 403 ? "Forbidden" : error.messageKey, { status });
  }
  throw error;
}

/** The `page` query parameter, 1 when absent or not a positive whole number. */
export function pageOf(request: Request): number {
  const value = Number(new URL(request.url).searchParams.get("page") ?? "1");
  return Number.isInteger(value) && value > 0 && value < 100_000 ? value : 1;
}

export function xlsxResponse(body: Buffer, fileName: string): Response {
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
}
