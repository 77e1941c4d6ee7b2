import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/components/listing";
import { can } from "~/domain/accounts/permissions";
import { listRooms } from "~/domain/bidding/rooms.server";
import { pageFromUrl } from "~/domain/listings/validation";
import { formatDateTime, formatNumber, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { getActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "rooms.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const page = await listRooms(await getPrisma(), pageFromUrl(new URL(request.url)));
  return { ...page, canCreate: actor !== null && can(actor.memberships, "create:room") };
}

export default function RoomsPage() {
  const { t, locale } = useI18n();
  const { items, page, pages, canCreate } = useLoaderData<typeof loader>();
  return (
    <div>
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">{t("rooms.title")}</h1>
          <p className="mt-1 text-slate-600">{t("rooms.intro")}</p>
        </div>
        {canCreate ? (
          <Link to="/rooms/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            {t("rooms.new")}
          </Link>
        ) : null}
      </header>
      {items.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">{t("rooms.empty")}</p>
      ) : (
        <ul className="mt-6 space-y-3">
          {items.map((room) => (
            <li key={room.id} className="flex flex-wrap items-center justify-between gap-2 rounded-lg border border-slate-200 bg-white p-4">
              <Link to={`/rooms/${room.id}`} className="font-semibold text-brand-900 hover:underline">
                {room.title}
              </Link>
              <span className="flex gap-4 text-sm text-slate-600">
                <span>{t(`rooms.status.${room.status}`)}</span>
                <span>
                  {t("rooms.closesAt")} {formatDateTime(locale, room.closesAt)}
                </span>
                {room.price !== null ? <span>¥{formatNumber(locale, room.price)}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </div>
  );
}
