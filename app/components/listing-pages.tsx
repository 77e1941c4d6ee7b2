import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { Field, FormError, inputClass, SubmitButton, TextInput } from "~/components/form";
import { formatNumber, useI18n, type MessageKey } from "~/i18n/i18n";
import { ListingCard, Pagination } from "./listing";

type CardData = React.ComponentProps<typeof ListingCard>;

/** The browse page shared by achievements and needs. */
export function ListingListPage({
  titleKey,
  introKey,
  total,
  page,
  pages,
  cards,
  sidebar,
  actions,
}: {
  titleKey: MessageKey;
  introKey: MessageKey;
  total: number;
  page: number;
  pages: number;
  cards: CardData[];
  sidebar?: React.ReactNode;
  actions?: React.ReactNode;
}) {
  const { t, locale } = useI18n();
  return (
    <div>
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold">{t(titleKey)}</h1>
          <p className="mt-1 text-slate-600">{t(introKey)}</p>
        </div>
        <div className="flex items-center gap-3">
          <p className="text-sm text-slate-500" data-testid="list-count">
            {t("list.count", { count: formatNumber(locale, total) })}
            {sidebar ? null : ` · ${t("list.newestFirst")}`}
          </p>
          {actions}
        </div>
      </header>
      <div className={sidebar ? "mt-6 grid gap-6 lg:grid-cols-4" : ""}>
      {sidebar ? <aside className="lg:col-span-1">{sidebar}</aside> : null}
      <div className={sidebar ? "lg:col-span-3" : ""}>
      {cards.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500">{t("list.empty")}</p>
      ) : (
        <ul className="mt-6 space-y-3" data-testid="listing-list">
          {cards.map((card) => (
            <ListingCard key={card.to} {...card} />
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
      </div>
      </div>
    </div>
  );
}

type EditAction = { ok: false; fieldErrors: Record<string, string>; formError?: string } | undefined;

/** The edit form shared by achievements and needs; `withSummary` adds the public summary field. */
export function ListingEditForm({
  title,
  summary,
  description,
  withSummary,
  cancelTo,
}: {
  title: string;
  summary?: string;
  description: string;
  withSummary: boolean;
  cancelTo: string;
}) {
  const { t } = useI18n();
  const actionData = useActionData<EditAction>();
  const errors = actionData?.fieldErrors ?? {};
  const busy = useNavigation().state === "submitting";
  return (
    <section className="mx-auto max-w-3xl rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-xl font-semibold">{t("listing.editTitle", { title })}</h1>
      <Form method="post" className="mt-6 space-y-4" noValidate>
        <FormError message={actionData?.formError} />
        <Field name="title" label={t("listing.form.title")} error={errors.title}>
          <TextInput name="title" defaultValue={title} invalid={Boolean(errors.title)} />
        </Field>
        {withSummary ? (
          <Field name="summary" label={t("listing.form.summary")} error={errors.summary}>
            <textarea id="summary" name="summary" defaultValue={summary} rows={4} className={inputClass} aria-invalid={Boolean(errors.summary) || undefined} />
          </Field>
        ) : null}
        <Field name="description" label={t("listing.form.description")} error={errors.description}>
          <textarea id="description" name="description" defaultValue={description} rows={8} className={inputClass} aria-invalid={Boolean(errors.description) || undefined} />
        </Field>
        <div className="flex gap-3">
          <SubmitButton busy={busy}>{t("listing.form.save")}</SubmitButton>
          <Link to={cancelTo} className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100">
            {t("listing.form.cancel")}
          </Link>
        </div>
      </Form>
    </section>
  );
}

/** Edit and delete buttons, shown only to those whose permissions allow them (the server checks again). */
export function OwnerActions({ editTo, canEdit, canDelete }: { editTo: string; canEdit: boolean; canDelete: boolean }) {
  const { t } = useI18n();
  if (!canEdit && !canDelete) return null;
  return (
    <div className="flex gap-2">
      {canEdit ? (
        <Link to={editTo} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
          {t("listing.edit")}
        </Link>
      ) : null}
      {canDelete ? (
        <Form
          method="post"
          onSubmit={(event) => {
            if (!window.confirm(t("listing.deleteConfirm"))) event.preventDefault();
          }}
        >
          <button name="intent" value="delete" className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50">
            {t("listing.delete")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
