import { Form, useActionData, useNavigation } from "@remix-run/react";
import { inputClass } from "~/components/form";
import type { TransitionName } from "~/domain/listings/workflow";
import { useI18n } from "~/i18n/i18n";

type ActionData = { ok: true; message: string } | { ok: false; fieldErrors: Record<string, string>; formError?: string } | undefined;

/** Status, return reasons and the transition buttons this viewer may use (the server decides again). */
export function WorkflowPanel({ status, returnReason, transitions }: { status: string; returnReason: string | null; transitions: TransitionName[] }) {
  const { t } = useI18n();
  const actionData = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const needsReason = transitions.includes("return");
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="workflow">
      <p className="text-sm">
        {t("listing.status")}: <strong data-testid="listing-status">{t(`status.${status}` as "status.DRAFT")}</strong>
      </p>
      {returnReason && status === "RETURNED" ? <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("workflow.returnedBecause", { reason: returnReason })}</p> : null}
      {actionData?.ok ? (
        <p role="status" className="text-sm text-green-800">
          {actionData.message}
        </p>
      ) : actionData?.formError ? (
        <p role="alert" className="text-sm text-red-700">
          {actionData.fieldErrors.reason ?? actionData.formError}
        </p>
      ) : null}
      {transitions.length > 0 ? (
        <Form method="post" className="space-y-2">
          {needsReason ? (
            <div>
              <label htmlFor="reason" className="block text-sm font-medium">
                {t("workflow.reason")}
              </label>
              <textarea id="reason" name="reason" rows={2} className={inputClass} />
            </div>
          ) : null}
          <div className="flex flex-wrap gap-2">
            {transitions.map((name) => (
              <button
                key={name}
                name="intent"
                value={name}
                disabled={busy}
                data-testid={`transition-${name}`}
                className={`rounded-md px-3 py-1.5 text-sm ${name === "publish" || name === "submit" ? "bg-brand-600 text-white hover:bg-brand-700" : "border border-slate-300 hover:bg-slate-100"}`}
              >
                {t(`workflow.action.${name}`)}
              </button>
            ))}
          </div>
        </Form>
      ) : null}
    </section>
  );
}
