import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { z } from "zod";
import { openConversation } from "~/domain/messaging/conversations.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { DomainError } from "~/domain/errors";
import { parseForm } from "~/utils/forms.server";
import { requireActor } from "~/utils/session.server";

const openSchema = z.object({ subjectKind: z.enum(["interest", "deal"], { message: "validation.invalid" }), subjectId: z.string().trim().min(1).max(40) });

/** Opens (or creates) the conversation about an interest or a deal the user takes part in: POST subjectKind, subjectId. */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = parseForm(openSchema, formData, t);
  // A resource route answers with a plain Response: `data()` would lose the status here.
  if (!parsed.ok) return Response.json(parsed, { status: 400 });
  try {
    const conversation = await openConversation(await getPrisma(), actor, parsed.data.subjectKind, parsed.data.subjectId);
    return redirect(`/conversations/${conversation.id}`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const message = t(error.messageKey, error.params);
    return Response.json({ ok: false, fieldErrors: error.field ? { [error.field]: message } : {}, formError: message }, { status: error.status });
  }
}
