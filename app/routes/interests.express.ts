import type { ActionFunctionArgs } from "@remix-run/node";
import { expressInterest, interestInputSchema } from "~/domain/interests/interests.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { DomainError } from "~/domain/errors";
import { parseForm } from "~/utils/forms.server";
import { requireActor } from "~/utils/session.server";

/** Expresses interest in a published listing (posted by the listing page's interest panel). */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = parseForm(interestInputSchema, formData, t);
  // A resource route answers with a plain Response: `data()` would lose the status here.
  if (!parsed.ok) return Response.json(parsed, { status: 400 });
  try {
    const interest = await expressInterest(await getPrisma(), actor, parsed.data);
    return { ok: true as const, id: interest.id, message: t("interest.created") };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const message = t(error.messageKey, error.params);
    return Response.json({ ok: false, fieldErrors: error.field ? { [error.field]: message } : {}, formError: message }, { status: error.status });
  }
}
