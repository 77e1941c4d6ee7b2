import { data, redirect } from "@remix-run/node";
import { can } from "~/domain/accounts/permissions";
import { challengeFormObject, challengeInputSchema } from "~/domain/challenges/challenge-input";
import { createChallenge, updateChallenge } from "~/domain/challenges/challenges.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "./db.server";
import { domainFailure, fieldErrorsOf } from "./forms.server";
import { requireActor } from "./session.server";

/** Create (no id) or edit a challenge from its form; answers field errors in the user's language. */
export async function handleChallengeForm(request: Request, id?: string) {
  const actor = await requireActor(request);
  // Permission before validation: a member who may not post challenges learns nothing from field messages.
  if (!id && !can(actor.memberships, "create:challenge")) throw new Response("Forbidden", { status: 403 });
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const raw = challengeFormObject(formData);
  const parsed = challengeInputSchema.safeParse(raw);
  if (!parsed.success) {
    // The entered values come back so the form keeps them.
    return data({ ok: false as const, fieldErrors: fieldErrorsOf(parsed.error.issues, t), formError: t("auth.formError"), values: raw }, { status: 400 });
  }
  try {
    const db = await getPrisma();
    if (id) await updateChallenge(db, actor, id, parsed.data);
    const target = id ?? (await createChallenge(db, actor, parsed.data)).id;
    throw redirect(`/challenges/${target}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return domainFailure(error, t);
  }
}
