import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { downloadableLog, downloadedLogSchema, verifyChain } from "~/domain/bidding/rooms.server";
import { DomainError } from "~/domain/errors";
import { type Translate, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";
import { inputClass } from "~/components/form";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "rooms.verifyLog");

function describe(t: Translate, result: ReturnType<typeof verifyChain>, count: number) {
  return result.valid ? { ok: true, text: t("rooms.logValid", { count }) } : { ok: false, text: t("rooms.logInvalid", { seq: result.seq, problem: result.problem }) };
}

/** Verifies the stored log; also answers JSON to API clients (Accept: application/json). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  try {
    const log = await downloadableLog(await getPrisma(), actor, params.id ?? "");
    const result = verifyChain(log.events);
    if (request.headers.get("Accept")?.includes("application/json")) return Response.json({ ...result, count: log.events.length });
    return { roomId: log.roomId, title: log.title, stored: describe(t, result, log.events.length) };
  } catch (error) {
    if (error instanceof DomainError) throw new Response(t(error.messageKey), { status: error.status });
    throw error;
  }
}

/** Verifies a log the user pasted (as downloaded earlier), independently of what is stored. */
export async function action({ request }: ActionFunctionArgs) {
  await requireActor(request);
  const { t } = getRequestTranslator(request);
  const text = String((await request.formData()).get("log") ?? "");
  let parsed;
  try {
    parsed = downloadedLogSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) return Response.json({ ok: false, text: t("rooms.logUnreadable") }, { status: 400 });
  return describe(t, verifyChain(parsed.data.events), parsed.data.events.length);
}

export default function VerifyPage() {
  const { t } = useI18n();
  const { roomId, title, stored } = useLoaderData<typeof loader>();
  const pasted = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to={`/rooms/${roomId}`} className="text-sm text-brand-700 hover:underline">
        ← {title}
      </Link>
      <h1 className="text-2xl font-semibold">{t("rooms.verifyLog")}</h1>
      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="font-semibold">{t("rooms.verifyStored")}</h2>
        <p className={stored.ok ? "text-emerald-800" : "text-red-700"} data-testid="stored-verification">
          {stored.text}
        </p>
      </section>
      <Form method="post" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <label htmlFor="log" className="block font-semibold">
          {t("rooms.pasteLog")}
        </label>
        <textarea id="log" name="log" rows={8} className={inputClass} aria-invalid={pasted && !pasted.ok ? true : undefined} aria-describedby={pasted ? "pasted-verification" : undefined} />
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm text-white">
          {t("rooms.verifyPasted")}
        </button>
        {pasted && "text" in pasted ? (
          <p id="pasted-verification" role={pasted.ok ? "status" : "alert"} className={pasted.ok ? "text-emerald-800" : "text-red-700"} data-testid="pasted-verification">
            {pasted.text}
          </p>
        ) : null}
      </Form>
    </div>
  );
}
