import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { signup } from "~/domain/accounts/accounts.server";
import { isOrgKind, orgKinds, rolesForOrgKind, type RoleName } from "~/domain/accounts/permissions";
import { signupSchema } from "~/domain/accounts/validation";
import { Field, FormError, inputClass, SubmitButton, TextInput } from "~/components/form";
import { useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, formFailure, parseForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { getActor, startSession } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.signup.title");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/account");
  const db = await getPrisma();
  const organizations = await db.organization.findMany({
    where: { verified: true },
    select: { id: true, name: true, nameEn: true, kind: true },
    orderBy: { name: "asc" },
    take: 500,
  });
  return { organizations };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = parseForm(signupSchema, formData, t);
  if (!parsed.ok) return formFailure(parsed);
  try {
    const { user } = await signup(await getPrisma(), parsed.data, { ip: context.ip });
    const cookie = await startSession(request, user.id, context.ip);
    throw redirect("/account?welcome=1", { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (error instanceof Response) throw error;
    return domainFailure(error, t, formData);
  }
}

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const selfServiceRoles: RoleName[] = ["RESEARCHER", "TTO", "ENTERPRISE", "BROKER", "BUREAU"];

export default function SignupPage() {
  const { t, locale } = useI18n();
  const { organizations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values: Record<string, string | undefined> = actionData?.values ?? {};
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const busy = useNavigation().state === "submitting";
  const [mode, setMode] = useState(values.mode === "join" ? "join" : "create");
  const [orgKind, setOrgKind] = useState(values.orgKind ?? "UNIVERSITY");
  const [organizationId, setOrganizationId] = useState(values.organizationId ?? "");
  const joinKind = organizations.find((o) => o.id === organizationId)?.kind;
  // Without JavaScript both organization sections show and every role is offered; the server checks the fit.
  const hydrated = useHydrated();
  const fitting: readonly RoleName[] =
    mode === "create" ? (isOrgKind(orgKind) ? rolesForOrgKind[orgKind] : selfServiceRoles) : joinKind ? rolesForOrgKind[joinKind] : selfServiceRoles;
  const roleChoices = hydrated ? fitting : selfServiceRoles;
  const describe = (name: string) => (errors[name] ? `${name}-error` : undefined);

  return (
    <section className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">{t("auth.signup.title")}</h1>
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <FormError message={actionData?.formError} />
        <Field name="email" label={t("auth.email")} error={errors.email}>
          <TextInput name="email" type="email" autoComplete="email" defaultValue={values.email} invalid={Boolean(errors.email)} describedBy={describe("email")} />
        </Field>
        <Field name="name" label={t("auth.name")} error={errors.name}>
          <TextInput name="name" autoComplete="name" defaultValue={values.name} invalid={Boolean(errors.name)} describedBy={describe("name")} />
        </Field>
        <Field name="password" label={t("auth.password")} error={errors.password} hint={t("auth.passwordHint")}>
          <TextInput name="password" type="password" autoComplete="new-password" invalid={Boolean(errors.password)} describedBy={describe("password") ?? "password-hint"} />
        </Field>
        <input type="hidden" name="locale" value={locale} />

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">{t("auth.signup.mode")}</legend>
          {(["create", "join"] as const).map((value) => (
            <label key={value} className="flex items-center gap-2 text-sm">
              <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} />
              {t(value === "create" ? "auth.signup.mode.create" : "auth.signup.mode.join")}
            </label>
          ))}
          {errors.mode ? <p className="text-sm text-red-700">{errors.mode}</p> : null}
        </fieldset>

        <div className="space-y-4 rounded-md bg-slate-50 p-4" hidden={hydrated && mode !== "create"}>
            <Field name="orgName" label={t("auth.signup.orgName")} error={errors.orgName}>
              <TextInput name="orgName" defaultValue={values.orgName} invalid={Boolean(errors.orgName)} describedBy={describe("orgName")} />
            </Field>
            <Field name="orgKind" label={t("auth.signup.orgKind")} error={errors.orgKind}>
              <select id="orgKind" name="orgKind" value={orgKind} onChange={(e) => setOrgKind(e.target.value)} className={inputClass} aria-invalid={Boolean(errors.orgKind) || undefined} aria-describedby={describe("orgKind")}>
                {orgKinds.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`orgKind.${kind}`)}
                  </option>
                ))}
              </select>
            </Field>
        </div>
        <div className="space-y-4 rounded-md bg-slate-50 p-4" hidden={hydrated && mode !== "join"}>
            <Field name="organizationId" label={t("auth.signup.organization")} error={errors.organizationId}>
              <select id="organizationId" name="organizationId" value={organizationId} onChange={(e) => setOrganizationId(e.target.value)} className={inputClass} aria-invalid={Boolean(errors.organizationId) || undefined} aria-describedby={describe("organizationId")}>
                <option value="">{t("auth.signup.chooseOrganization")}</option>
                {organizations.map((org) => (
                  <option key={org.id} value={org.id}>
                    {locale === "en" && org.nameEn ? org.nameEn : org.name} · {t(`orgKind.${org.kind}`)}
                  </option>
                ))}
              </select>
            </Field>
        </div>

        <Field name="role" label={t("auth.signup.role")} error={errors.role}>
          <select id="role" name="role" defaultValue={values.role} key={roleChoices.join()} className={inputClass} aria-invalid={Boolean(errors.role) || undefined} aria-describedby={describe("role")}>
            {roleChoices.map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
          </select>
        </Field>

        <SubmitButton busy={busy}>{t("auth.signup.submit")}</SubmitButton>
      </Form>
      <p className="mt-6 text-sm text-slate-600">
        {t("auth.signup.haveAccount")}{" "}
        <Link to="/login" className="text-brand-700 underline">
          {t("auth.signup.loginLink")}
        </Link>
      </p>
    </section>
  );
}
