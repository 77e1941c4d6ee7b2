import type { LoaderFunctionArgs } from "@remix-run/node";
import { openApiDocument } from "~/domain/api/openapi";

export function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return Response.json(openApiDocument(url.origin));
}
