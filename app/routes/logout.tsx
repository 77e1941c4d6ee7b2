import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { endSession } from "~/utils/session.server";

export async function action({ request }: ActionFunctionArgs) {
  // The body means nothing here, but it is read: answering before the client has sent it all makes
  // the server drop the connection, and the browser sees a reset instead of the redirect.
  await request.arrayBuffer();
  throw redirect("/", { headers: { "Set-Cookie": await endSession(request) } });
}

export function loader() {
  throw redirect("/");
}
