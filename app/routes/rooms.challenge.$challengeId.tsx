import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field, FormError, SubmitButton, TextInput, inputClass } from "~/components/form";
import { can } from "~/domain/accounts/permissions";
import { openChallengeRoom } from "~/domain/bidding/challenge-rooms.server";
import { useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, formFailure, parseForm } from "~/utils/forms.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

/** Opens a challenge's bid room (竞标): the schedule and the published formula; indicators come from the challenge. */
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "challengeRoom.open");

const indicatorList = z.array(z.object({ name: z.string(), unit: z.string().optional() })).catch([]);

async function load(request: Request, challengeId: string) {
  const actor = await requireActor(request);
  const challenge = await (await getPrisma()).challenge.findUnique({ where: { id: challengeId }, select: { id: true, title: true, issuerOrgId: true, fundingWan: true, indicators: true } });
  if (!challenge) throw notFound();
  if (!(can(actor.memberships, "update:challenge", challenge.issuerOrgId) || can(actor.memberships, "moderate:room"))) throw new Response("Forbidden", { status: 403 });
  return { actor, challenge, indicators: indicatorList.parse(challenge.indicators).slice(0, 20) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { challenge, indicators } = await load(request, params.challengeId ?? "");
  return { title: challenge.title, ceiling: challenge.fundingWan === null ? null : Number(challenge.fundingWan), indicators: indicators.map((i) => ({ name: i.name, unit: i.unit ?? "" })) };
}

const num = z.coerce.number({ message: "validation.invalid" }).refine(Number.isFinite, { message: "validation.invalid" });
const beijingTime = z
  .string({ message: "validation.required" })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, { message: "validation.invalid" })
  .transform((value) => new Date(`${value.length === 16 ? `${value}:00` : value}+08:00`));
const formSchema = z
  .object({
    opensAt: beijingTime,
    closesAt: beijingTime,
    maxMonths: z.coerce.number({ message: "validation.invalid" }).int({ message: "validation.invalid" }).min(1, { message: "validation.invalid" }).max(1_200, { message: "validation.invalid" }),
    fundingWeight: num.pipe(z.number().min(0, { message: "validation.invalid" })),
    timeWeight: num.pipe(z.number().min(0, { message: "validation.invalid" })),
  })
  .refine((v) => v.closesAt > v.opensAt, { path: ["closesAt"], message: "rooms.closesAfterOpens" });

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, challenge, indicators } = await load(request, params.challengeId ?? "");
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = parseForm(formSchema, formData, t);
  if (!parsed.ok) return formFailure(parsed);
  const indicatorSpecs = indicators.map((indicator, i) => ({
    key: `i${i + 1}`,
    name: indicator.name,
    unit: indicator.unit ?? "",
    target: Number(formData.get(`target-${i}`)),
    better: formData.get(`better-${i}`) === "lower" ? ("lower" as const) : ("higher" as const),
    weight: Number(formData.get(`weight-${i}`) || 0),
  }));
  try {
    const room = await openChallengeRoom(await getPrisma(), actor, challenge.id, {
      opensAt: parsed.data.opensAt,
      closesAt: parsed.data.closesAt,
      formula: { maxMonths: parsed.data.maxMonths, fundingWeight: parsed.data.fundingWeight, timeWeight: parsed.data.timeWeight, indicators: indicatorSpecs },
    });
    throw redirect(`/rooms/${room.id}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return domainFailure(error, t, formData);
  }
}

export default function OpenChallengeRoomPage() {
  const { t } = useI18n();
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.fieldErrors ?? {};
  const busy = useNavigation().state === "submitting";
  const field = (name: string, label: string, type = "text", defaultValue?: string) => (
    <Field name={name} label={label} error={errors[name]}>
      <TextInput name={name} type={type} defaultValue={defaultValue} invalid={Boolean(errors[name])} describedBy={errors[name] ? `${name}-error` : undefined} />
    </Field>
  );
  return (
    <section className="mx-auto max-w-2xl rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-xl font-semibold">{t("challengeRoom.open")}</h1>
      <p className="mt-1 text-sm text-slate-600">{data.title}</p>
      <p className="mt-1 text-sm text-slate-600">{t("challengeRoom.formulaText")}</p>
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <FormError message={actionData?.formError} />
        <div className="grid gap-4 sm:grid-cols-2">
          {field("opensAt", t("rooms.opensAt"), "datetime-local")}
          {field("closesAt", t("rooms.closesAt"), "datetime-local")}
          {field("maxMonths", t("challengeRoom.maxMonths"), "number", "36")}
          {field("fundingWeight", t("challengeRoom.fundingWeight"), "number", "0.4")}
          {field("timeWeight", t("challengeRoom.timeWeight"), "number", "0.2")}
        </div>
        {data.indicators.map((indicator, i) => (
          <fieldset key={`${indicator.name}-${i}`} className="grid gap-2 rounded border border-slate-200 p-3 sm:grid-cols-3">
            <legend className="px-1 text-sm font-medium">
              {indicator.name} {indicator.unit ? `(${indicator.unit})` : ""}
            </legend>
            <label className="text-sm">
              {t("challengeRoom.target")}
              <input name={`target-${i}`} type="number" step="any" min={0} className={inputClass} />
            </label>
            <label className="text-sm">
              {t("challengeRoom.weight")}
              <input name={`weight-${i}`} type="number" step="any" min={0} defaultValue="0.1" className={inputClass} />
            </label>
            <label className="text-sm">
              <span className="sr-only">{t("challengeRoom.better.higher")}</span>
              <select name={`better-${i}`} className={inputClass}>
                <option value="higher">{t("challengeRoom.better.higher")}</option>
                <option value="lower">{t("challengeRoom.better.lower")}</option>
              </select>
            </label>
          </fieldset>
        ))}
        <SubmitButton busy={busy}>{t("challengeRoom.open")}</SubmitButton>
      </Form>
    </section>
  );
}
