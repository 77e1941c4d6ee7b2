import { data, redirect } from "@remix-run/node";
import { applicationFormObject, applicationInputSchema } from "~/domain/challenges/application-input";
import type { EligibilityRule } from "~/domain/challenges/applications";
import { EligibilityError, saveAndSubmitApplication, saveApplication } from "~/domain/challenges/applications.server";
import type { Translate } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "./db.server";
import { domainFailure, fieldErrorsOf } from "./forms.server";
import { requireActor } from "./session.server";

/** Where each eligibility rule's message shows on the form (rules without a field go to the form message). */
const ruleField: Partial<Record<EligibilityRule, string>> = {
  CONSORTIUM_SIZE: "consortium",
  CONSORTIUM_AGREEMENT: "consortiumAgreement",
  INDICATORS: "indicators",
  SUBTASKS: "subTasks",
  FUNDING_RATIO: "selfFundedWan",
  PLEDGE: "integrityPledge",
};

export function eligibilityFailure(error: EligibilityError, t: Translate) {
  const fieldErrors: Record<string, string> = {};
  for (const rule of error.rules) {
    const field = ruleField[rule];
    if (field) fieldErrors[field] = t(`application.rule.${rule}`);
  }
  const formError = t("application.notEligible", { rules: error.rules.map((rule) => t(`application.rule.${rule}`)).join("；") });
  return { fieldErrors, formError, rules: error.rules };
}

/**
 * The application form: save a draft (intent "save") or save and submit (intent "submit") in one
 * transaction. Bad input and failed eligibility rules come back field by field with the entered values.
 */
export async function handleApplicationForm(request: Request, challengeId: string, applicationId?: string) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const raw = applicationFormObject(formData);
  const parsed = applicationInputSchema.safeParse(raw);
  if (!parsed.success) {
    return data({ ok: false as const, fieldErrors: fieldErrorsOf(parsed.error.issues, t), formError: t("auth.formError"), values: raw }, { status: 400 });
  }
  try {
    const db = await getPrisma();
    const saved =
      formData.get("intent") === "submit"
        ? await saveAndSubmitApplication(db, actor, challengeId, parsed.data, applicationId)
        : await saveApplication(db, actor, challengeId, parsed.data, applicationId);
    throw redirect(`/applications/${saved.id}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof EligibilityError) return data({ ok: false as const, ...eligibilityFailure(error, t), values: raw }, { status: 422 });
    return domainFailure(error, t);
  }
}
