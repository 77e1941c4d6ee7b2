import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Field, FormError, inputClass, SubmitButton, TextInput } from "~/components/form";
import { maturityNames, orgKindNames } from "~/domain/challenges/challenge-input";
import { useI18n } from "~/i18n/i18n";

type Indicator = { name: string; target: string; unit: string; verification: string };
export type ChallengeFormValues = {
  direction?: string;
  subField?: string | null;
  title?: string;
  background?: string;
  researchContent?: string;
  indicators?: Indicator[];
  deadline?: string;
  fundingWan?: string;
  fundingSource?: string | null;
  targetMaturity?: string | null;
  eligibleOrgKinds?: string[];
  maxConsortiumMembers?: string;
  maxApplicationsPerOrg?: string;
  selfFundingRatio?: string;
  /** a boolean from the database, "on" from a submitted form */
  excludePriorWinners?: boolean | string;
  ipArrangement?: string;
  ipNote?: string | null;
  evaluationMode?: string;
  applicationOpensAt?: string;
  applicationClosesAt?: string;
};

const emptyIndicator: Indicator = { name: "", target: "", unit: "", verification: "" };

/** The challenge form, used to post and to edit. Indicator rows can be added; empty rows are ignored. */
export function ChallengeForm({ values, errors, formError }: { values: ChallengeFormValues; errors: Record<string, string | undefined>; formError?: string }) {
  const { t } = useI18n();
  const busy = useNavigation().state === "submitting";
  const [rows, setRows] = useState<Indicator[]>(values.indicators?.length ? values.indicators : [emptyIndicator, emptyIndicator]);
  const text = (name: keyof ChallengeFormValues, label: string, type = "text") => (
    <Field name={name} label={label} error={errors[name]}>
      <TextInput name={name} type={type} defaultValue={String(values[name] ?? "")} invalid={Boolean(errors[name])} describedBy={errors[name] ? `${name}-error` : undefined} />
    </Field>
  );
  const area = (name: "background" | "researchContent", label: string) => (
    <Field name={name} label={label} error={errors[name]}>
      <textarea id={name} name={name} rows={5} defaultValue={values[name] ?? ""} className={inputClass} aria-invalid={Boolean(errors[name]) || undefined} />
    </Field>
  );
  return (
    <Form method="post" className="space-y-5" noValidate>
      <FormError message={formError} />
      <div className="grid gap-4 sm:grid-cols-2">
        {text("direction", t("challenge.direction"))}
        {text("subField", t("challenge.subField"))}
      </div>
      {text("title", t("challenge.name"))}
      {area("background", t("challenge.background"))}
      {area("researchContent", t("challenge.researchContent"))}

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t("challenge.indicators")}</legend>
        <p className="text-xs text-slate-500">{t("challenge.indicatorsHint")}</p>
        {errors.indicators ? <p className="text-sm text-red-700">{errors.indicators}</p> : null}
        {rows.map((row, i) => (
          <div key={i} className="grid gap-2 sm:grid-cols-4">
            <input name="indicatorName" aria-label={`${t("challenge.indicatorName")} ${i + 1}`} placeholder={t("challenge.indicatorName")} defaultValue={row.name} className={inputClass} />
            <input name="indicatorTarget" aria-label={`${t("challenge.indicatorTarget")} ${i + 1}`} placeholder={t("challenge.indicatorTarget")} defaultValue={row.target} className={inputClass} />
            <input name="indicatorUnit" aria-label={`${t("challenge.indicatorUnit")} ${i + 1}`} placeholder={t("challenge.indicatorUnit")} defaultValue={row.unit} className={inputClass} />
            <input name="indicatorVerification" aria-label={`${t("challenge.indicatorVerification")} ${i + 1}`} placeholder={t("challenge.indicatorVerification")} defaultValue={row.verification} className={inputClass} />
          </div>
        ))}
        <button type="button" className="text-sm text-brand-700 underline" onClick={() => setRows([...rows, emptyIndicator])}>
          + {t("challenge.indicators")}
        </button>
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-3">
        {text("deadline", t("challenge.deadline"), "date")}
        {text("fundingWan", t("challenge.funding"), "number")}
        {text("fundingSource", t("challenge.fundingSource"))}
      </div>
      <Field name="targetMaturity" label={t("challenge.targetMaturity")} error={errors.targetMaturity}>
        <select id="targetMaturity" name="targetMaturity" defaultValue={values.targetMaturity ?? ""} className={inputClass}>
          <option value="">—</option>
          {maturityNames.map((m) => (
            <option key={m} value={m}>
              {t(`maturity.${m}`)}
            </option>
          ))}
        </select>
      </Field>

      <fieldset className="space-y-2 rounded-md bg-slate-50 p-4">
        <legend className="text-sm font-medium">{t("challenge.eligibility")}</legend>
        <p className="text-sm">{t("challenge.eligibleOrgKinds")}</p>
        <div className="flex flex-wrap gap-4">
          {orgKindNames.map((kind) => (
            <label key={kind} className="flex items-center gap-1 text-sm">
              <input type="checkbox" name="eligibleOrgKinds" value={kind} defaultChecked={values.eligibleOrgKinds?.includes(kind)} />
              {t(`orgKind.${kind}`)}
            </label>
          ))}
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          {text("maxConsortiumMembers", t("challenge.maxConsortiumMembers"), "number")}
          {text("maxApplicationsPerOrg", t("challenge.maxApplicationsPerOrg"), "number")}
          {text("selfFundingRatio", t("application.selfFundingRatioSetting"), "number")}
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="excludePriorWinners" defaultChecked={values.excludePriorWinners === true || values.excludePriorWinners === "on"} />
          {t("challenge.excludePriorWinners")}
        </label>
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="ipArrangement" label={t("challenge.ipArrangement")} error={errors.ipArrangement}>
          <select id="ipArrangement" name="ipArrangement" defaultValue={values.ipArrangement ?? "JOINT"} className={inputClass}>
            {(["ASSIGNMENT", "LICENSE", "JOINT", "CUSTOM"] as const).map((ip) => (
              <option key={ip} value={ip}>
                {t(`challenge.ip.${ip}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field name="evaluationMode" label={t("challenge.evaluationMode")} error={errors.evaluationMode}>
          <select id="evaluationMode" name="evaluationMode" defaultValue={values.evaluationMode ?? "PROPOSAL"} className={inputClass}>
            {(["PROPOSAL", "RACE"] as const).map((mode) => (
              <option key={mode} value={mode}>
                {t(`challenge.mode.${mode}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {text("ipNote", t("challenge.ipNote"))}
      <div className="grid gap-4 sm:grid-cols-2">
        {text("applicationOpensAt", t("challenge.applicationOpensAt"), "date")}
        {text("applicationClosesAt", t("challenge.applicationClosesAt"), "date")}
      </div>
      <SubmitButton busy={busy}>{t("challenge.save")}</SubmitButton>
    </Form>
  );
}
