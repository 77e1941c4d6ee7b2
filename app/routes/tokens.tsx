import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, inputClass, SubmitButton } from "~/components/form";
import { apiScopes } from "~/domain/accounts/api-tokens";
import { createApiToken, listApiTokens, revokeApiToken, tokenInputSchema } from "~/domain/accounts/api-tokens.server";
import { can } from "~/domain/accounts/permissions";
import { formatDateTime, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, formFailure, fieldErrorsOf } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "api.tokens.title");

async function requireTokenManager(request: Request) {
  const actor = await requireActor(request);
  const orgId = actor.memberships.find((m) => can([m], "manage:token", m.organizationId))?.organizationId;
  if (!orgId) throw new Response("Forbidden", { status: 403 });
  return { actor, orgId };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireTokenManager(request);
  return { tokens: await listApiTokens(await getPrisma(), actor) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor, orgId } = await requireTokenManager(request);
  const { t } = getRequestTranslator(request);
  const form = await request.formData();
  const db = await getPrisma();
  try {
    if (form.get("intent") === "revoke") {
      await revokeApiToken(db, actor, String(form.get("tokenId") ?? ""));
      return { ok: true as const, secret: null };
    }
    const parsed = tokenInputSchema.safeParse({ name: form.get("name") ?? "", scopes: form.getAll("scopes") });
    if (!parsed.success) {
      return formFailure({ ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues, t), formError: t("auth.formError") });
    }
    const token = await createApiToken(db, actor, orgId, parsed.data);
    return { ok: true as const, secret: token.secret };
  } catch (error) {
    return domainFailure(error, t);
  }
}

export default function TokensPage() {
  const { t, locale } = useI18n();
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "fieldErrors" in result ? result.fieldErrors : {};
  return (
    <div className="max-w-3xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">{t("api.tokens.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("api.tokens.intro")}</p>
        <a href="/api/v1/openapi.json" className="text-sm text-brand-700 hover:underline">
          {t("api.tokens.docs")}
        </a>
      </header>
      {result && "secret" in result && result.secret ? (
        <div className="rounded-md border border-green-300 bg-green-50 p-3 text-sm">
          <p>{t("api.tokens.created")}</p>
          <code className="break-all font-mono" data-testid="token-secret">
            {result.secret}
          </code>
        </div>
      ) : null}
      <Form method="post" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <FormError message={result && "formError" in result ? result.formError : undefined} />
        <Field name="name" label={t("api.tokens.name")} error={errors.name}>
          <input id="name" name="name" className={inputClass} />
        </Field>
        <fieldset>
          <legend className="text-sm font-medium">{t("api.tokens.scopes")}</legend>
          {apiScopes.map((s) => (
            <label key={s} className="mr-4 inline-flex items-center gap-1.5 text-sm">
              <input type="checkbox" name="scopes" value={s} defaultChecked={s === "listings:read"} />
              {t(`api.scope.${s}`)} <code className="text-xs text-slate-500">{s}</code>
            </label>
          ))}
          {errors.scopes ? <p className="text-sm text-red-700">{errors.scopes}</p> : null}
        </fieldset>
        <SubmitButton>{t("api.tokens.create")}</SubmitButton>
      </Form>
      {tokens.length === 0 ? (
        <p className="text-sm text-slate-500">{t("api.tokens.empty")}</p>
      ) : (
        <table className="w-full text-sm" data-testid="tokens">
          <thead>
            <tr className="text-left text-slate-500">
              <th>{t("api.tokens.name")}</th>
              <th>{t("api.tokens.scopes")}</th>
              <th>{t("api.tokens.lastUsed")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} className="border-t border-slate-100">
                <td className="py-1.5">
                  {token.name} <code className="text-xs text-slate-500">sx_{token.prefix}_…</code>
                </td>
                <td>{token.scopes.join(", ")}</td>
                <td>{token.lastUsedAt ? formatDateTime(locale, token.lastUsedAt) : "—"}</td>
                <td>
                  {token.revokedAt ? (
                    t("api.tokens.revoked")
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="tokenId" value={token.id} />
                      <button name="intent" value="revoke" className="rounded-md border border-red-300 px-2 py-1 text-red-700">
                        {t("api.tokens.revoke")}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
