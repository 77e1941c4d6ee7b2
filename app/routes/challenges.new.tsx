import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { ChallengeForm, type ChallengeFormValues } from "~/components/challenge-form";
import { useI18n } from "~/i18n/i18n";
import { handleChallengeForm } from "~/utils/challenge-routes.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "challenge.new");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "create:challenge");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  return handleChallengeForm(request);
}

export default function NewChallengePage() {
  const { t } = useI18n();
  const actionData = useActionData<typeof action>();
  const values: ChallengeFormValues = (actionData && "values" in actionData ? actionData.values : undefined) ?? {};
  return (
    <section className="mx-auto max-w-3xl rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="mb-6 text-xl font-semibold">{t("challenge.new")}</h1>
      <ChallengeForm values={values} errors={actionData?.fieldErrors ?? {}} formError={actionData?.formError} key={JSON.stringify(values)} />
    </section>
  );
}
