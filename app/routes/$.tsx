import type { MetaFunction } from "@remix-run/node";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "error.notFound.title");

// Every unknown URL lands here and is answered by the root error boundary as a styled 404 in the user's language.
export function loader() {
  throw new Response("Not found", { status: 404, statusText: "Not Found" });
}

export default function NotFound() {
  return null;
}
