import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { emailEnabled, emailTopicsOf } from "~/domain/notifications/email.server";
import { saveEmailTopics } from "~/domain/notifications/notifications.server";
import { isPreferenceTopic, preferenceTopics } from "~/domain/notifications/topics";
import { useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "notifications.prefs.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return { email: actor.email, emailOn: emailEnabled(), chosen: await emailTopicsOf(await getPrisma(), actor.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const { t } = getRequestTranslator(request);
  const form = await request.formData();
  const chosen = form.getAll("topic");
  // An unknown topic is a stale or forged form: saving the rest would silently drop the member's choices.
  if (!chosen.every((topic) => typeof topic === "string" && isPreferenceTopic(topic))) return data({ ok: false, message: t("validation.choice") }, { status: 400 });
  await saveEmailTopics(await getPrisma(), actor.id, chosen.map(String));
  return { ok: true, message: t("notifications.prefs.saved") };
}

export default function NotificationSettings() {
  const { t } = useI18n();
  const { email, emailOn, chosen } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  return (
    <div className="max-w-xl space-y-4">
      <Link to="/notifications" className="text-sm text-brand-700 hover:underline">
        ← {t("notifications.title")}
      </Link>
      <h1 className="text-2xl font-semibold">{t("notifications.prefs.title")}</h1>
      <p className="text-sm text-slate-700">{t("notifications.prefs.hint", { email })}</p>
      {emailOn ? null : <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">{t("notifications.prefs.emailOff")}</p>}
      {saved ? (
        <p role={saved.ok ? "status" : "alert"} className={saved.ok ? "text-sm text-green-800" : "text-sm text-red-700"}>
          {saved.message}
        </p>
      ) : null}
      <Form method="post" className="space-y-2 rounded-lg border border-slate-200 bg-white p-6" data-testid="email-topics">
        {preferenceTopics.map((topic) => (
          <label key={topic} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="topic" value={topic} defaultChecked={chosen.includes(topic)} /> {t(`notifications.topic.${topic}`)}
          </label>
        ))}
        <button className="mt-2 rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white hover:bg-brand-700">{t("notifications.prefs.save")}</button>
      </Form>
    </div>
  );
}
