import type { ActionFunctionArgs } from "@remix-run/node";
import { expressInterest, interestInputSchema } from "~/domain/interests/interests.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, formFailure, parseForm } from "~/utils/forms.server";
import { requireActor } from "~/utils/session.server";

/** Expresses interest in a published listing (posted by the listing page's interest panel). */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = parseForm(interestInputSchema, formData, t);
  if (!parsed.ok) return formFailure(parsed);
  try {
    const interest = await expressInterest(await getPrisma(), actor, parsed.data);
    return { ok: true as const, id: interest.id, message: t("interest.created") };
  } catch (error) {
    return domainFailure(error, t, formData);
  }
}
