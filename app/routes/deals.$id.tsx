import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DealStageBadge } from "~/components/deal-stage";
import { Field, FormError, inputClass } from "~/components/form";
import { Fact, OrgName } from "~/components/listing";
import { DomainError } from "~/domain/errors";
import { getDeal, transitionDeal, type TransitionInput } from "~/domain/deals/deals.server";
import { takesPart } from "~/domain/messaging/conversations.server";
import { CONTRACT_TYPES, type DealField, type DealStageName, dayInChina, LOST_REASONS, originKey } from "~/domain/deals/pipeline";
import { formatDate, formatDateTime, formatNumber, formatWan, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { refusal } from "~/utils/deal-routes.server";
import { domainFailure, formValues } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "deals.title", data?.deal.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  try {
    const db = await getPrisma();
    const deal = await getDeal(db, actor, params.id ?? "");
    return { deal, today: dayInChina(new Date()), canConverse: await takesPart(db, actor, "deal", deal.id) };
  } catch (error) {
    return refusal(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const values: TransitionInput = formValues(formData);
  try {
    const moved = await transitionDeal(await getPrisma(), actor, params.id ?? "", values, { ip: request.headers.get("x-forwarded-for") });
    return { ok: true as const, message: t("deal.moved", { stage: t(`deal.stage.${moved.stage}`) }) };
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) throw new Response("Not found", { status: 404 });
    return domainFailure(error, t, formData);
  }
}

const optionalFields: Partial<Record<DealStageName, ("outcomeNote" | "lostNote")[]>> = { OUTCOME_CHECKED: ["outcomeNote"], CLOSED_LOST: ["lostNote"] };

export default function DealPage() {
  const { t, locale } = useI18n();
  const { deal, today, canConverse } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failed = result && !result.ok ? result : null;
  const org = (o: { name: string; nameEn: string | null } | null) => (o ? <OrgName org={{ ...o, isDemo: false }} /> : null);
  return (
    <div className="space-y-6">
      <Link to="/deals" className="text-sm text-brand-700 hover:underline">
        ← {t("deals.title")}
      </Link>
      <header className="space-y-1">
        <p className="text-sm text-slate-500 tabular-nums">{deal.reference}</p>
        <h1 className="text-2xl font-semibold">{deal.title}</h1>
        <p data-testid="deal-stage">
          <DealStageBadge stage={deal.stage} />
        </p>
      </header>
      {result?.ok ? (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-green-900" data-testid="deal-moved">
          {result.message}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="font-semibold">{t("deal.facts")}</h2>
          <dl className="divide-y divide-slate-100">
            <Fact label={t("deal.supplier")}>{org(deal.supplier)}</Fact>
            <Fact label={t("deal.demand")}>{org(deal.demand)}</Fact>
            <Fact label={t("deal.brokerOrg")}>{org(deal.brokerOrg)}</Fact>
            <Fact label={t("deal.broker")}>{deal.brokerName}</Fact>
            <Fact label={t("deal.introducedBy")}>{deal.introducedByName}</Fact>
            <Fact label={t("deal.origin")}>{t(originKey(deal.origin))}</Fact>
            <Fact label={t("deal.achievement")}>{deal.achievement ? <Link to={`/achievements/${deal.achievement.id}`} className="text-brand-700 hover:underline">{deal.achievement.title}</Link> : null}</Fact>
            <Fact label={t("deal.need")}>{deal.need ? <Link to={`/needs/${deal.need.id}`} className="text-brand-700 hover:underline">{deal.need.title}</Link> : null}</Fact>
            {deal.ndaSignedAt ? <Fact label={t("deal.field.ndaSignedAt")}>{formatDate(locale, deal.ndaSignedAt)}</Fact> : null}
            {deal.meetingAt ? <Fact label={t("deal.field.meetingAt")}>{formatDate(locale, deal.meetingAt)}</Fact> : null}
            {deal.contractType ? <Fact label={t("deal.field.contractType")}>{t(`deal.contractType.${deal.contractType}`)}</Fact> : null}
            {deal.contractAmountWan ? <Fact label={t("deal.field.contractAmountWan")}>{formatWan(locale, Number(deal.contractAmountWan))}</Fact> : null}
            {deal.contractSignedAt ? <Fact label={t("deal.field.contractSignedAt")}>{formatDate(locale, deal.contractSignedAt)}</Fact> : null}
            {deal.registrationNumber ? <Fact label={t("deal.field.registrationNumber")}>{deal.registrationNumber}</Fact> : null}
            {deal.registeredAt ? <Fact label={t("deal.field.registeredAt")}>{formatDate(locale, deal.registeredAt)}</Fact> : null}
            {deal.outcomeDueAt ? <Fact label={t("deal.outcomeDue")}>{formatDate(locale, deal.outcomeDueAt)}</Fact> : null}
            {deal.outcome ? (
              <Fact label={t("deal.outcome")}>
                {t("deal.field.outcomeRevenueWan")}：{formatWan(locale, Number(deal.outcome.revenueWan))} · {t("deal.field.outcomeJobs")}：{formatNumber(locale, deal.outcome.jobs)} · {t("deal.field.outcomeProducts")}：
                {formatNumber(locale, deal.outcome.products)}
                {deal.outcome.note ? ` · ${deal.outcome.note}` : ""}
              </Fact>
            ) : null}
            {deal.lostReason ? (
              <Fact label={t("deal.lost")}>
                {t(`deal.lostReason.${deal.lostReason}`)}
                {deal.lostNote ? ` — ${deal.lostNote}` : ""}
              </Fact>
            ) : null}
          </dl>
          {deal.contractSignedAt ? (
            <p className="mt-3 flex gap-3 text-sm">
              <Link to={`/deals/${deal.id}/packet`} className="text-brand-700 hover:underline" data-testid="packet-link">
                {t("deal.packet.open")}
              </Link>
              <a href={`/deals/${deal.id}/packet.xlsx`} className="text-brand-700 hover:underline">
                {t("deal.packet.download")}
              </a>
            </p>
          ) : null}
          {canConverse ? (
            <Form method="post" action="/conversations/open" className="mt-3">
              <input type="hidden" name="subjectKind" value="deal" />
              <input type="hidden" name="subjectId" value={deal.id} />
              <button className="rounded-md border border-brand-700 px-3 py-1.5 text-sm text-brand-800 hover:bg-brand-50" data-testid="open-conversation">
                {t("deal.conversation")}
              </button>
            </Form>
          ) : null}
          <p className="mt-3 text-sm">
            <Link to={`/advisor?deal=${encodeURIComponent(deal.reference)}`} className="text-brand-700 hover:underline" data-testid="advisor-link">
              {t("deal.advisorLink")}
            </Link>
          </p>
        </section>
        <section className="space-y-4">
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="font-semibold">{t("deal.nextSteps")}</h2>
            {deal.moves.length === 0 ? <p className="mt-2 text-sm text-slate-500">{t("deal.noMoves")}</p> : null}
            <div className="mt-2 space-y-3">
              {deal.moves.map((move) => (
                <MoveForm key={move.to} to={move.to} requires={move.requires} today={today} failure={failed && failed.values?.to === move.to ? failed : null} />
              ))}
            </div>
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-4" data-testid="deal-commission">
            <h2 className="font-semibold">{t("deal.commission")}</h2>
            {deal.commissions.length === 0 ? <p className="mt-2 text-sm text-slate-500">{t("deal.noCommission")}</p> : null}
            {deal.commissions.map((commission, index) => (
              <div key={index} className="mt-2 text-sm">
                <p className="font-medium" data-testid="commission-amount">
                  {formatWan(locale, Number(commission.amountWan))}
                </p>
                <ul className="text-slate-600">
                  {commission.splits.map((line, i) => (
                    <li key={i}>
                      {t(line.role === "introducer" ? "deal.role.introducer" : "deal.role.follower")} {line.name ?? t("deal.ledger.agencyKeeps")}：{formatWan(locale, Number(line.amountWan))}（{Math.round(line.share * 1000) / 10}%）
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 className="font-semibold">{t("deal.history")}</h2>
            <ol className="mt-2 space-y-1 text-sm" data-testid="deal-history">
              {deal.events.map((event) => (
                <li key={event.id} className="flex flex-wrap gap-2">
                  <span className="text-slate-500">{formatDateTime(locale, event.at)}</span>
                  <DealStageBadge stage={event.toStage} />
                  {event.actorName ? <span className="text-slate-600">{event.actorName}</span> : null}
                </li>
              ))}
            </ol>
          </div>
        </section>
      </div>
    </div>
  );
}

type Failure = { fieldErrors: Record<string, string>; formError?: string; values?: Record<string, string> };

function MoveForm({ to, requires, today, failure }: { to: DealStageName; requires: DealField[]; today: string; failure: Failure | null }) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("to") === to;
  const fields = [...requires, ...(optionalFields[to] ?? [])];
  const lost = to === "CLOSED_LOST";
  const value = (name: string) => failure?.values?.[name];
  return (
    <details className="rounded-md border border-slate-200 p-3" open={Boolean(failure) || fields.length === 0 || undefined} data-move={to}>
      <summary className={`cursor-pointer text-sm font-medium ${lost ? "text-red-800" : "text-brand-800"}`}>{t(`deal.move.${to}`)}</summary>
      <Form method="post" className="mt-2 space-y-3" preventScrollReset>
        <input type="hidden" name="to" value={to} />
        {failure?.formError ? <FormError message={failure.formError} /> : null}
        {fields.map((field) => (
          <Field key={field} name={`${to}-${field}`} label={t(`deal.field.${field}`)} error={failure?.fieldErrors[field]}>
            <FieldInput id={`${to}-${field}`} field={field} today={today} defaultValue={value(field)} invalid={Boolean(failure?.fieldErrors[field])} />
          </Field>
        ))}
        <button type="submit" disabled={busy} className={`rounded-md px-4 py-2 text-sm font-medium text-white disabled:opacity-60 ${lost ? "bg-red-700 hover:bg-red-800" : "bg-brand-600 hover:bg-brand-700"}`} data-testid={`move-${to}`}>
          {t(`deal.move.${to}`)}
        </button>
      </Form>
    </details>
  );
}

function FieldInput({ id, field, today, defaultValue, invalid }: { id: string; field: DealField | "outcomeNote" | "lostNote"; today: string; defaultValue?: string; invalid: boolean }) {
  const { t } = useI18n();
  const common = { id, name: field, defaultValue, "aria-invalid": invalid || undefined, className: inputClass };
  if (field === "contractType")
    return (
      <select {...common} required>
        <option value="">—</option>
        {CONTRACT_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(`deal.contractType.${type}`)}
          </option>
        ))}
      </select>
    );
  if (field === "lostReason")
    return (
      <select {...common} required>
        <option value="">—</option>
        {LOST_REASONS.map((reason) => (
          <option key={reason} value={reason}>
            {t(`deal.lostReason.${reason}`)}
          </option>
        ))}
      </select>
    );
  if (field === "outcomeNote" || field === "lostNote") return <textarea {...common} rows={2} maxLength={1000} />;
  if (field.endsWith("At")) return <input {...common} type="date" required defaultValue={defaultValue ?? (field === "meetingAt" ? undefined : today)} max={field === "meetingAt" ? undefined : today} />;
  if (field === "outcomeJobs" || field === "outcomeProducts") return <input {...common} type="number" min={0} step={1} required />;
  if (field.endsWith("Wan")) return <input {...common} inputMode="decimal" required />;
  return <input {...common} required />;
}
