import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field, FormError, inputClass, SubmitButton } from "~/components/form";
import { cooperationModeNames, confidentialityNames, ipTypeNames, maturityNames } from "~/domain/listings/listing-input";
import { allTechFields, industrySections, priorityIndustries, techFieldTaxonomy } from "~/domain/listings/taxonomy";
import { useI18n } from "~/i18n/i18n";

export type ListingFormValues = {
  title?: string;
  summary?: string;
  description?: string;
  techField?: string | null;
  industryClass?: string | null;
  maturity?: string | null;
  ipItems?: { type: string; number: string | null; status: string | null; holder: string | null }[];
  indicators?: { name: string; target: string; unit: string }[];
  cooperationModes?: string[];
  priceMin?: number | null;
  priceMax?: number | null;
  budgetMin?: number | null;
  budgetMax?: number | null;
  negotiable?: boolean;
  region?: string | null;
  keywords?: string[];
  team?: string | null;
  validUntil?: string | null;
  deadline?: string | null;
  disclosureTerms?: string | null;
  confidentiality?: string;
};

type ActionData = { ok: false; fieldErrors: Record<string, string>; formError?: string } | undefined;

const day = (v: string | null | undefined) => (v ? v.slice(0, 10) : "");

/** The create/edit form of an achievement or a need; every field the issue lists, validated on the server. */
export function ListingForm({ kind, heading, values, submitLabel, cancelTo }: { kind: "achievement" | "need"; heading: string; values: ListingFormValues; submitLabel: string; cancelTo: string }) {
  const { t } = useI18n();
  const actionData = useActionData<ActionData>();
  const errors = actionData?.fieldErrors ?? {};
  const busy = useNavigation().state === "submitting";
  const isAchievement = kind === "achievement";
  const ipRows = [...(values.ipItems ?? []), { type: "", number: null, status: null, holder: null }, { type: "", number: null, status: null, holder: null }].slice(0, Math.max(3, (values.ipItems?.length ?? 0) + 1));
  const indicatorRows = [...(values.indicators ?? []), { name: "", target: "", unit: "" }, { name: "", target: "", unit: "" }].slice(0, Math.max(3, (values.indicators?.length ?? 0) + 1));
  const textarea = (name: string, defaultValue: string | null | undefined, rows = 4) => (
    <textarea id={name} name={name} defaultValue={defaultValue ?? ""} rows={rows} className={inputClass} aria-invalid={Boolean(errors[name]) || undefined} />
  );
  const input = (name: string, defaultValue: string | number | null | undefined, type = "text") => (
    <input id={name} name={name} type={type} defaultValue={defaultValue ?? ""} className={inputClass} aria-invalid={Boolean(errors[name]) || undefined} step={type === "number" ? "any" : undefined} />
  );
  const low = isAchievement ? "priceMin" : "budgetMin";
  const high = isAchievement ? "priceMax" : "budgetMax";
  return (
    <section className="mx-auto max-w-3xl rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-xl font-semibold">{heading}</h1>
      <Form method="post" className="mt-6 space-y-4" noValidate data-testid="listing-form">
        <FormError message={actionData?.formError} />
        <Field name="title" label={t("listingForm.title")} error={errors.title}>
          {input("title", values.title)}
        </Field>
        {isAchievement ? (
          <Field name="summary" label={t("listingForm.summary")} hint={t("listingForm.summaryHint")} error={errors.summary}>
            {textarea("summary", values.summary)}
          </Field>
        ) : null}
        <Field
          name="description"
          label={isAchievement ? t("listingForm.description") : t("listingForm.problem")}
          hint={isAchievement ? t("listingForm.descriptionHint") : undefined}
          error={errors.description}
        >
          {textarea("description", values.description, 8)}
        </Field>
        <Field name="techField" label={t("listingForm.techField")} error={errors.techField}>
          <select id="techField" name="techField" defaultValue={values.techField ?? ""} className={inputClass} aria-invalid={Boolean(errors.techField) || undefined}>
            <option value="">{t("listingForm.chooseField")}</option>
            <optgroup label={t("listingForm.priority")}>
              {priorityIndustries.flatMap((p) =>
                p.fields
                  .filter((f) => f.includes("-") && allTechFields.includes(f))
                  .map((f) => (
                    <option key={`${p.key}-${f}`} value={f}>
                      {p.label} · {f}
                    </option>
                  )),
              )}
            </optgroup>
            {techFieldTaxonomy.map((major) => (
              <optgroup key={major.major} label={major.major}>
                {major.minors.map((minor) => (
                  <option key={minor} value={`${major.major}-${minor}`}>
                    {major.major}-{minor}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <Field name="industryClass" label={t("listingForm.industryClass")} hint={t("listingForm.industryHint")} error={errors.industryClass}>
          <input id="industryClass" name="industryClass" list="industry-sections" defaultValue={values.industryClass ?? ""} className={inputClass} />
        </Field>
        <datalist id="industry-sections">
          {industrySections.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        {isAchievement ? (
          <>
            <Field name="maturity" label={t("listingForm.maturity")} error={errors.maturity}>
              <select id="maturity" name="maturity" defaultValue={values.maturity ?? ""} className={inputClass}>
                <option value="">{t("listingForm.none")}</option>
                {maturityNames.map((m) => (
                  <option key={m} value={m}>
                    {t(`maturity.${m}`)}
                  </option>
                ))}
              </select>
            </Field>
            <fieldset className="space-y-2">
              <legend className="text-sm font-medium">{t("listingForm.ipItems")}</legend>
              {ipRows.map((row, i) => (
                <div key={i} className="grid grid-cols-4 gap-2">
                  <select name={`ip.${i}.type`} defaultValue={row.type} aria-label={t("listingForm.ipType")} className={inputClass}>
                    <option value="">{t("listingForm.ipType")}</option>
                    {ipTypeNames.map((ip) => (
                      <option key={ip} value={ip}>
                        {t(`ip.${ip}`)}
                      </option>
                    ))}
                  </select>
                  <input name={`ip.${i}.number`} defaultValue={row.number ?? ""} placeholder={t("listingForm.ipNumber")} aria-label={t("listingForm.ipNumber")} className={inputClass} />
                  <input name={`ip.${i}.status`} defaultValue={row.status ?? ""} placeholder={t("listingForm.ipStatus")} aria-label={t("listingForm.ipStatus")} className={inputClass} />
                  <input name={`ip.${i}.holder`} defaultValue={row.holder ?? ""} placeholder={t("listingForm.ipHolder")} aria-label={t("listingForm.ipHolder")} className={inputClass} />
                </div>
              ))}
            </fieldset>
          </>
        ) : (
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">{t("listingForm.indicators")}</legend>
            {indicatorRows.map((row, i) => (
              <div key={i} className="grid grid-cols-3 gap-2">
                <input name={`indicator.${i}.name`} defaultValue={row.name} placeholder={t("listingForm.indicatorName")} aria-label={t("listingForm.indicatorName")} className={inputClass} />
                <input name={`indicator.${i}.target`} defaultValue={row.target} placeholder={t("listingForm.indicatorTarget")} aria-label={t("listingForm.indicatorTarget")} className={inputClass} />
                <input name={`indicator.${i}.unit`} defaultValue={row.unit} placeholder={t("listingForm.indicatorUnit")} aria-label={t("listingForm.indicatorUnit")} className={inputClass} />
              </div>
            ))}
            {Object.entries(errors)
              .filter(([k]) => k.startsWith("indicators."))
              .map(([k, v]) => (
                <p key={k} className="text-sm text-red-700" data-field-error={k}>
                  {v}
                </p>
              ))}
          </fieldset>
        )}
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">{isAchievement ? t("listingForm.cooperation") : t("listingForm.wantedCooperation")}</legend>
          <div className="flex flex-wrap gap-4">
            {cooperationModeNames.map((m) => (
              <label key={m} className="flex items-center gap-1.5 text-sm">
                <input type="checkbox" name="cooperationModes" value={m} defaultChecked={values.cooperationModes?.includes(m)} />
                {t(`coop.${m}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid grid-cols-3 items-end gap-3">
          <Field name={low} label={isAchievement ? t("listingForm.priceMin") : t("listingForm.budgetMin")} error={errors[low]}>
            {input(low, isAchievement ? values.priceMin : values.budgetMin, "number")}
          </Field>
          <Field name={high} label={isAchievement ? t("listingForm.priceMax") : t("listingForm.budgetMax")} error={errors[high]}>
            {input(high, isAchievement ? values.priceMax : values.budgetMax, "number")}
          </Field>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" name="negotiable" defaultChecked={values.negotiable ?? true} />
            {t("listingForm.negotiable")}
          </label>
        </div>
        <div className="grid grid-cols-2 gap-3">
          <Field name="region" label={t("listingForm.region")} error={errors.region}>
            {input("region", values.region)}
          </Field>
          <Field name="validUntil" label={t("listingForm.validUntil")} error={errors.validUntil}>
            {input("validUntil", day(values.validUntil), "date")}
          </Field>
        </div>
        {isAchievement ? (
          <>
            <Field name="keywords" label={t("listingForm.keywords")} hint={t("listingForm.keywordsHint")} error={errors.keywords}>
              {input("keywords", values.keywords?.join("、"))}
            </Field>
            <Field name="team" label={t("listingForm.team")} error={errors.team}>
              {textarea("team", values.team, 2)}
            </Field>
            <Field name="disclosureTerms" label={t("listingForm.disclosureTerms")} hint={t("listingForm.disclosureTermsHint")} error={errors.disclosureTerms}>
              {textarea("disclosureTerms", values.disclosureTerms, 3)}
            </Field>
          </>
        ) : (
          <div className="grid grid-cols-2 gap-3">
            <Field name="deadline" label={t("listingForm.deadline")} error={errors.deadline}>
              {input("deadline", day(values.deadline), "date")}
            </Field>
            <Field name="confidentiality" label={t("listingForm.confidentiality")} error={errors.confidentiality}>
              <select id="confidentiality" name="confidentiality" defaultValue={values.confidentiality ?? "PUBLIC"} className={inputClass}>
                {confidentialityNames.map((c) => (
                  <option key={c} value={c}>
                    {t(`confidentiality.${c}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        )}
        <div className="flex gap-3">
          <SubmitButton busy={busy}>{submitLabel}</SubmitButton>
          <Link to={cancelTo} className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100">
            {t("listing.form.cancel")}
          </Link>
        </div>
      </Form>
    </section>
  );
}
