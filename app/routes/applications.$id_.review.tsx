import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { criterionText } from "~/components/application-labels";
import { inputClass } from "~/components/form";
import { conflictSchema, scoreSchema } from "~/domain/challenges/application-input";
import { declareConflict, getApplication, scoreApplication } from "~/domain/challenges/applications.server";
import { useI18n } from "~/i18n/i18n";
import { getPrisma } from "~/utils/db.server";
import { domainFailure, fieldErrorsOf, parseForm, recordAction } from "~/utils/forms.server";
import { notFound } from "~/utils/listing-routes.server";
import { pageTitle } from "~/utils/meta";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageTitle(matches, "application.review", data?.challenge.title);

/** The reviewer's page: a conflict-of-interest declaration first, then scores on the published criteria. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await getApplication(await getPrisma(), await requireActor(request), params.id ?? "");
  if (!page || (!page.can.review && !page.ownReview)) throw notFound();
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, t, formData, id, db } = await recordAction(request, params);
  try {
    if (formData.get("intent") === "declare") {
      const parsed = parseForm(conflictSchema, formData, t);
      if (!parsed.ok) return data(parsed, { status: 400 });
      await declareConflict(db, actor, id, { conflicted: parsed.data.conflicted === "yes", note: parsed.data.conflictNote });
      return { ok: true as const, fieldErrors: {} as Record<string, string>, formError: undefined };
    }
    const scores: Record<string, string> = {};
    for (const [key, value] of formData) if (key.startsWith("score_") && typeof value === "string") scores[key.slice(6)] = value;
    const parsed = scoreSchema.safeParse({ scores, comment: formData.get("comment") ?? "" });
    if (!parsed.success) {
      // A bad score is shown on its own criterion's field.
      const fieldErrors = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path[0] === "scores" ? `score_${String(issue.path[1])}` : String(issue.path[0]), fieldErrorsOf([issue], t)[String(issue.path[0])] ?? ""]));
      return data({ ok: false as const, fieldErrors, formError: t("auth.formError") }, { status: 400 });
    }
    await scoreApplication(db, actor, id, parsed.data.scores, parsed.data.comment);
    return { ok: true as const, fieldErrors: {} as Record<string, string>, formError: undefined };
  } catch (error) {
    return domainFailure(error, t, formData);
  }
}

export default function ReviewPage() {
  const { t } = useI18n();
  const { application: a, challenge, lead, criteria, ownReview, can } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string> = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const own = ownReview as { conflicted: boolean; total: number | null; scores: Record<string, number> | null; comment: string | null } | null;
  return (
    <article className="mx-auto max-w-3xl space-y-6">
      <Link to={`/applications/${a.id}`} className="text-sm text-brand-700 hover:underline">
        ← {challenge.title} · {lead?.name}
      </Link>
      <h1 className="text-2xl font-semibold">{t("application.review")}</h1>
      {actionData?.formError ? (
        <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="review-error">
          {actionData.formError}
        </p>
      ) : null}

      <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="coi">
        <h2 className="font-semibold">{t("application.coi")}</h2>
        {own ? (
          <p className="text-sm" data-testid="coi-declared">
            {t("application.coiDeclared", { answer: own.conflicted ? t("application.coiYes") : t("application.coiNo") })}
          </p>
        ) : can.review ? (
          <Form method="post" className="space-y-2 text-sm">
            <input type="hidden" name="intent" value="declare" />
            <p>{t("application.coiQuestion")}</p>
            <label className="flex items-center gap-1">
              <input type="radio" name="conflicted" value="no" /> {t("application.coiNo")}
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="conflicted" value="yes" /> {t("application.coiYes")}
            </label>
            {errors.conflicted ? <p className="text-red-700">{errors.conflicted}</p> : null}
            <label htmlFor="conflictNote" className="block">
              {t("application.note")}
            </label>
            <textarea id="conflictNote" name="conflictNote" rows={2} className={inputClass} />
            {errors.conflictNote ? <p className="text-red-700">{errors.conflictNote}</p> : null}
            <button className="rounded-md bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700">{t("application.declare")}</button>
          </Form>
        ) : null}
      </section>

      {own && !own.conflicted ? (
        <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="scoring">
          <h2 className="font-semibold">{t("application.scoreTitle")}</h2>
          {own.total !== null ? <p className="text-sm" data-testid="own-total">{t("application.yourTotal", { total: own.total })}</p> : null}
          {can.review ? (
            <Form method="post" className="space-y-3 text-sm">
              <input type="hidden" name="intent" value="score" />
              {criteria.map((c) => (
                <div key={c.key} className="grid grid-cols-[1fr_8rem] items-center gap-2">
                  <label htmlFor={`score_${c.key}`}>
                    {criterionText(t, c.key)} <span className="text-slate-500">（{t("application.weight", { weight: c.weight })}）</span>
                  </label>
                  <input id={`score_${c.key}`} name={`score_${c.key}`} inputMode="decimal" defaultValue={own.scores?.[c.key] ?? ""} className={inputClass} aria-invalid={Boolean(errors[`score_${c.key}`]) || undefined} />
                  {errors[`score_${c.key}`] ? <p className="col-span-2 text-red-700">{errors[`score_${c.key}`]}</p> : null}
                </div>
              ))}
              <label htmlFor="comment" className="block">
                {t("application.comment")}
              </label>
              <textarea id="comment" name="comment" rows={3} defaultValue={own.comment ?? ""} className={inputClass} />
              <button className="rounded-md bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700">{t("application.saveScore")}</button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </article>
  );
}
