import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ApplicationForm, type ApplicationFormValues } from "~/components/application-form";
import { getApplication } from "~/domain/challenges/applications.server";
import { useI18n } from "~/i18n/i18n";
import { handleApplicationForm } from "~/utils/application-routes.server";
import { getPrisma } from "~/utils/db.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "application.edit", data?.challenge.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await getApplication(await getPrisma(), await requireActor(request), params.id ?? "");
  if (!page || !page.can.edit) throw notFound();
  const a = page.application;
  const values: ApplicationFormValues = {
    consortium: a.consortium.members,
    consortiumAgreement: a.consortium.agreement,
    piName: a.principalInvestigator.name ?? "",
    piTitle: a.principalInvestigator.title ?? "",
    piEmail: a.principalInvestigator.email ?? "",
    summary: a.plan.summary,
    indicators: a.plan.indicators,
    subTasks: a.plan.subTasks,
    requestedWan: a.requestedWan,
    selfFundedWan: a.selfFundedWan,
    integrityPledge: a.integrityPledgeAt !== null,
  };
  return { id: a.id, challenge: page.challenge, values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = await getPrisma();
  const app = await db.challengeApplication.findUnique({ where: { id: params.id ?? "" }, select: { challengeId: true } });
  if (!app) throw notFound();
  return handleApplicationForm(request, app.challengeId, params.id);
}

export default function EditApplicationPage() {
  const { t } = useI18n();
  const { id, challenge, values: saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values: ApplicationFormValues = (actionData && "values" in actionData ? actionData.values : undefined) ?? saved;
  return (
    <section className="mx-auto max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <Link to={`/applications/${id}`} className="text-sm text-brand-700 hover:underline">
        ← {challenge.title}
      </Link>
      <h1 className="text-xl font-semibold">{t("application.edit")}</h1>
      <ApplicationForm
        indicators={challenge.indicators}
        maxMembers={challenge.eligibility.maxConsortiumMembers}
        ratio={challenge.eligibility.selfFundingRatio}
        values={values}
        errors={actionData?.fieldErrors ?? {}}
        formError={actionData?.formError}
        key={JSON.stringify(values)}
      />
    </section>
  );
}
