import { useState } from "react";
import { formatNumber, formatWan, useI18n } from "~/i18n/i18n";
import type { ChallengeRoomView, NegotiationView } from "~/realtime/protocol";
import type { ClientCommand } from "~/domain/bidding/schemas";
import { inputClass } from "./form";

type Submit = (command: ClientCommand) => Promise<void>;

/** The live challenge room (竞标): the published formula, the ranking, an offer form for participants. */
export function ChallengeLive({ view, canBid, moderator, myOrganization, submit }: { view: ChallengeRoomView; canBid: boolean; moderator: boolean; myOrganization: string | null; submit: Submit }) {
  const { t, locale } = useI18n();
  const { formula } = view;
  const [reason, setReason] = useState("");
  const mine = view.leaderboard.find((row) => row.label === view.you);
  return (
    <div className="space-y-6">
      <section className="rounded-lg border border-slate-200 bg-white p-4" data-testid="challenge-formula">
        <h2 className="font-semibold">{t("challengeRoom.formula")}</h2>
        <p className="mt-1 text-sm text-slate-600">{t("challengeRoom.formulaText")}</p>
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-slate-500">{t("challengeRoom.ceiling")}</dt>
            <dd>{formatWan(locale, formula.ceiling)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("challengeRoom.maxMonths")}</dt>
            <dd>{formula.maxMonths}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("challengeRoom.fundingWeight")}</dt>
            <dd>{formula.fundingWeight}</dd>
          </div>
          <div>
            <dt className="text-slate-500">{t("challengeRoom.timeWeight")}</dt>
            <dd>{formula.timeWeight}</dd>
          </div>
        </dl>
        {formula.indicators.length > 0 ? (
          <table className="mt-3 w-full text-left text-sm">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1">{t("challengeRoom.indicator")}</th>
                <th>{t("challengeRoom.target")}</th>
                <th>{t("challengeRoom.weight")}</th>
              </tr>
            </thead>
            <tbody>
              {formula.indicators.map((i) => (
                <tr key={i.key}>
                  <td className="py-1">{i.name}</td>
                  <td>
                    {formatNumber(locale, i.target)} {i.unit} · {t(i.better === "higher" ? "challengeRoom.better.higher" : "challengeRoom.better.lower")}
                  </td>
                  <td>{i.weight}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      {myOrganization ? (
        <p className="text-sm text-slate-700" data-testid="challenge-you">
          {view.you ? t("challengeRoom.you", { label: view.you, organization: myOrganization }) : t("challengeRoom.youNoOffer", { organization: myOrganization })}
        </p>
      ) : null}

      {view.result ? (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-emerald-900" data-testid="room-result">
          {t(view.result.outcome === "ranked" ? "challengeRoom.result.ranked" : "challengeRoom.result.no_offers")}
        </p>
      ) : null}

      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-semibold">{t("challengeRoom.leaderboard")}</h2>
        {view.leaderboard.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">{t("challengeRoom.noOffers")}</p>
        ) : (
          <table className="mt-2 w-full text-left text-sm" data-testid="challenge-leaderboard">
            <thead className="text-slate-500">
              <tr>
                <th className="py-1">{t("challengeRoom.rank")}</th>
                <th>{t("challengeRoom.bidder")}</th>
                <th>{t("challengeRoom.score")}</th>
                <th>{t("challengeRoom.funding")}</th>
                <th>{t("challengeRoom.months")}</th>
                {moderator ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {view.leaderboard.map((row) => (
                <tr key={row.label} className={row.label === view.you ? "bg-brand-50 font-medium" : undefined}>
                  <td className="py-1">{row.rank}</td>
                  <td>
                    {t("challengeRoom.bidderLabel", { label: row.label })}
                    {row.organizationName ? <span className="ml-2 text-slate-600">{row.organizationName}</span> : null}
                  </td>
                  <td className="tabular-nums">{formatNumber(locale, row.score)}</td>
                  <td>{row.offer ? formatWan(locale, row.offer.funding) : "—"}</td>
                  <td>{row.offer ? row.offer.months : "—"}</td>
                  {moderator && row.participantId && view.status !== "closed" ? (
                    <td>
                      <button
                        className="rounded border px-2 py-0.5 text-xs"
                        disabled={reason.trim().length === 0}
                        onClick={() => void submit({ type: "disqualify", bidder: row.participantId ?? "", reason })}
                      >
                        {t("rooms.disqualify")}
                      </button>
                    </td>
                  ) : moderator ? (
                    <td />
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {moderator && view.status !== "closed" ? (
          <label className="mt-3 block text-sm">
            {t("challengeRoom.disqualifyReason")}
            <input className={inputClass} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
        ) : null}
      </section>

      {canBid && view.status !== "closed" ? (
        <form
          className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
          onSubmit={(event) => {
            event.preventDefault();
            const data = new FormData(event.currentTarget);
            const commitments = Object.fromEntries(formula.indicators.map((i) => [i.key, Number(data.get(`c-${i.key}`))]));
            void submit({ type: "offer", funding: Number(data.get("funding")), months: Number(data.get("months")), commitments });
          }}
        >
          <h2 className="font-semibold">{t("challengeRoom.yourOffer")}</h2>
          <label className="block text-sm">
            {t("challengeRoom.funding")}
            <input name="funding" type="number" step="0.01" min={0} max={formula.ceiling} defaultValue={mine?.offer?.funding ?? formula.ceiling} className={inputClass} />
          </label>
          <label className="block text-sm">
            {t("challengeRoom.months")}
            <input name="months" type="number" step={1} min={1} max={formula.maxMonths} defaultValue={mine?.offer?.months ?? formula.maxMonths} className={inputClass} />
          </label>
          {formula.indicators.map((i) => (
            <label key={i.key} className="block text-sm">
              {t("challengeRoom.commitment", { name: i.name, unit: i.unit })}
              <input name={`c-${i.key}`} type="number" step="any" min={0} defaultValue={mine?.offer?.commitments[i.key] ?? i.target} className={inputClass} />
            </label>
          ))}
          <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            {t("challengeRoom.submitOffer")}
          </button>
        </form>
      ) : null}
    </div>
  );
}

/** The negotiation window after a reserve not met: the seller accepts or counters; a candidate answers. */
export function NegotiationPanel({ negotiation, left, seller, you, submit, money }: { negotiation: NegotiationView; left: number | null; seller: boolean; you: string | null; submit: Submit; money: (v: number) => string }) {
  const { t } = useI18n();
  const open = negotiation.status === "open";
  return (
    <section className="rounded-lg border border-amber-200 bg-amber-50 p-4" data-testid="negotiation">
      <h2 className="font-semibold">{t("rooms.negotiation.title")}</h2>
      {open && left !== null ? (
        <p className="text-sm">
          {t("rooms.negotiation.endsIn")}: {Math.ceil(left / 1000)} s
        </p>
      ) : null}
      {negotiation.status === "agreed" && negotiation.agreed ? <p role="status">{t("rooms.negotiation.agreed", { label: negotiation.agreed.label, price: money(negotiation.agreed.price) })}</p> : null}
      {negotiation.status === "expired" ? <p role="status">{t("rooms.negotiation.expired")}</p> : null}
      <ul className="mt-2 space-y-3">
        {negotiation.candidates.map((c) => (
          <li key={c.label} className="rounded border border-amber-200 bg-white p-3 text-sm">
            <p>{t("rooms.negotiation.candidate", { label: c.label, bid: money(c.bid) })}</p>
            {c.counter !== null ? (
              <p>
                {t("rooms.negotiation.counter", { amount: money(c.counter) })}
                {c.response ? ` · ${t(c.response === "accepted" ? "rooms.negotiation.accepted" : "rooms.negotiation.declined")}` : ""}
              </p>
            ) : null}
            {open && seller && c.bidder ? (
              <div className="mt-2 flex flex-wrap items-end gap-2">
                <button className="rounded bg-brand-600 px-3 py-1 text-white" onClick={() => void submit({ type: "accept_bid", bidder: c.bidder ?? "" })}>
                  {t("rooms.negotiation.acceptBid")}
                </button>
                {c.counter === null ? (
                  <form
                    className="flex items-end gap-2"
                    onSubmit={(event) => {
                      event.preventDefault();
                      void submit({ type: "counter", bidder: c.bidder ?? "", amount: Number(new FormData(event.currentTarget).get("amount")) });
                    }}
                  >
                    <label className="text-sm">
                      {t("rooms.negotiation.counterAmount")}
                      <input name="amount" type="number" step={1} min={c.bid + 1} className={inputClass} />
                    </label>
                    <button type="submit" className="rounded border px-3 py-1">
                      {t("rooms.negotiation.makeCounter")}
                    </button>
                  </form>
                ) : null}
              </div>
            ) : null}
            {open && !seller && c.label === you ? (
              c.counter !== null && c.response === null ? (
                <div className="mt-2 flex gap-2">
                  <button className="rounded bg-brand-600 px-3 py-1 text-white" onClick={() => void submit({ type: "respond", accept: true })}>
                    {t("rooms.negotiation.acceptCounter")}
                  </button>
                  <button className="rounded border px-3 py-1" onClick={() => void submit({ type: "respond", accept: false })}>
                    {t("rooms.negotiation.declineCounter")}
                  </button>
                </div>
              ) : (
                <p className="text-slate-600">{t("rooms.negotiation.waiting")}</p>
              )
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
