import { Form, useNavigation } from "@remix-run/react";
import { Field, FormError, inputClass, TextInput } from "~/components/form";
import { orgKindNames } from "~/domain/challenges/challenge-input";
import { useI18n } from "~/i18n/i18n";

export type ApplicationFormValues = {
  consortium?: { orgName: string; orgKind: string; role: string }[];
  consortiumAgreement?: string | boolean;
  piName?: string;
  piTitle?: string;
  piEmail?: string;
  summary?: string;
  indicators?: { indicator: string; approach: string }[];
  subTasks?: { title: string; months: string | number; milestone: string }[];
  requestedWan?: string | number | null;
  selfFundedWan?: string | number | null;
  integrityPledge?: string | boolean;
};

const checked = (v: string | boolean | undefined) => v === true || v === "on" || v === "true";

/**
 * 揭榜申报书: consortium (fixed rows up to the challenge's limit), principal investigator, an approach for
 * every indicator of the challenge, up to 5 sub-tasks with milestones, budget and the integrity pledge.
 */
export function ApplicationForm({
  indicators,
  maxMembers,
  ratio,
  values,
  errors,
  formError,
}: {
  indicators: { name: string; target: string; unit: string }[];
  maxMembers: number;
  ratio: number;
  values: ApplicationFormValues;
  errors: Record<string, string | undefined>;
  formError?: string;
}) {
  const { t } = useI18n();
  const busy = useNavigation().state === "submitting";
  const members = Array.from({ length: Math.max(maxMembers, values.consortium?.length ?? 0) }, (_, i) => values.consortium?.[i] ?? { orgName: "", orgKind: "ENTERPRISE", role: "" });
  const tasks = Array.from({ length: 5 }, (_, i) => values.subTasks?.[i] ?? { title: "", months: "", milestone: "" });
  const text = (name: "piName" | "piTitle" | "piEmail" | "requestedWan" | "selfFundedWan", label: string, hint?: string) => (
    <Field name={name} label={label} error={errors[name]} hint={hint}>
      <TextInput name={name} defaultValue={String(values[name] ?? "")} invalid={Boolean(errors[name])} describedBy={errors[name] ? `${name}-error` : undefined} />
    </Field>
  );
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`${name}-error`} className="text-sm text-red-700" data-field-error={name}>
        {errors[name]}
      </p>
    ) : null;
  return (
    <Form method="post" className="space-y-6" noValidate data-testid="application-form">
      <FormError message={formError} />
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t("application.pi")}</legend>
        <div className="grid gap-4 sm:grid-cols-3">
          {text("piName", t("application.piName"))}
          {text("piTitle", t("application.piTitle"))}
          {text("piEmail", t("application.piEmail"))}
        </div>
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t("application.consortium")}</legend>
        <p className="text-xs text-slate-500">{t("application.consortiumHint", { max: maxMembers })}</p>
        {members.map((member, i) => (
          <div key={i} className="grid gap-2 sm:grid-cols-3">
            <input name="memberName" aria-label={`${t("application.memberName")} ${i + 1}`} defaultValue={member.orgName} className={inputClass} placeholder={t("application.memberName")} />
            <select name="memberKind" aria-label={`${t("application.memberKind")} ${i + 1}`} defaultValue={member.orgKind} className={inputClass}>
              {orgKindNames.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`orgKind.${kind}`)}
                </option>
              ))}
            </select>
            <input name="memberRole" aria-label={`${t("application.memberRole")} ${i + 1}`} defaultValue={member.role} className={inputClass} placeholder={t("application.memberRole")} />
          </div>
        ))}
        {fieldError("consortium")}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="consortiumAgreement" defaultChecked={checked(values.consortiumAgreement)} />
          {t("application.consortiumAgreement")}
        </label>
        {fieldError("consortiumAgreement")}
      </fieldset>

      <Field name="summary" label={t("application.summary")} error={errors.summary}>
        <textarea id="summary" name="summary" rows={4} defaultValue={values.summary ?? ""} className={inputClass} />
      </Field>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t("application.plan")}</legend>
        <p className="text-xs text-slate-500">{t("application.planHint")}</p>
        {indicators.map((indicator, i) => (
          <div key={indicator.name} className="space-y-1">
            <label htmlFor={`approach-${i}`} className="block text-sm">
              {indicator.name}（{indicator.target} {indicator.unit}）
            </label>
            <input type="hidden" name="indicatorName" value={indicator.name} />
            <textarea id={`approach-${i}`} name="indicatorApproach" rows={2} defaultValue={values.indicators?.find((row) => row.indicator === indicator.name)?.approach ?? ""} className={inputClass} placeholder={t("application.approach")} />
          </div>
        ))}
        {fieldError("indicators")}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t("application.subTasks")}</legend>
        <p className="text-xs text-slate-500">{t("application.subTasksHint")}</p>
        {tasks.map((task, i) => (
          <div key={i} className="grid gap-2 sm:grid-cols-[2fr_1fr_3fr]">
            <input name="taskTitle" aria-label={`${t("application.taskTitle")} ${i + 1}`} defaultValue={task.title} className={inputClass} placeholder={t("application.taskTitle")} />
            <input name="taskMonths" aria-label={`${t("application.taskMonths")} ${i + 1}`} defaultValue={String(task.months)} className={inputClass} placeholder={t("application.taskMonths")} inputMode="numeric" />
            <input name="taskMilestone" aria-label={`${t("application.taskMilestone")} ${i + 1}`} defaultValue={task.milestone} className={inputClass} placeholder={t("application.taskMilestone")} />
          </div>
        ))}
        {fieldError("subTasks")}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">{t("application.budget")}</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          {text("requestedWan", t("application.requestedWan"))}
          {text("selfFundedWan", t("application.selfFundedWan"), t("application.ratioHint", { ratio }))}
        </div>
      </fieldset>

      <fieldset className="space-y-2 rounded-md border border-slate-200 p-3">
        <legend className="text-sm font-medium">{t("application.pledge")}</legend>
        <p className="text-sm text-slate-700">{t("application.pledgeText")}</p>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="integrityPledge" defaultChecked={checked(values.integrityPledge)} />
          {t("application.pledge")}
        </label>
        {fieldError("integrityPledge")}
      </fieldset>

      <div className="flex gap-3">
        <button name="intent" value="save" disabled={busy} className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100">
          {t("application.saveDraft")}
        </button>
        <button name="intent" value="submit" disabled={busy} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
          {t("application.saveAndSubmit")}
        </button>
      </div>
    </Form>
  );
}
