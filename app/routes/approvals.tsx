import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { decideMembership, listPendingMemberships } from "~/domain/accounts/accounts.server";
import { can } from "~/domain/accounts/permissions";
import { formatDateTime, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, formFailure, parseForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "approvals.title");

const decisionSchema = z.object({
  membershipId: z.string({ message: "validation.required" }).min(1, { message: "validation.required" }).max(64, { message: "validation.invalid" }),
  decision: z.enum(["approve", "reject"], { message: "validation.choice" }),
});

/** Organization administrators and platform administrators (approve:membership), for the page and its decisions alike. */
async function requireApprover(request: Request) {
  const actor = await requireActor(request);
  if (!can(actor.memberships, "approve:membership")) throw new Response("Forbidden", { status: 403 });
  return actor;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApprover(request);
  const pending = await listPendingMemberships(await getPrisma(), actor);
  return { pending };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireApprover(request);
  const { t } = getRequestTranslator(request);
  const parsed = parseForm(decisionSchema, await request.formData(), t);
  if (!parsed.ok) return formFailure(parsed);
  try {
    const result = await decideMembership(await getPrisma(), actor, parsed.data.membershipId, parsed.data.decision);
    return { ok: true as const, message: t(result.status === "ACTIVE" ? "approvals.approved" : "approvals.rejected", { name: result.name }), formError: undefined };
  } catch (error) {
    return domainFailure(error, t);
  }
}

export default function ApprovalsPage() {
  const { t, locale } = useI18n();
  const { pending } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">{t("approvals.title")}</h1>
      {actionData?.ok ? (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {actionData.message}
        </p>
      ) : actionData?.formError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {actionData.formError}
        </p>
      ) : null}
      {pending.length === 0 ? (
        <p className="text-slate-600">{t("approvals.empty")}</p>
      ) : (
        <table className="w-full overflow-hidden rounded-lg border border-slate-200 bg-white text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className="px-3 py-2">{t("approvals.applicant")}</th>
              <th className="px-3 py-2">{t("approvals.organization")}</th>
              <th className="px-3 py-2">{t("approvals.role")}</th>
              <th className="px-3 py-2">{t("approvals.requestedAt")}</th>
              <th className="px-3 py-2">
                <span className="sr-only">{t("approvals.approve")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pending.map((m) => (
              <tr key={m.id} className="border-t border-slate-100">
                <td className="px-3 py-2">
                  {m.user.name}
                  <div className="text-xs text-slate-500">{m.user.email}</div>
                </td>
                <td className="px-3 py-2">
                  {m.organization.name}
                  {!m.organization.verified ? <span className="ml-2 rounded bg-amber-50 px-1.5 text-xs text-amber-900">{t("approvals.newOrganization")}</span> : null}
                </td>
                <td className="px-3 py-2">{t(`role.${m.role}`)}</td>
                <td className="px-3 py-2">{formatDateTime(locale, m.createdAt)}</td>
                <td className="px-3 py-2">
                  <Form method="post" className="flex gap-2">
                    <input type="hidden" name="membershipId" value={m.id} />
                    <button name="decision" value="approve" className="rounded bg-brand-600 px-3 py-1 text-white hover:bg-brand-700">
                      {t("approvals.approve")}
                    </button>
                    <button name="decision" value="reject" className="rounded border border-slate-300 px-3 py-1 hover:bg-slate-100">
                      {t("approvals.reject")}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
