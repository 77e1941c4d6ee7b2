import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import {
  decideParticipant,
  getRoomPage,
  registerForRoom,
} from "~/domain/bidding/rooms.server";
import { formatDateTime, formatNumber, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { useCountdown, useRoom } from "~/realtime/use-room";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, formFailure, parseForm } from "~/utils/forms.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { getActor, requireActor } from "~/utils/session.server";
import { inputClass } from "~/components/form";
import { ChallengeLive, NegotiationPanel } from "~/components/bid-rooms";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, "rooms.title", data?.room.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const page = await getRoomPage(await getPrisma(), actor, params.id ?? "");
  if (!page) throw notFound();
  return { ...page, signedIn: actor !== null };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("register") }),
  z.object({
    intent: z.literal("decide"),
    participantId: z.string().min(1).max(64),
    decision: z.enum(["approve", "reject"]),
  }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const parsed = parseForm(actionSchema, await request.formData(), t);
  if (!parsed.ok) return formFailure(parsed);
  const db = await getPrisma();
  const roomId = params.id ?? "";
  try {
    if (parsed.data.intent === "register") {
      const page = await getRoomPage(db, actor, roomId);
      if (!page?.registerOrgId)
        throw new Response("Forbidden", { status: 403 });
      await registerForRoom(db, actor, roomId, page.registerOrgId);
    } else {
      await decideParticipant(
        db,
        actor,
        roomId,
        parsed.data.participantId,
        parsed.data.decision === "approve",
        parsed.data.decision === "approve"
      );
    }
    return { ok: true as const };
  } catch (error) {
    if (error instanceof Response) throw error;
    return domainFailure(error, t);
  }
}

function formatSeconds(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h > 0 ? `${h}:` : ""}${String(m).padStart(2, "0")}:${String(
    s
  ).padStart(2, "0")}`;
}

function LiveRoom({
  roomId,
  canBid,
  moderator,
  host,
  myOrganization,
}: {
  roomId: string;
  canBid: boolean;
  moderator: boolean;
  host: boolean;
  myOrganization: string | null;
}) {
  const { t, locale } = useI18n();
  const { view, you, connection, offset, send } = useRoom(roomId);
  const left = useCountdown(view?.closesAt ?? null, offset);
  const negotiationLeft = useCountdown(
    view?.kind === "auction" && view.negotiation
      ? view.negotiation.endsAt
      : null,
    offset
  );
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(
    null
  );
  const money = (value: number) => `¥${formatNumber(locale, value)}`;

  const submit = async (command: Parameters<typeof send>[0]) => {
    try {
      const ack = await send(command);
      if (!ack.ok) return setMessage({ text: ack.error, ok: false });
      if (!ack.outcome.ok)
        return setMessage({
          text: ack.message ?? t("room.invalidCommand"),
          ok: false,
        });
      if (command.type === "offer")
        return setMessage({
          text:
            ack.outcome.status === "leading"
              ? t("challengeRoom.leading")
              : t("challengeRoom.accepted"),
          ok: true,
        });
      setMessage({
        text:
          ack.outcome.status === "outbid"
            ? t("rooms.outbid")
            : t("rooms.accepted"),
        ok: ack.outcome.status !== "outbid",
      });
    } catch {
      setMessage({ text: t("rooms.reconnecting"), ok: false });
    }
  };
  const amountFrom = (form: HTMLFormElement, name: string) =>
    Number(new FormData(form).get(name));

  if (!view)
    return (
      <p className="rounded-md bg-slate-100 p-4 text-slate-600">
        {t("rooms.connecting")}
      </p>
    );
  const auction = view.kind === "auction" ? view : null;
  const clock = view.status === "closed" ? t("rooms.status.CLOSED") : left === null ? "—" : formatSeconds(left);
  const notice = message ? (
    <p role={message.ok ? "status" : "alert"} className={`rounded-md p-3 text-sm ${message.ok ? "bg-emerald-50 text-emerald-900" : "bg-red-50 text-red-800"}`} data-testid="room-message">
      {message.text}
    </p>
  ) : null;
  return (
    <div className="space-y-6">
      {connection !== "live" ? (
        <p
          role="status"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900"
        >
          {t("rooms.reconnecting")}
        </p>
      ) : null}
      {view.kind === "challenge" ? (
        <>
          <p className="text-sm text-slate-600">
            {t("rooms.countdown")}:{" "}
            <span
              className="font-semibold tabular-nums"
              data-testid="room-countdown"
            >
              {clock}
            </span>
          </p>
          {notice}
          <ChallengeLive
            view={view}
            canBid={canBid}
            moderator={moderator || host}
            myOrganization={myOrganization}
            submit={submit}
          />
        </>
      ) : null}
      {auction ? (
        <>
          <div className="grid gap-4 sm:grid-cols-3">
            <div className="rounded-lg border border-slate-200 bg-white p-4">
              <p className="text-sm text-slate-500">
                {t("rooms.currentPrice")}
              </p>
              <p
                className="text-2xl font-semibold text-brand-700"
                data-testid="room-price"
              >
                {auction.price === null
                  ? t("rooms.noBids")
                  : money(auction.price)}
              </p>
              {auction.leader ? (
                <p className="text-sm text-slate-600" data-testid="room-leader">
                  {auction.leader === you
                    ? t("rooms.youLead")
                    : `${t("rooms.leader")}: ${auction.leader}`}
                </p>
              ) : null}
            </div>
            <div className="rounded-lg border border-slate-200 bg-white p-4">
              <p className="text-sm text-slate-500">{t("rooms.countdown")}</p>
              <p
                className="text-2xl font-semibold tabular-nums"
                data-testid="room-countdown"
                aria-live="off"
              >
                {clock}
              </p>
              <p
                className="text-sm text-slate-600"
                data-testid="room-extensions"
              >
                {t("rooms.extensions", { count: auction.extensions })}
              </p>
            </div>
            <div className="rounded-lg border border-slate-200 bg-white p-4">
              <p className="text-sm text-slate-500">{t("rooms.minimumNext")}</p>
              <p className="text-2xl font-semibold">
                {money(auction.minimumNextBid)}
              </p>
              {auction.reserveMet !== null ? (
                <p className="text-sm text-slate-600">
                  {auction.reserveMet
                    ? t("rooms.reserveMet")
                    : t("rooms.reserveNotMet")}
                </p>
              ) : null}
            </div>
          </div>

          {auction.result ? (
            <p
              role="status"
              className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-emerald-900"
              data-testid="room-result"
            >
              {auction.result.outcome === "sold"
                ? t(
                    auction.result.negotiated
                      ? "rooms.result.soldNegotiated"
                      : "rooms.result.sold",
                    {
                      winner: auction.result.winner ?? "",
                      price: money(auction.result.price ?? 0),
                    }
                  )
                : auction.result.outcome === "reserve_not_met"
                ? t("rooms.result.reserve_not_met", {
                    price: money(auction.result.price ?? 0),
                  })
                : t("rooms.result.no_bids")}
              {auction.result.outcome === "sold" ? (
                <a
                  href={`/rooms/${roomId}/confirmation`}
                  className="ml-3 underline"
                >
                  {t("rooms.confirmation")}
                </a>
              ) : null}
            </p>
          ) : null}

          {auction.negotiation ? (
            <NegotiationPanel
              negotiation={auction.negotiation}
              left={negotiationLeft}
              seller={host}
              you={you}
              submit={submit}
              money={money}
            />
          ) : null}

          {notice}

          {canBid && view.status !== "closed" ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <form
                className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
                onSubmit={(event) => {
                  event.preventDefault();
                  void submit({
                    type: "bid",
                    amount: amountFrom(event.currentTarget, "amount"),
                  });
                }}
              >
                {you ? (
                  <p className="text-sm text-slate-600">
                    {t("rooms.you", { label: you })}
                  </p>
                ) : null}
                <label
                  htmlFor="bid-amount"
                  className="block text-sm font-medium"
                >
                  {t("rooms.bidAmount")}
                </label>
                <input
                  id="bid-amount"
                  name="amount"
                  type="number"
                  step={1}
                  min={auction.minimumNextBid}
                  defaultValue={auction.minimumNextBid}
                  key={auction.minimumNextBid}
                  className={inputClass}
                />
                <button
                  type="submit"
                  className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
                >
                  {t("rooms.placeBid")}
                </button>
              </form>
              <form
                className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
                onSubmit={(event) => {
                  event.preventDefault();
                  void submit({
                    type: "proxy",
                    max: amountFrom(event.currentTarget, "max"),
                  });
                }}
              >
                <label
                  htmlFor="proxy-max"
                  className="block text-sm font-medium"
                >
                  {t("rooms.proxyMax")}
                </label>
                <input
                  id="proxy-max"
                  name="max"
                  type="number"
                  step={1}
                  className={inputClass}
                  aria-describedby="proxy-hint"
                />
                <p id="proxy-hint" className="text-xs text-slate-500">
                  {t("rooms.proxyHint")}
                </p>
                <button
                  type="submit"
                  className="rounded-md border border-brand-600 px-4 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50"
                >
                  {t("rooms.setProxy")}
                </button>
              </form>
            </div>
          ) : null}
        </>
      ) : null}

      {moderator && view.status !== "closed" ? (
        <div className="flex flex-wrap gap-2 rounded-lg border border-slate-200 bg-white p-4">
          <span className="mr-2 font-medium">{t("rooms.moderation")}</span>
          {view.status === "paused" ? (
            <button
              className="rounded border px-3 py-1"
              onClick={() => void submit({ type: "resume" })}
            >
              {t("rooms.resume")}
            </button>
          ) : (
            <button
              className="rounded border px-3 py-1"
              onClick={() =>
                void submit({ type: "pause", reason: t("rooms.moderation") })
              }
            >
              {t("rooms.pause")}
            </button>
          )}
          <button
            className="rounded border px-3 py-1"
            onClick={() => void submit({ type: "extend", seconds: 60 })}
          >
            {t("rooms.extend")}
          </button>
        </div>
      ) : null}

      <section className="rounded-lg border border-slate-200 bg-white p-4">
        {auction ? (
          <>
            <h2 className="font-semibold">{t("rooms.log")}</h2>
            <ol className="mt-2 space-y-1 text-sm" data-testid="room-log">
              {[...auction.log].reverse().map((entry, index) => (
                <li
                  key={`${auction.log.length - index}`}
                  className="flex justify-between gap-4"
                >
                  <span>
                    {t("rooms.logEntry", {
                      bidder: entry.bidder,
                      amount: money(entry.amount),
                    })}
                    {entry.kind === "proxy" ? t("rooms.logProxy") : ""}
                  </span>
                  <span className="text-slate-500">
                    {formatDateTime(locale, new Date(entry.at))}
                  </span>
                </li>
              ))}
            </ol>
          </>
        ) : null}
        <p className="mt-3 flex gap-4 text-sm">
          <a href={`/rooms/${roomId}/log`} className="text-brand-700 underline">
            {t("rooms.downloadLog")}
          </a>
          <Link
            to={`/rooms/${roomId}/verify`}
            className="text-brand-700 underline"
          >
            {t("rooms.verifyLog")}
          </Link>
        </p>
      </section>
    </div>
  );
}

export default function RoomPage() {
  const { t, locale } = useI18n();
  const data = useLoaderData<typeof loader>();
  const { room, mine, moderator, participants } = data;
  return (
    <div className="space-y-6">
      <header>
        <Link to="/rooms" className="text-sm text-brand-700 hover:underline">
          ← {t("rooms.title")}
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">{room.title}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {t("rooms.opensAt")} {formatDateTime(locale, room.opensAt)} ·{" "}
          {t("rooms.closesAt")} {formatDateTime(locale, room.closesAt)}
          {room.startPrice !== null && room.increment !== null ? (
            <>
              {" "}
              · {t("rooms.startPrice")} ¥{formatNumber(locale, room.startPrice)}{" "}
              · {t("rooms.increment")} ¥{formatNumber(locale, room.increment)}
            </>
          ) : null}
        </p>
      </header>

      {!data.signedIn ? (
        <p className="text-slate-600">{t("rooms.loginToBid")}</p>
      ) : null}
      {mine ? (
        <p className="text-sm text-slate-700" data-testid="participation">
          {mine.status === "APPROVED"
            ? t("rooms.admitted")
            : mine.status === "PENDING"
            ? t("rooms.registered")
            : t("rooms.rejectedParticipant")}
        </p>
      ) : data.canRegister ? (
        <Form method="post">
          <button
            name="intent"
            value="register"
            className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
          >
            {t("rooms.register")}
          </button>
        </Form>
      ) : null}

      {data.signedIn ? (
        <LiveRoom
          roomId={room.id}
          canBid={mine?.status === "APPROVED"}
          moderator={moderator}
          host={data.host}
          myOrganization={
            room.kind === "CHALLENGE" && mine ? mine.organizationName : null
          }
        />
      ) : null}

      {participants.length > 0 ? (
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="font-semibold">{t("rooms.participants")}</h2>
          <ul className="mt-2 divide-y divide-slate-100">
            {participants.map((p) => (
              <li
                key={p.id}
                className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm"
              >
                <span>{p.organizationName}</span>
                {p.status === "PENDING" && moderator ? (
                  <Form method="post" className="flex gap-2">
                    <input type="hidden" name="intent" value="decide" />
                    <input type="hidden" name="participantId" value={p.id} />
                    <button
                      name="decision"
                      value="approve"
                      className="rounded bg-brand-600 px-3 py-1 text-white"
                    >
                      {t("rooms.approve")}
                    </button>
                    <button
                      name="decision"
                      value="reject"
                      className="rounded border px-3 py-1"
                    >
                      {t("rooms.reject")}
                    </button>
                  </Form>
                ) : (
                  <span>
                    {p.status === "APPROVED"
                      ? t("rooms.admitted")
                      : p.status === "PENDING"
                      ? t("rooms.registered")
                      : t("rooms.rejectedParticipant")}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
