import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiCreate, apiHandler, apiList, problem } from "~/utils/api.server";

export const loader = ({ request }: LoaderFunctionArgs) => apiHandler(request, () => apiList(request, "achievement"));

export const action = ({ request }: ActionFunctionArgs) =>
  apiHandler(request, async () => (request.method === "POST" ? apiCreate(request, "achievement") : problem(405, "Method Not Allowed")));
