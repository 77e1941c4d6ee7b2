import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ApplicationForm, type ApplicationFormValues } from "~/components/application-form";
import { eligibilityOf } from "~/domain/challenges/applications";
import { getChallenge } from "~/domain/challenges/challenges.server";
import { useI18n } from "~/i18n/i18n";
import { handleApplicationForm } from "~/utils/application-routes.server";
import { getPrisma } from "~/utils/db.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "application.new", data?.title);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "create:application");
  const page = await getChallenge(await getPrisma(), actor, params.id ?? "");
  if (!page || page.challenge.status !== "PUBLISHED") throw notFound();
  const eligibility = eligibilityOf(page.challenge.eligibility);
  return { id: page.challenge.id, title: page.challenge.title, indicators: page.challenge.indicators, maxMembers: eligibility.maxConsortiumMembers, ratio: eligibility.selfFundingRatio };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // the same check as the page: a role without create:application is refused before the form is read
  await requirePermission(request, "create:application");
  return handleApplicationForm(request, params.id ?? "");
}

export default function ApplyPage() {
  const { t } = useI18n();
  const c = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values: ApplicationFormValues = (actionData && "values" in actionData ? actionData.values : undefined) ?? {};
  return (
    <section className="mx-auto max-w-3xl space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <Link to={`/challenges/${c.id}`} className="text-sm text-brand-700 hover:underline">
        ← {c.title}
      </Link>
      <h1 className="text-xl font-semibold">{t("application.new")}</h1>
      <ApplicationForm
        indicators={c.indicators}
        maxMembers={c.maxMembers}
        ratio={c.ratio}
        values={values}
        errors={actionData?.fieldErrors ?? {}}
        formError={actionData?.formError}
        key={JSON.stringify(values)}
      />
    </section>
  );
}
