import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AttachmentsPanel } from "~/components/attachments";
import { Chip, Fact, OrgName } from "~/components/listing";
import { InterestPanel } from "~/components/interest-panel";
import { OwnerActions } from "~/components/listing-pages";
import { WorkflowPanel } from "~/components/workflow-panel";
import { MAX_ATTACHMENT_MB } from "~/domain/listings/attachments.server";
import { acceptDisclosure, getAchievementForViewer, listDisclosureAcceptances } from "~/domain/listings/disclosure.server";
import { interestPanelState } from "~/domain/interests/interests.server";
import { capacityOf } from "~/domain/listings/listing-writes.server";
import { availableTransitions } from "~/domain/listings/workflow";
import { formatDate, formatDateTime, formatWanRange, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure } from "~/utils/forms.server";
import { handleListingAction, notFound, ownerAbilities } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { getActor, requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "error.notFound.title", data?.achievement.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const db = await getPrisma();
  const view = await getAchievementForViewer(db, params.id ?? "", actor);
  if (!view) throw notFound();
  const { achievement } = view;
  const transitions = availableTransitions(achievement.status, capacityOf(actor, "achievement", achievement.ownerOrgId));
  const acceptances = actor && view.disclosure.privileged ? await listDisclosureAcceptances(db, actor, achievement.id) : null;
  const interest = await interestPanelState(db, actor, "achievement", achievement);
  return { ...view, transitions, acceptances, interest, maxAttachmentMb: MAX_ATTACHMENT_MB, ...ownerAbilities(actor, "achievement", achievement.ownerOrgId) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? "";
  const formData = await request.clone().formData();
  if (formData.get("intent") === "acceptDisclosure") {
    const actor = await requireActor(request);
    const { t } = getRequestTranslator(request);
    try {
      await acceptDisclosure(await getPrisma(), actor, id, t("disclosure.defaultTerms"));
      return { ok: true as const, message: t("disclosure.acceptedAt", { date: formatDate(getRequestTranslator(request).locale, new Date()) }) };
    } catch (error) {
      return domainFailure(error, t);
    }
  }
  return handleListingAction(request, "achievement", id);
}

export default function AchievementPage() {
  const { t, locale } = useI18n();
  const { achievement: a, canEdit, canDelete, transitions, disclosure, attachments, acceptances, maxAttachmentMb, interest } = useLoaderData<typeof loader>();
  return (
    <article className="space-y-6">
      <Link to="/achievements" className="text-sm text-brand-700 hover:underline">
        ← {t("listing.back.achievements")}
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold" data-testid="listing-title">
            {a.title}
          </h1>
          <div className="mt-2 flex flex-wrap gap-1.5">
            {a.techField ? <Chip>{a.techField}</Chip> : null}
            {a.maturity ? <Chip>{t(`maturity.${a.maturity}`)}</Chip> : null}
            {a.cooperationModes.map((m) => (
              <Chip key={m}>{t(`coop.${m}`)}</Chip>
            ))}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link to={`/matches/achievement/${a.id}`} className="rounded-md border border-brand-700 px-3 py-1.5 text-sm text-brand-800 hover:bg-brand-50" data-testid="find-matches">
            {t("match.findNeeds")}
          </Link>
          <OwnerActions editTo={`/achievements/${a.id}/edit`} canEdit={canEdit} canDelete={canDelete} />
        </div>
      </header>
      {a.status !== "PUBLISHED" || transitions.length > 0 ? <WorkflowPanel status={a.status} returnReason={a.returnReason} transitions={transitions} /> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
            <h2 className="text-lg font-semibold">{t("listing.summary")}</h2>
            <p className="whitespace-pre-line leading-7 text-slate-800">{a.summary || t("listing.notGiven")}</p>
            {a.applicationScope ? (
              <>
                <h2 className="text-lg font-semibold">{t("listing.applicationScope")}</h2>
                <p className="whitespace-pre-line leading-7 text-slate-800">{a.applicationScope}</p>
              </>
            ) : null}
          </section>
          <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-6" data-testid="disclosure">
            <h2 className="text-lg font-semibold">{t("disclosure.title")}</h2>
            {disclosure.open ? (
              <>
                {disclosure.acceptedAt ? <p className="text-xs text-slate-500">{t("disclosure.acceptedAt", { date: formatDate(locale, disclosure.acceptedAt) })}</p> : null}
                <p className="whitespace-pre-line leading-7 text-slate-800" data-testid="gated-description">
                  {a.description || t("listing.notGiven")}
                </p>
                {a.team ? <p className="whitespace-pre-line text-sm text-slate-700">{a.team}</p> : null}
                {a.ipItems.some((i) => i.number) ? (
                  <ul className="text-sm" data-testid="ip-numbers">
                    {a.ipItems.map((i, n) => (
                      <li key={n}>
                        {t(`ip.${i.type}`)} {i.number} {i.status} {i.holder}
                      </li>
                    ))}
                  </ul>
                ) : null}
                <AttachmentsPanel achievementId={a.id} attachments={attachments} canEdit={canEdit} maxMb={maxAttachmentMb} />
              </>
            ) : (
              <>
                <p className="text-sm text-slate-600">{t("disclosure.gated")}</p>
                {disclosure.canAccept ? (
                  <Form method="post" className="space-y-2">
                    <blockquote className="rounded-md bg-slate-50 p-3 text-sm text-slate-700">{disclosure.terms ?? t("disclosure.defaultTerms")}</blockquote>
                    <button name="intent" value="acceptDisclosure" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700" data-testid="accept-disclosure">
                      {t("disclosure.accept")}
                    </button>
                  </Form>
                ) : (
                  <p className="text-sm text-slate-500">{t("disclosure.loginToSee")}</p>
                )}
              </>
            )}
          </section>
          <InterestPanel kind="achievement" listingId={a.id} state={interest} />
          {acceptances ? (
            <section className="rounded-lg border border-slate-200 bg-white p-6" data-testid="acceptances">
              <h2 className="text-lg font-semibold">{t("disclosure.acceptances")}</h2>
              {acceptances.length === 0 ? (
                <p className="text-sm text-slate-500">{t("disclosure.noAcceptances")}</p>
              ) : (
                <table className="mt-2 w-full text-sm">
                  <thead>
                    <tr className="text-left text-slate-500">
                      <th>{t("disclosure.user")}</th>
                      <th>{t("disclosure.org")}</th>
                      <th>{t("review.submittedAt")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {acceptances.map((row) => (
                      <tr key={row.id}>
                        <td>{row.user}</td>
                        <td>{row.org ? <OrgName org={row.org} /> : null}</td>
                        <td>{formatDateTime(locale, row.acceptedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          ) : null}
        </div>
        <aside className="h-fit rounded-lg border border-slate-200 bg-white p-6">
          <dl className="divide-y divide-slate-100">
            <Fact label={t("listing.owner")}>
              <Link to={`/orgs/${a.ownerOrgId}`} className="hover:underline" data-testid="owner-org">
                <OrgName org={a.ownerOrg} />
              </Link>
              {a.sourcePublisher ? <div className="text-xs text-slate-500">{a.sourcePublisher}</div> : null}
            </Fact>
            <Fact label={t("listing.field")}>{a.techField}</Fact>
            <Fact label={t("listing.industry")}>{a.industryClass}</Fact>
            <Fact label={t("listing.maturity")}>{a.maturity ? `${t(`maturity.${a.maturity}`)} (TRL ${a.trl})` : null}</Fact>
            <Fact label={t("listing.ip")}>{a.ipItems.length > 0 ? [...new Set(a.ipItems.map((i) => t(`ip.${i.type}`)))].join("、") : a.ipType ? t(`ip.${a.ipType}`) : a.ipSummary}</Fact>
            <Fact label={t("listing.cooperation")}>{a.cooperationModes.map((m) => t(`coop.${m}`)).join("、")}</Fact>
            <Fact label={t("listing.price")}>{formatWanRange(locale, a.priceMin, a.priceMax, t("listing.negotiable"))}</Fact>
            <Fact label={t("listingForm.region")}>{a.region}</Fact>
            <Fact label={t("listingForm.keywords")}>{a.keywords.join("、")}</Fact>
            <Fact label={t("listing.publishedAt")}>{a.publishedAt ? formatDate(locale, a.publishedAt) : null}</Fact>
            <Fact label={t("listing.validUntil")}>{a.validUntil ? formatDate(locale, a.validUntil) : null}</Fact>
            <Fact label={t("listing.source")}>
              <span className="break-all text-xs text-slate-500">{a.source}</span>
            </Fact>
          </dl>
        </aside>
      </div>
    </article>
  );
}
