import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiGet, apiHandler, apiUpdate, problem } from "~/utils/api.server";

export const loader = ({ request, params }: LoaderFunctionArgs) => apiHandler(request, () => apiGet(request, "need", params.ref ?? ""));

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => (request.method === "PATCH" ? apiUpdate(request, "need", params.ref ?? "") : problem(405, "Method Not Allowed")));
