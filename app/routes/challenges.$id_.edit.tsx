import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { ChallengeForm, type ChallengeFormValues } from "~/components/challenge-form";
import { getChallenge } from "~/domain/challenges/challenges.server";
import { useI18n } from "~/i18n/i18n";
import { handleChallengeForm } from "~/utils/challenge-routes.server";
import { getPrisma } from "~/utils/db.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "challenge.edit");

const day = (value: Date | string | null) => (value ? new Date(new Date(value).getTime() + 8 * 3_600_000).toISOString().slice(0, 10) : "");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const page = await getChallenge(await getPrisma(), actor, params.id ?? "");
  if (!page) throw notFound();
  if (!page.canEdit) throw new Response("Forbidden", { status: 403 });
  const c = page.challenge;
  const eligibility = typeof c.eligibility === "object" && c.eligibility !== null && !Array.isArray(c.eligibility) ? c.eligibility : {};
  const values: ChallengeFormValues = {
    direction: c.direction,
    subField: c.subField,
    title: c.title,
    background: c.background,
    researchContent: c.researchContent,
    indicators: c.indicators,
    deadline: day(c.deadline),
    fundingWan: c.fundingWan === null ? "" : String(c.fundingWan),
    fundingSource: c.fundingSource,
    targetMaturity: c.targetMaturity,
    eligibleOrgKinds: Array.isArray(eligibility.orgKinds) ? eligibility.orgKinds.map(String) : [],
    maxConsortiumMembers: String(eligibility.maxConsortiumMembers ?? 4),
    maxApplicationsPerOrg: String(eligibility.maxApplicationsPerOrg ?? 1),
    selfFundingRatio: String(eligibility.selfFundingRatio ?? 1),
    excludePriorWinners: eligibility.excludePriorWinners === true,
    ipArrangement: c.ipArrangement,
    ipNote: c.ipNote,
    evaluationMode: c.evaluationMode,
    applicationOpensAt: day(c.applicationOpensAt),
    applicationClosesAt: day(c.applicationClosesAt),
  };
  return { id: c.id, values };
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleChallengeForm(request, params.id ?? "");
}

export default function EditChallengePage() {
  const { t } = useI18n();
  const { values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const shown: ChallengeFormValues = (actionData && "values" in actionData ? actionData.values : undefined) ?? values;
  return (
    <section className="mx-auto max-w-3xl rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="mb-6 text-xl font-semibold">{t("challenge.edit")}</h1>
      <ChallengeForm values={shown} errors={actionData?.fieldErrors ?? {}} formError={actionData?.formError} key={JSON.stringify(shown)} />
    </section>
  );
}
