import type { ActionFunctionArgs } from "@remix-run/node";
import { apiHandler, apiTransition, problem } from "~/utils/api.server";

export const action = ({ request, params }: ActionFunctionArgs) =>
  apiHandler(request, async () => (request.method === "POST" ? apiTransition(request, "need", params.ref ?? "") : problem(405, "Method Not Allowed")));
