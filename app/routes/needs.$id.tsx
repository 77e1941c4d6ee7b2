import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Chip, Fact, OrgName } from "~/components/listing";
import { InterestPanel } from "~/components/interest-panel";
import { OwnerActions } from "~/components/listing-pages";
import { WorkflowPanel } from "~/components/workflow-panel";
import { getNeedForViewer } from "~/domain/listings/disclosure.server";
import { interestPanelState } from "~/domain/interests/interests.server";
import { capacityOf, indicatorsOf } from "~/domain/listings/listing-writes.server";
import { availableTransitions } from "~/domain/listings/workflow";
import { formatDate, formatWanRange, useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { handleListingAction, notFound, ownerAbilities } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { getActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "error.notFound.title", data?.need.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  const db = await getPrisma();
  const view = await getNeedForViewer(db, params.id ?? "", actor);
  if (!view) throw notFound();
  const { need } = view;
  const transitions = availableTransitions(need.status, capacityOf(actor, "need", need.ownerOrgId));
  const interest = await interestPanelState(db, actor, "need", need);
  return { need: { ...need, indicators: indicatorsOf(need.indicators) }, open: view.open, transitions, interest, ...ownerAbilities(actor, "need", need.ownerOrgId) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleListingAction(request, "need", params.id ?? "");
}

export default function NeedPage() {
  const { t, locale } = useI18n();
  const { need: n, canEdit, canDelete, transitions, open, interest } = useLoaderData<typeof loader>();
  return (
    <article className="space-y-6">
      <Link to="/needs" className="text-sm text-brand-700 hover:underline">
        ← {t("listing.back.needs")}
      </Link>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold" data-testid="listing-title">
            {n.title}
          </h1>
          <div className="mt-2 flex flex-wrap gap-1.5">
            {n.industryClass ? <Chip>{n.industryClass}</Chip> : null}
            {n.cooperationModes.map((m) => (
              <Chip key={m}>{t(`coop.${m}`)}</Chip>
            ))}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link to={`/matches/need/${n.id}`} className="rounded-md border border-brand-700 px-3 py-1.5 text-sm text-brand-800 hover:bg-brand-50" data-testid="find-matches">
            {t("match.findAchievements")}
          </Link>
          <OwnerActions editTo={`/needs/${n.id}/edit`} canEdit={canEdit} canDelete={canDelete} />
        </div>
      </header>
      {n.status !== "PUBLISHED" || transitions.length > 0 ? <WorkflowPanel status={n.status} returnReason={n.returnReason} transitions={transitions} /> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 lg:col-span-2">
          <h2 className="text-lg font-semibold">{t("listing.description")}</h2>
          {open ? (
            <p className="whitespace-pre-line leading-7 text-slate-800" data-testid="gated-description">
              {n.description || t("listing.notGiven")}
            </p>
          ) : (
            <p className="text-sm text-slate-600">{t(`confidentiality.${n.confidentiality}`)}</p>
          )}
          {n.indicators.length > 0 ? (
            <>
              <h2 className="text-lg font-semibold">{t("listingForm.indicators")}</h2>
              <table className="w-full text-sm" data-testid="indicators">
                <thead>
                  <tr className="text-left text-slate-500">
                    <th>{t("listingForm.indicatorName")}</th>
                    <th>{t("listingForm.indicatorTarget")}</th>
                    <th>{t("listingForm.indicatorUnit")}</th>
                  </tr>
                </thead>
                <tbody>
                  {n.indicators.map((i, index) => (
                    <tr key={index}>
                      <td>{i.name}</td>
                      <td>{i.target}</td>
                      <td>{i.unit}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          <InterestPanel kind="need" listingId={n.id} state={interest} />
        </section>
        <aside className="rounded-lg border border-slate-200 bg-white p-6">
          <dl className="divide-y divide-slate-100">
            <Fact label={t("listing.owner")}>
              <Link to={`/orgs/${n.ownerOrgId}`} className="hover:underline" data-testid="owner-org">
                <OrgName org={n.ownerOrg} />
              </Link>
              {n.sourcePublisher ? <div className="text-xs text-slate-500">{n.sourcePublisher}</div> : null}
            </Fact>
            <Fact label={t("listing.field")}>{n.techField}</Fact>
            <Fact label={t("listing.industry")}>{n.industryClass}</Fact>
            <Fact label={t("listingForm.region")}>{n.region}</Fact>
            <Fact label={t("listingForm.deadline")}>{n.deadline ? formatDate(locale, n.deadline) : null}</Fact>
            <Fact label={t("listingForm.confidentiality")}>{t(`confidentiality.${n.confidentiality}`)}</Fact>
            <Fact label={t("listing.cooperation")}>{n.cooperationModes.map((m) => t(`coop.${m}`)).join("、")}</Fact>
            <Fact label={t("listing.budget")}>{formatWanRange(locale, n.budgetMin, n.budgetMax, t("listing.negotiable"))}</Fact>
            <Fact label={t("listing.publishedAt")}>{n.publishedAt ? formatDate(locale, n.publishedAt) : null}</Fact>
            <Fact label={t("listing.source")}>
              <span className="break-all text-xs text-slate-500">{n.source}</span>
            </Fact>
          </dl>
        </aside>
      </div>
    </article>
  );
}
