import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { Field, FormError, SubmitButton, TextInput } from "~/components/form";
import { can } from "~/domain/accounts/permissions";
import { createAuctionRoom } from "~/domain/bidding/rooms.server";
import { newAuctionSchema } from "~/domain/bidding/validation";
import { useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, formFailure, parseForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { requireActor, requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "rooms.new");

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "create:room");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const hostOrgId = actor.memberships.find((m) => can([m], "create:room"))?.organizationId;
  if (!hostOrgId) throw new Response("Forbidden", { status: 403 });
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = parseForm(newAuctionSchema, formData, t);
  if (!parsed.ok) return formFailure(parsed);
  try {
    const { negotiationMinutes, ...auction } = parsed.data;
    const negotiation = negotiationMinutes === null ? null : { seconds: negotiationMinutes * 60, topN: 3 };
    const room = await createAuctionRoom(await getPrisma(), actor, { ...auction, hostOrgId, negotiation });
    throw redirect(`/rooms/${room.id}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return domainFailure(error, t, formData);
  }
}

export default function NewRoomPage() {
  const { t } = useI18n();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const values: Record<string, string | undefined> = actionData?.values ?? {};
  const busy = useNavigation().state === "submitting";
  const field = (name: string, label: string, type = "text", hint?: string) => (
    <Field name={name} label={label} error={errors[name]} hint={hint}>
      <TextInput name={name} type={type} defaultValue={values[name]} invalid={Boolean(errors[name])} describedBy={errors[name] ? `${name}-error` : hint ? `${name}-hint` : undefined} />
    </Field>
  );
  return (
    <section className="mx-auto max-w-2xl rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-xl font-semibold">{t("rooms.new")}</h1>
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <FormError message={actionData?.formError} />
        {field("title", t("rooms.roomTitle"))}
        <div className="grid gap-4 sm:grid-cols-2">
          {field("startPrice", t("rooms.startPrice"), "number")}
          {field("increment", t("rooms.increment"), "number")}
          {field("reservePrice", t("rooms.reservePrice"), "number")}
          {field("maxExtensions", t("rooms.maxExtensions"), "number")}
          {field("opensAt", t("rooms.opensAt"), "datetime-local")}
          {field("closesAt", t("rooms.closesAt"), "datetime-local")}
        </div>
        {field("softCloseSeconds", t("rooms.softClose"), "number", t("rooms.softCloseHint"))}
        {field("negotiationMinutes", t("rooms.negotiationMinutes"), "number", t("rooms.negotiationMinutesHint"))}
        <SubmitButton busy={busy}>{t("rooms.create")}</SubmitButton>
      </Form>
    </section>
  );
}
