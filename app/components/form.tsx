import type { ReactNode } from "react";

type FieldProps = {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  children?: ReactNode;
};

/** A labelled field with its error message wired to aria-describedby. */
export function Field({ name, label, error, hint, children }: FieldProps) {
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {children ?? <TextInput name={name} invalid={Boolean(error)} describedBy={describedBy} />}
      {hint ? (
        <p id={`${name}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${name}-error`} className="text-sm text-red-700" data-field-error={name}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 aria-[invalid=true]:border-red-600";

export function TextInput({
  name,
  type = "text",
  invalid,
  describedBy,
  defaultValue,
  autoComplete,
  required,
}: {
  name: string;
  type?: string;
  invalid?: boolean;
  describedBy?: string;
  defaultValue?: string;
  autoComplete?: string;
  required?: boolean;
}) {
  return (
    <input
      id={name}
      name={name}
      type={type}
      defaultValue={defaultValue}
      autoComplete={autoComplete}
      required={required}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      className={inputClass}
    />
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  );
}

/** What a page's last form action answered: its confirmation, or the error that stopped it. */
export function ActionOutcome({ result, errorTestId }: { result?: { ok?: boolean; message?: string; formError?: string } | null; errorTestId: string }) {
  if (result?.ok) {
    return (
      <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
        {result.message}
      </p>
    );
  }
  if (!result?.formError) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid={errorTestId}>
      {result.formError}
    </p>
  );
}

export function SubmitButton({ children, busy }: { children: ReactNode; busy?: boolean }) {
  return (
    <button
      type="submit"
      disabled={busy}
      className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
    >
      {children}
    </button>
  );
}
