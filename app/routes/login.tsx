import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { login } from "~/domain/accounts/accounts.server";
import { loginSchema } from "~/domain/accounts/validation";
import { Field, FormError, SubmitButton, TextInput } from "~/components/form";
import { useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { formFailure, parseForm } from "~/utils/forms.server";
import { getActor, safeRedirect, startSession } from "~/utils/session.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = parseForm(loginSchema, formData, t);
  if (!parsed.ok) return formFailure(parsed);
  const db = await getPrisma();
  const result = await login(db, { email: parsed.data.email, password: parsed.data.password, ip: context.ip ?? "unknown" });
  if (!result.ok) {
    return data(
      { ok: false as const, fieldErrors: {}, formError: t(result.error.messageKey, result.error.params), values: { email: parsed.data.email } },
      { status: result.error.status },
    );
  }
  const cookie = await startSession(request, result.userId, context.ip);
  throw redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function LoginPage() {
  const { t } = useI18n();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  return (
    <section className="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold">{t("auth.login.title")}</h1>
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <FormError message={actionData?.formError} />
        <Field name="email" label={t("auth.email")} error={errors.email}>
          <TextInput name="email" type="email" autoComplete="email" defaultValue={actionData?.values?.email} invalid={Boolean(errors.email)} describedBy={errors.email ? "email-error" : undefined} />
        </Field>
        <Field name="password" label={t("auth.password")} error={errors.password}>
          <TextInput name="password" type="password" autoComplete="current-password" invalid={Boolean(errors.password)} describedBy={errors.password ? "password-error" : undefined} />
        </Field>
        <SubmitButton busy={busy}>{t("auth.login.submit")}</SubmitButton>
      </Form>
      <p className="mt-6 text-sm text-slate-600">
        {t("auth.login.noAccount")}{" "}
        <Link to="/signup" className="text-brand-700 underline">
          {t("auth.login.signupLink")}
        </Link>
      </p>
    </section>
  );
}
