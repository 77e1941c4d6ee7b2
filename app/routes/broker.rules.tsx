import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Field, FormError, inputClass, SubmitButton } from "~/components/form";
import { currentRules, managedAgencies, saveCommissionRule } from "~/domain/deals/commissions.server";
import { formatDateTime, formatWan, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, formValues } from "~/utils/forms.server";
import { requirePermission } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requirePermission(request, "manage:commission");
  const agencies = managedAgencies(actor);
  if (agencies.length === 0) throw new Response("Forbidden", { status: 403 });
  const rules = await currentRules(await getPrisma(), agencies.map((agency) => agency.id));
  return { agencies: agencies.map((agency) => ({ id: agency.id, name: agency.name, rule: rules.find((r) => r.agencyId === agency.id)?.rule ?? null })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:commission");
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const values = formValues(formData);
  try {
    await saveCommissionRule(await getPrisma(), actor, values.agencyId ?? "", { kind: values.kind === "FIXED" ? "FIXED" : "PERCENT", percent: values.percent ?? "", fixedWan: values.fixedWan ?? "", introducerShare: values.introducerShare ?? "" }, { ip: request.headers.get("x-forwarded-for") });
    return { ok: true as const, agencyId: values.agencyId, message: t("deal.rules.saved") };
  } catch (error) {
    return domainFailure(error, t, formData);
  }
}

export default function CommissionRulesPage() {
  const { t, locale } = useI18n();
  const { agencies } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="space-y-4" aria-labelledby="rules-heading">
      <h2 id="rules-heading" className="text-lg font-semibold">
        {t("deal.rules.title")}
      </h2>
      <p className="text-sm text-slate-600">{t("deal.rules.hint")}</p>
      {agencies.map((agency) => {
        const failure = result && !result.ok && result.values?.agencyId === agency.id ? result : null;
        const rule = agency.rule;
        return (
          <article key={agency.id} className="max-w-xl space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="commission-rule">
            <h3 className="font-semibold">{agency.name}</h3>
            <p className="text-sm" data-testid="current-rule">
              {t("deal.rules.current")}：
              {rule
                ? rule.kind === "FIXED"
                  ? t("deal.rules.summaryFixed", { amount: formatWan(locale, Number(rule.fixedWan)), share: rule.introducerShare })
                  : t("deal.rules.summaryPercent", { percent: Number(rule.percent), share: rule.introducerShare })
                : t("deal.rules.none")}
              {rule ? <span className="ml-2 text-slate-500">{t("deal.rules.validFrom")} {formatDateTime(locale, rule.validFrom)}</span> : null}
            </p>
            {result?.ok && result.agencyId === agency.id ? (
              <p role="status" className="text-sm text-green-800">
                {result.message}
              </p>
            ) : null}
            <Form method="post" className="space-y-3">
              <input type="hidden" name="agencyId" value={agency.id} />
              {failure?.formError ? <FormError message={failure.formError} /> : null}
              <fieldset className="text-sm">
                {(["PERCENT", "FIXED"] as const).map((kind) => (
                  <label key={kind} className="mr-4 inline-flex items-center gap-1">
                    <input type="radio" name="kind" value={kind} defaultChecked={(failure?.values?.kind ?? rule?.kind ?? "PERCENT") === kind} /> {t(`deal.rules.kind.${kind}`)}
                  </label>
                ))}
              </fieldset>
              <Field name="percent" label={t("deal.rules.percent")} error={failure?.fieldErrors.percent}>
                <input id="percent" name="percent" inputMode="decimal" defaultValue={failure?.values?.percent ?? rule?.percent ?? ""} className={inputClass} />
              </Field>
              <Field name="fixedWan" label={t("deal.rules.fixedWan")} error={failure?.fieldErrors.fixedWan}>
                <input id="fixedWan" name="fixedWan" inputMode="decimal" defaultValue={failure?.values?.fixedWan ?? rule?.fixedWan ?? ""} className={inputClass} />
              </Field>
              <Field name="introducerShare" label={t("deal.rules.introducerShare")} error={failure?.fieldErrors.introducerShare}>
                <input id="introducerShare" name="introducerShare" type="number" min={0} max={100} step="0.1" required defaultValue={failure?.values?.introducerShare ?? String(rule?.introducerShare ?? 50)} className={inputClass} />
              </Field>
              <SubmitButton>{t("deal.rules.save")}</SubmitButton>
            </Form>
          </article>
        );
      })}
    </section>
  );
}
