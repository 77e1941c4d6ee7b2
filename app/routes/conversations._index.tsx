import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/listing";
import { listConversations } from "~/domain/messaging/conversations.server";
import { formatDateTime, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "conversation.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1") || 1;
  return listConversations(await getPrisma(), actor, page);
}

export default function Conversations() {
  const { t, locale } = useI18n();
  const { items, page, pages } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("conversation.title")}</h1>
      {items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6">{t("conversation.empty")}</p>
      ) : (
        <ul className="space-y-2" data-testid="conversations">
          {items.map((c) => (
            <li key={c.id} className="flex items-center justify-between rounded-lg border border-slate-200 bg-white p-3 text-sm">
              <Link to={`/conversations/${c.id}`} className="text-brand-800 hover:underline">
                {t(c.subjectKind === "deal" ? "conversation.about.deal" : "conversation.about.interest", { title: c.title })}
              </Link>
              <span className="flex items-center gap-3 text-xs text-slate-500">
                {c.lastMessageAt ? formatDateTime(locale, c.lastMessageAt) : null}
                {c.unread > 0 ? (
                  <span className="rounded-full bg-brand-600 px-2 py-0.5 text-white" data-testid="unread">
                    {t("conversation.unread", { count: c.unread })}
                  </span>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      {pages > 1 ? <Pagination page={page} pages={pages} /> : null}
    </div>
  );
}
