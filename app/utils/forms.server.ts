import { data } from "@remix-run/node";
import type { z } from "zod";
import { DomainError } from "~/domain/errors";
import { isMessageKey, type Translate } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { requireActor } from "~/utils/session.server";

export type FieldErrors = Record<string, string>;
export type FormFailure = { ok: false; fieldErrors: FieldErrors; formError?: string; values?: Record<string, string> };

/** Turns a zod issue (whose message is an i18n key) into a sentence in the user's language. */
export function translateIssue(issue: z.core.$ZodIssue, t: Translate): string {
  const key = isMessageKey(issue.message) ? issue.message : "validation.invalid";
  const params: Record<string, string | number> = {};
  if (issue.code === "too_big") params.max = Number(issue.maximum);
  if (issue.code === "too_small") params.min = Number(issue.minimum);
  return t(key, params);
}

/** Form fields as plain strings (files and repeated keys are not part of these forms). */
export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) if (typeof value === "string") values[key] = value;
  return values;
}

export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  t: Translate,
): { ok: true; data: z.output<S> } | FormFailure {
  const values = formValues(formData);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, fieldErrors: fieldErrorsOf(result.error.issues, t), formError: t("auth.formError"), values: withoutSecrets(values) };
}

/** One message per top-level field (the first issue found), in the user's language; issues without a path go to "form". */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[], t: Translate): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of issues) fieldErrors[String(issue.path[0] ?? "form")] ??= translateIssue(issue, t);
  return fieldErrors;
}

function withoutSecrets(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !/password/i.test(key)));
}

/** A failed form as an HTTP answer: 400 for bad input, or the domain error's own status. */
export function formFailure(failure: FormFailure, status = 400) {
  return data(failure, { status });
}

/** Maps a DomainError onto the form (a field message if it names one) and re-throws anything else. */
export function domainFailure(error: unknown, t: Translate, formData?: FormData) {
  if (!(error instanceof DomainError)) throw error;
  const message = t(error.messageKey, error.params);
  const failure: FormFailure = {
    ok: false,
    fieldErrors: error.field ? { [error.field]: message } : {},
    formError: error.field ? t("auth.formError") : message,
    values: formData ? withoutSecrets(formValues(formData)) : undefined,
  };
  return data(failure, { status: error.status });
}

/** What a record page's form action starts from: the signed-in member, their translator, the posted form, the record's id, the database. */
export async function recordAction(request: Request, params: { id?: string }) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  return { actor, t, formData, id: params.id ?? "", db: await getPrisma() };
}
