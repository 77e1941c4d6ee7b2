import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { listMeasureVersions, reviseMeasure, revisionSchema } from "~/domain/advisor/advisor.server";
import { measureKinds } from "~/domain/advisor/evaluator";
import { formatDate, useI18n } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, formFailure, parseForm } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { requirePermission } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "advisor.measures");

/** Administrators revise policy measures; each revision is a new version and the earlier ones are kept. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage:policy");
  const rows = await listMeasureVersions(await getPrisma());
  return { rows: rows.map((r) => ({ ...r, parameters: JSON.stringify(r.parameters) })) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "manage:policy");
  const { t } = getRequestTranslator(request);
  const formData = await request.formData();
  const parsed = parseForm(revisionSchema, formData, t);
  if (!parsed.ok) return formFailure(parsed);
  try {
    const created = await reviseMeasure(await getPrisma(), actor, parsed.data);
    return { ok: true as const, code: parsed.data.code, message: t("advisor.saved", { code: created.code, version: created.version }) };
  } catch (error) {
    return domainFailure(error, t, formData);
  }
}

export default function MeasuresPage() {
  const { t, locale } = useI18n();
  const { rows } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const current = rows.filter((r) => r.active);
  const input = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <div className="space-y-6">
      <p>
        <Link to="/advisor" className="text-sm text-brand-700 hover:underline">
          ← {t("advisor.title")}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{t("advisor.measures")}</h1>
      {result?.ok ? (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {result.message}
        </p>
      ) : result && !result.ok ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {result.formError} {Object.values(result.fieldErrors).join(" ")}
        </p>
      ) : null}
      {current.map((m) => (
        <details key={m.id} className="rounded-lg border border-slate-200 bg-white p-4">
          <summary className="cursor-pointer font-semibold">
            （{m.code}）{locale === "en" ? m.titleEn : m.title} · {t("advisor.version", { version: m.version })} · {t("advisor.validFrom")} {formatDate(locale, m.validFrom)}
          </summary>
          <Form method="post" className="mt-3 grid gap-3 md:grid-cols-2">
            <input type="hidden" name="code" value={m.code} />
            <label className="text-sm">
              {t("advisor.measure")} (zh)
              <input name="title" defaultValue={m.title} className={input} required />
            </label>
            <label className="text-sm">
              {t("advisor.measure")} (en)
              <input name="titleEn" defaultValue={m.titleEn} className={input} required />
            </label>
            <label className="text-sm md:col-span-2">
              {t("advisor.text")}
              <textarea name="textExcerpt" defaultValue={m.textExcerpt} rows={3} className={input} required />
            </label>
            <label className="text-sm">
              {t("advisor.kind")}
              <select name="kind" defaultValue={m.kind} className={input}>
                {measureKinds.map((k) => (
                  <option key={k} value={k}>
                    {k}
                  </option>
                ))}
              </select>
            </label>
            <label className="text-sm">
              {t("advisor.group")}
              <input name="group" defaultValue={m.group} className={input} required />
            </label>
            <label className="text-sm md:col-span-2">
              {t("advisor.parameters")}
              <textarea name="parameters" defaultValue={m.parameters} rows={3} className={`${input} font-mono`} required />
            </label>
            <label className="text-sm">
              {t("advisor.validFrom")}
              <input name="validFrom" type="date" defaultValue={new Date().toISOString().slice(0, 10)} className={input} required />
            </label>
            <div className="flex items-end">
              <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
                {t("advisor.saveVersion")}
              </button>
            </div>
          </Form>
          <h2 className="mt-4 text-sm font-medium">{t("advisor.history")}</h2>
          <ul className="mt-1 space-y-1 text-xs text-slate-600">
            {rows
              .filter((r) => r.code === m.code && !r.active)
              .map((r) => (
                <li key={r.id}>
                  {t("advisor.version", { version: r.version })} · {formatDate(locale, r.validFrom)} · {r.kind} · <code>{r.parameters}</code>
                </li>
              ))}
          </ul>
        </details>
      ))}
    </div>
  );
}
