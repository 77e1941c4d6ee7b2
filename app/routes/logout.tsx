import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { endSession } from "~/utils/session.server";

export async function action({ request }: ActionFunctionArgs) {
  throw redirect("/", { headers: { "Set-Cookie": await endSession(request) } });
}

export function loader() {
  throw redirect("/");
}
