import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { changePassword } from "~/domain/accounts/accounts.server";
import { passwordChangeSchema } from "~/domain/accounts/validation";
import { Field, FormError, SubmitButton, TextInput } from "~/components/form";
import { useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, formFailure, parseForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "account.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    email: actor.email,
    name: actor.name,
    memberships: actor.allMemberships.map((m) => ({
      id: m.id,
      role: m.role,
      status: m.status,
      orgAdmin: m.orgAdmin,
      organization: { name: m.organization.name, kind: m.organization.kind, verified: m.organization.verified },
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = parseForm(passwordChangeSchema, formData, t);
  if (!parsed.ok) return formFailure(parsed);
  try {
    await changePassword(await getPrisma(), actor, parsed.data);
    return { ok: true as const, message: t("account.passwordChanged"), fieldErrors: {}, formError: undefined };
  } catch (error) {
    return domainFailure(error, t);
  }
}

export default function AccountPage() {
  const { t } = useI18n();
  const { email, name, memberships } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <div className="mx-auto max-w-2xl space-y-8">
      <header>
        <h1 className="text-2xl font-semibold">{t("account.title")}</h1>
        <p className="mt-1 text-slate-600">
          {name} · {email}
        </p>
      </header>
      {searchParams.get("welcome") ? (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {t("auth.signup.done")}
        </p>
      ) : null}

      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="text-lg font-semibold">{t("account.memberships")}</h2>
        {memberships.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("account.noMemberships")}</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100" data-testid="memberships">
            {memberships.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <span className="font-medium">{m.organization.name}</span>
                  <span className="ml-2 text-sm text-slate-500">{t(`orgKind.${m.organization.kind}`)}</span>
                </span>
                <span className="flex items-center gap-2 text-sm">
                  <span>{t(`role.${m.role}`)}</span>
                  {m.orgAdmin ? <span className="rounded bg-slate-100 px-2 py-0.5">{t("account.orgAdmin")}</span> : null}
                  <span className={`rounded px-2 py-0.5 ${m.status === "ACTIVE" ? "bg-emerald-50 text-emerald-800" : m.status === "PENDING" ? "bg-amber-50 text-amber-900" : "bg-red-50 text-red-800"}`}>
                    {t(`membership.${m.status}`)}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="text-lg font-semibold">{t("account.changePassword")}</h2>
        <Form method="post" className="mt-4 space-y-4" noValidate>
          {actionData?.ok ? (
            <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
              {actionData.message}
            </p>
          ) : (
            <FormError message={actionData?.formError} />
          )}
          <Field name="currentPassword" label={t("auth.currentPassword")} error={errors.currentPassword}>
            <TextInput name="currentPassword" type="password" autoComplete="current-password" invalid={Boolean(errors.currentPassword)} />
          </Field>
          <Field name="newPassword" label={t("auth.newPassword")} error={errors.newPassword} hint={t("auth.passwordHint")}>
            <TextInput name="newPassword" type="password" autoComplete="new-password" invalid={Boolean(errors.newPassword)} />
          </Field>
          <SubmitButton busy={busy}>{t("listing.form.save")}</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
