import { Form, useLocation } from "@remix-run/react";
import { formatNumber, useI18n, type MessageKey } from "~/i18n/i18n";

type Facet = { value: string; count: number };
export type FacetData = { field: Facet[]; maturity: Facet[]; ip: Facet[]; coop: Facet[]; price: Facet[]; region: Facet[] };
type Selected = { field: string[]; maturity: string[]; ip: string[]; coop: string[]; price: string[]; region: string[]; sort: string };

const groups: { key: keyof FacetData; label: MessageKey; labelOf?: (t: (k: MessageKey) => string, v: string) => string }[] = [
  { key: "field", label: "facet.field" },
  { key: "maturity", label: "facet.maturity", labelOf: (t, v) => t(`maturity.${v}` as MessageKey) },
  { key: "ip", label: "facet.ip", labelOf: (t, v) => t(`ip.${v}` as MessageKey) },
  { key: "coop", label: "facet.cooperation", labelOf: (t, v) => t(`coop.${v}` as MessageKey) },
  { key: "price", label: "facet.price", labelOf: (t, v) => t(`price.${v}` as MessageKey) },
  { key: "region", label: "facet.region" },
];

/** Facets with counts, as a plain GET form: it works without JavaScript; with it, a change submits at once. */
export function FacetSidebar({ facets, selected, exportHref }: { facets: FacetData; selected: Selected; exportHref: string }) {
  const { t, locale } = useI18n();
  const location = useLocation();
  return (
    <Form method="get" className="space-y-4 text-sm" data-testid="facets" onChange={(event) => event.currentTarget.requestSubmit()}>
      <div className="space-y-1">
        <label htmlFor="sort" className="font-medium">
          {t("facet.sort")}
        </label>
        <select id="sort" name="sort" defaultValue={selected.sort} className="block w-full rounded-md border border-slate-300 bg-white px-2 py-1">
          {(["newest", "oldest", "priceAsc", "priceDesc", "title"] as const).map((s) => (
            <option key={s} value={s}>
              {t(`facet.sort.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {groups.map((group) =>
        facets[group.key].length === 0 ? null : (
          <fieldset key={group.key} className="space-y-1">
            <legend className="font-medium">{t(group.label)}</legend>
            <ul className="max-h-56 space-y-0.5 overflow-y-auto">
              {facets[group.key].map((f) => (
                <li key={f.value}>
                  <label className="flex items-center gap-2">
                    <input type="checkbox" name={group.key} value={f.value} defaultChecked={selected[group.key].includes(f.value)} />
                    <span className="flex-1">{group.labelOf ? group.labelOf(t, f.value) : f.value}</span>
                    <span className="text-xs text-slate-500" data-facet-count={`${group.key}:${f.value}`}>
                      {formatNumber(locale, f.count)}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ),
      )}
      <div className="flex flex-wrap gap-2">
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-white hover:bg-brand-700">
          {t("facet.apply")}
        </button>
        <a href={location.pathname} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100">
          {t("facet.clear")}
        </a>
        <a href={exportHref} className="rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100" data-testid="export-link">
          {t("facet.export")}
        </a>
      </div>
    </Form>
  );
}
