import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, isRouteErrorResponse, useLoaderData, useNavigation, useRouteError, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { Highlighted } from "~/components/highlighted";
import { Chip } from "~/components/listing";
import { type MessageKey, formatNumber, isMessageKey, useI18n } from "~/i18n/i18n";
import { pageTitle } from "~/utils/meta";
import { getSearchService } from "../../search/service.server";
import { FACETS, type FacetName } from "../../search/types";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "search.title");

const listOf = (values: string[]) => values.filter((value) => value.length > 0 && value.length <= 100).slice(0, 20);
const paramsSchema = z.object({
  q: z.string().max(200).default(""),
  kind: z.enum(["achievement", "need"]).optional().catch(undefined),
  sort: z.enum(["relevance", "newest"]).default("relevance").catch("relevance"),
  page: z.coerce.number().int().min(1).max(500).default(1).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const params = paramsSchema.parse(Object.fromEntries([...url.searchParams].filter(([key]) => ["q", "kind", "sort", "page"].includes(key))));
  const filter = Object.fromEntries(FACETS.filter((facet) => facet !== "kind").map((facet) => [facet, listOf(url.searchParams.getAll(facet))]));
  const result = await getSearchService().search({ q: params.q, kind: params.kind, filter, sort: params.sort, page: params.page, pageSize: 20, prefix: true });
  return { ...result, params, filter };
}

const FACET_LABELS: Record<FacetName, MessageKey> = {
  kind: "search.facet.kind",
  techFieldMajor: "search.facet.techFieldMajor",
  industryMajor: "search.facet.industryMajor",
  maturity: "search.facet.maturity",
  cooperationModes: "search.facet.cooperationModes",
  region: "search.facet.region",
};

function useFacetValueLabel() {
  const { t } = useI18n();
  return (facet: FacetName, value: string) => {
    const key = facet === "maturity" ? `maturity.${value}` : facet === "cooperationModes" ? `coop.${value}` : facet === "kind" ? `search.kind.${value}` : "";
    return key && isMessageKey(key) ? t(key) : value;
  };
}

export default function SearchPage() {
  const { t, locale } = useI18n();
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const submit = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const label = useFacetValueLabel();
  const searching = navigation.state === "loading" && navigation.location?.pathname === "/search";
  useEffect(() => () => clearTimeout(timer.current), []);

  // Instant search: submit 250 ms after the last keystroke, replacing the history entry.
  const onInput = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (form.current) submit(form.current, { replace: true, preventScrollReset: true });
    }, 250);
  };
  const pageLink = (page: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(page));
    return `/search?${next.toString()}`;
  };

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">{t("search.title")}</h1>
        <p className="mt-1 text-slate-600">{t("search.intro")}</p>
      </header>
      <Form ref={form} method="get" role="search" className="space-y-4" onChange={onInput}>
        <div className="flex flex-wrap gap-2">
          <label htmlFor="search-q" className="sr-only">
            {t("search.label")}
          </label>
          <input
            id="search-q"
            type="search"
            name="q"
            defaultValue={data.params.q}
            placeholder={t("search.placeholder")}
            autoComplete="off"
            className="min-w-64 flex-1 rounded-md border border-slate-300 px-3 py-2 focus:outline-none focus:ring-2 focus:ring-brand-500"
            data-testid="search-input"
          />
          <label className="sr-only" htmlFor="search-sort">
            {t("search.sort")}
          </label>
          <select id="search-sort" name="sort" defaultValue={data.params.sort} className="rounded-md border border-slate-300 px-2 py-2">
            <option value="relevance">{t("search.sort.relevance")}</option>
            <option value="newest">{t("search.sort.newest")}</option>
          </select>
          <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
            {t("search.submit")}
          </button>
        </div>
        <fieldset className="flex flex-wrap gap-3">
          <legend className="sr-only">{t("search.facet.kind")}</legend>
          {(["", "achievement", "need"] as const).map((kind) => (
            <label key={kind || "all"} className="flex items-center gap-1.5">
              <input type="radio" name="kind" value={kind} defaultChecked={(data.params.kind ?? "") === kind} />
              {t(kind ? `search.kind.${kind}` : "search.kind.all")}
            </label>
          ))}
        </fieldset>
        {data.notice ? (
          <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900" data-testid="search-notice">
            {t(data.notice === "indexing" ? "search.notice.indexing" : "search.notice.unavailable")}
          </p>
        ) : null}
        <div className="grid gap-6 lg:grid-cols-4">
          <aside className="space-y-4 lg:col-span-1" aria-label={t("search.facets")}>
            {FACETS.filter((facet) => facet !== "kind").map((facet) => {
              const counts = Object.entries(data.facets[facet] ?? {}).sort((a, b) => b[1] - a[1]).slice(0, 12);
              const chosen = data.filter[facet] ?? [];
              const values = [...new Set([...chosen, ...counts.map(([value]) => value)])];
              if (values.length === 0) return null;
              return (
                <fieldset key={facet} className="rounded-md border border-slate-200 bg-white p-3">
                  <legend className="px-1 text-sm font-semibold">{t(FACET_LABELS[facet])}</legend>
                  {values.map((value) => (
                    <label key={value} className="flex items-center gap-2 py-0.5 text-sm">
                      <input type="checkbox" name={facet} value={value} defaultChecked={chosen.includes(value)} />
                      <span className="flex-1">{label(facet, value)}</span>
                      <span className="text-slate-500">{formatNumber(locale, data.facets[facet]?.[value] ?? 0)}</span>
                    </label>
                  ))}
                </fieldset>
              );
            })}
            {Object.values(data.filter).some((values) => values && values.length > 0) ? (
              <Link to={`/search?q=${encodeURIComponent(data.params.q)}`} className="text-sm text-brand-700 hover:underline">
                {t("search.clearFilters")}
              </Link>
            ) : null}
          </aside>
          <section className="space-y-3 lg:col-span-3" aria-busy={searching}>
            <p aria-live="polite" className="text-sm text-slate-600" data-testid="search-count">
              {searching ? t("search.loading") : t("search.count", { total: formatNumber(locale, data.total) })}
              {data.terms.length > 0 ? ` · ${t("search.understood", { terms: data.terms.join(" ") })}` : null}
            </p>
            {data.hits.length === 0 ? (
              <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6" data-testid="search-empty">
                <h2 className="font-semibold">{t("search.empty.title")}</h2>
                <p className="mt-1 text-slate-600">{t("search.empty.body")}</p>
              </div>
            ) : (
              <ol className="space-y-3" data-testid="search-results">
                {data.hits.map((hit) => (
                  <li key={hit.document.id} className="rounded-lg border border-slate-200 bg-white p-4">
                    <Link to={`/${hit.document.kind === "achievement" ? "achievements" : "needs"}/${hit.document.listingId}`} className="text-lg font-medium text-brand-800 hover:underline">
                      <Highlighted segments={hit.title} />
                    </Link>
                    <p className="mt-1 text-sm leading-6 text-slate-700">
                      <Highlighted segments={hit.snippet} />
                    </p>
                    <div className="mt-2 flex flex-wrap items-center gap-1.5 text-sm">
                      <Chip>{t(`search.kind.${hit.document.kind}`)}</Chip>
                      {hit.document.techFieldMajor ? <Chip>{hit.document.techFieldMajor}</Chip> : null}
                      {hit.document.maturity ? <Chip>{label("maturity", hit.document.maturity)}</Chip> : null}
                      <span className="text-slate-500">{hit.document.ownerOrgName}</span>
                    </div>
                  </li>
                ))}
              </ol>
            )}
            {data.pages > 1 ? (
              <nav className="flex gap-3" aria-label="pagination">
                {data.page > 1 ? <Link to={pageLink(data.page - 1)}>←</Link> : null}
                <span>
                  {data.page} / {data.pages}
                </span>
                {data.page < data.pages ? <Link to={pageLink(data.page + 1)}>→</Link> : null}
              </nav>
            ) : null}
          </section>
        </div>
      </Form>
    </div>
  );
}

export function ErrorBoundary() {
  const { t } = useI18n();
  const error = useRouteError();
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <h1 className="text-xl font-semibold">{t("search.error.title")}</h1>
      <p className="mt-1">{t("search.error.body")}</p>
      {isRouteErrorResponse(error) ? <p className="mt-1 text-sm text-slate-600">{error.status}</p> : null}
      <Link to="/search" className="mt-3 inline-block text-brand-700 hover:underline">
        {t("search.submit")}
      </Link>
    </div>
  );
}
