import type { LoaderFunctionArgs } from "@remix-run/node";
import { importProgress } from "~/domain/listings/import/import.server";
import { requireActor } from "~/utils/session.server";

/** Polled by the import page while a commit runs (the same figures are pushed live as `import.progress`). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireActor(request);
  const progress = importProgress(params.batchId ?? "");
  if (!progress) throw new Response("Not found", { status: 404 });
  return Response.json(progress, { headers: { "Cache-Control": "no-store" } });
}
