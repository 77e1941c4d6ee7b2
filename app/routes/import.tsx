import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { can } from "~/domain/accounts/permissions";
import { DomainError } from "~/domain/errors";
import { columnsOf, type ImportKind } from "~/domain/listings/import/columns";
import { type Analysis, commitImport, dryRunImport, MAX_IMPORT_BYTES, MAX_IMPORT_MB, reanalyzeImport } from "~/domain/listings/import/import.server";
import { formatNumber, useI18n, type MessageKey } from "~/i18n/i18n";
import { getRequestTranslator } from "~/i18n/locale.server";
import type { ImportProgress } from "~/domain/listings/import/progress";
import { useImportProgress } from "~/realtime/use-import-progress";
import { getPrisma } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { pageTitle } from "~/utils/meta";
import { receiveUpload, removeUpload } from "~/utils/uploads.server";
import { requireActor } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "import.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const kinds = (["achievement", "need"] as const).filter((k) => can(actor.memberships, `create:${k}`));
  if (kinds.length === 0) throw new Response("Forbidden", { status: 403 });
  return { kinds, maxMb: MAX_IMPORT_MB };
}

type Shown = {
  batchId: string | null;
  kind: ImportKind;
  analysis: Pick<Analysis, "headers" | "mapping" | "totalRows" | "validRows" | "errorRows"> & { fileErrors: string[]; rowErrors: { row: number; column: string; message: string }[] };
  done?: string;
};

function shown(t: ReturnType<typeof getRequestTranslator>["t"], batchId: string | null, kind: ImportKind, analysis: Analysis, done?: string): Shown {
  return {
    batchId,
    kind,
    done,
    analysis: {
      headers: analysis.headers,
      mapping: analysis.mapping,
      totalRows: analysis.totalRows,
      validRows: analysis.validRows,
      errorRows: analysis.errorRows,
      fileErrors: analysis.fileErrors.map((e) => t(e.messageKey, e.params)),
      rowErrors: analysis.rowErrors.slice(0, 500).map((e) => ({ row: e.row, column: e.column, message: t(e.messageKey, e.params) })),
    },
  };
}

function manualMapping(form: FormData): Record<string, string> {
  const manual: Record<string, string> = {};
  for (const [key, value] of form) if (key.startsWith("map.") && typeof value === "string") manual[key.slice(4)] = value;
  return manual;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  if (!can(actor.memberships, "create:achievement") && !can(actor.memberships, "create:need")) throw new Response("Forbidden", { status: 403 });
  const { t } = getRequestTranslator(request);
  const db = await getPrisma();
  const uploadsDir = getEnv().uploadsDir;
  try {
    if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
      const { upload, form } = await receiveUpload(request, "file", MAX_IMPORT_BYTES);
      const kind: ImportKind = form?.get("kind") === "need" ? "need" : "achievement";
      if ("error" in upload) {
        const message = upload.error === "tooLarge" ? t("import.error.tooLarge", { mb: MAX_IMPORT_MB }) : t(upload.error === "malformed" ? "import.error.unreadable" : "import.error.noFile");
        return data({ batchId: null, kind, analysis: { headers: [], mapping: {}, totalRows: 0, validRows: 0, errorRows: 0, fileErrors: [message], rowErrors: [] } } satisfies Shown, { status: upload.error === "tooLarge" ? 413 : 400 });
      }
      try {
        const result = await dryRunImport(db, actor, { kind, uploadedFile: upload.filePath, fileName: upload.fileName, uploadsDir });
        return data(shown(t, result.batchId, kind, result.analysis), { status: result.analysis.fileErrors.length ? 422 : 200 });
      } finally {
        removeUpload(upload);
      }
    }
    const form = await request.formData();
    const batchId = String(form.get("batchId") ?? "");
    const manual = manualMapping(form);
    const kind: ImportKind = form.get("kind") === "need" ? "need" : "achievement";
    if (form.get("intent") === "commit") {
      const result = await commitImport(db, actor, { uploadsDir, batchId, manual, submit: form.get("submit") === "on" });
      const done = result.analysis.fileErrors.length ? undefined : t("import.done", { created: result.created, updated: result.updated, unchanged: result.unchanged, errors: result.errorRows });
      return shown(t, batchId, kind, result.analysis, done);
    }
    const result = await reanalyzeImport(actor, { uploadsDir, batchId, manual });
    return shown(t, batchId, kind, result.analysis);
  } catch (error) {
    if (error instanceof DomainError) throw new Response(t(error.messageKey, error.params), { status: error.status });
    throw error;
  }
}

function Progress({ progress, live }: { progress: ImportProgress | null; live: boolean }) {
  const { t } = useI18n();
  if (!progress) return null;
  return (
    <div role="status" data-testid="import-progress" data-live={live ? "true" : "false"} className="space-y-1">
      <p className="text-sm">{t("import.progress", { done: progress.done, total: progress.total })}</p>
      <progress max={progress.total || 1} value={progress.done} className="w-full" />
    </div>
  );
}

export default function ImportPage() {
  const { t, locale } = useI18n();
  const { kinds, maxMb } = useLoaderData<typeof loader>();
  const result = useActionData<Shown>();
  const navigation = useNavigation();
  const committing = navigation.state === "submitting" && navigation.formData?.get("intent") === "commit";
  const { progress, live } = useImportProgress(result?.batchId ?? null, committing);
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">{t("import.title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("import.intro")}</p>
      </header>
      <Form method="post" encType="multipart/form-data" className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="import-upload">
        <label className="text-sm">
          <span className="block font-medium">{t("import.kind")}</span>
          <select name="kind" defaultValue={result?.kind ?? kinds[0]} className="rounded-md border border-slate-300 px-2 py-1.5">
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`review.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium">
            {t("import.file")} (.xlsx / .csv, ≤ {maxMb} MB)
          </span>
          <input type="file" name="file" accept=".xlsx,.csv" required />
        </label>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm text-white">
          {t("import.dryRun")}
        </button>
      </Form>
      {result ? (
        <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" data-testid="import-result">
          {result.analysis.fileErrors.map((message) => (
            <p key={message} role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="file-error">
              {message}
            </p>
          ))}
          {result.done ? (
            <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900" data-testid="import-done">
              {result.done}
            </p>
          ) : null}
          {result.analysis.totalRows > 0 ? (
            <p className="text-sm" data-testid="import-summary">
              {t("import.summary", { total: formatNumber(locale, result.analysis.totalRows), valid: formatNumber(locale, result.analysis.validRows), errors: formatNumber(locale, result.analysis.errorRows) })}
            </p>
          ) : null}
          {result.batchId && result.analysis.headers.length > 0 ? (
            <Form method="post" className="space-y-3">
              <input type="hidden" name="batchId" value={result.batchId} />
              <input type="hidden" name="kind" value={result.kind} />
              <h2 className="font-semibold">{t("import.mapping")}</h2>
              <table className="text-sm">
                <thead>
                  <tr className="text-left text-slate-500">
                    <th className="pr-4">{t("import.header")}</th>
                    <th id="map-column">{t("import.column")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.analysis.headers.map((header, index) => (
                    <tr key={`${index}-${result.analysis.mapping[index] ?? ""}`}>
                      <td className="pr-4" id={`map-header-${index}`}>
                        {header}
                      </td>
                      <td>
                        {/* named by its row's header and the column heading, so a screen reader says which header it maps */}
                        <select name={`map.${index}`} aria-labelledby={`map-header-${index} map-column`} defaultValue={result.analysis.mapping[index] ?? ""} className="rounded-md border border-slate-300 px-2 py-1">
                          <option value="">{t("import.ignore")}</option>
                          {columnsOf(result.kind).map((c) => (
                            <option key={c} value={c}>
                              {t(`import.col.${c}` as MessageKey)}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="submit" />
                {t("import.submit")}
              </label>
              <div className="flex flex-wrap gap-2">
                <button name="intent" value="remap" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
                  {t("import.dryRun")}
                </button>
                {result.analysis.fileErrors.length === 0 && !result.done ? (
                  <button name="intent" value="commit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm text-white" data-testid="import-commit">
                    {t("import.commit")}
                  </button>
                ) : null}
                {result.analysis.errorRows > 0 ? (
                  <a href={`/import/${result.batchId}/errors.xlsx`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm" data-testid="download-errors">
                    {t("import.downloadErrors")}
                  </a>
                ) : null}
              </div>
              {committing ? <Progress progress={progress} live={live} /> : null}
            </Form>
          ) : null}
          {result.analysis.rowErrors.length > 0 ? (
            <table className="w-full text-sm" data-testid="row-errors">
              <thead>
                <tr className="text-left text-slate-500">
                  <th>{t("import.row")}</th>
                  <th>{t("import.column")}</th>
                  <th>{t("import.message")}</th>
                </tr>
              </thead>
              <tbody>
                {result.analysis.rowErrors.map((e, i) => (
                  <tr key={i} className="border-t border-slate-100">
                    <td>{e.row}</td>
                    <td>{e.column}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
