import { Link, useLocation } from "@remix-run/react";
import { formatDate, formatWanRange, useI18n } from "~/i18n/i18n";

type Org = { name: string; nameEn: string | null; isDemo: boolean };

export function OrgName({ org }: { org: Org }) {
  const { locale } = useI18n();
  return <>{locale === "en" && org.nameEn ? org.nameEn : org.name}</>;
}

export function Chip({ children }: { children: React.ReactNode }) {
  return <span className="inline-block rounded-full bg-brand-50 px-2.5 py-0.5 text-xs text-brand-700">{children}</span>;
}

type CardProps = {
  to: string;
  title: string;
  text: string;
  chips: string[];
  price: { min: number | null; max: number | null };
  priceLabel: string;
  org: Org;
  publishedAt: string | Date | null;
};

export function ListingCard({ to, title, text, chips, price, priceLabel, org, publishedAt }: CardProps) {
  const { t, locale } = useI18n();
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-600">
      <Link to={to} className="text-base font-semibold text-brand-900 hover:underline" prefetch="intent">
        {title}
      </Link>
      {text ? <p className="mt-1 line-clamp-2 text-sm text-slate-600">{text}</p> : null}
      <div className="mt-2 flex flex-wrap gap-1.5">
        {chips.map((chip) => (
          <Chip key={chip}>{chip}</Chip>
        ))}
      </div>
      <p className="mt-2 flex flex-wrap gap-x-4 text-xs text-slate-500">
        <span>
          <OrgName org={org} />
        </span>
        <span>
          {priceLabel}
          {locale === "zh-CN" ? "：" : ": "}
          {formatWanRange(locale, price.min, price.max, t("listing.negotiable"))}
        </span>
        {publishedAt ? <span>{formatDate(locale, publishedAt)}</span> : null}
      </p>
    </li>
  );
}

export function Pagination({ page, pages }: { page: number; pages: number }) {
  const { t } = useI18n();
  const location = useLocation();
  const href = (target: number) => {
    const params = new URLSearchParams(location.search);
    params.set("page", String(target));
    params.delete("lng");
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <nav aria-label={t("pagination.label")} className="mt-6 flex items-center justify-between gap-4 text-sm">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          {t("pagination.previous")}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600" aria-current="page">
        {t("pagination.page", { page, pages })}
      </span>
      {page < pages ? (
        <Link to={href(page + 1)} rel="next" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          {t("pagination.next")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** A definition list row that says "not given" rather than leaving a gap. */
export function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  const { t } = useI18n();
  const empty = children === null || children === undefined || children === "" || (Array.isArray(children) && children.length === 0);
  return (
    <div className="grid grid-cols-3 gap-2 py-2">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="col-span-2 text-sm">{empty ? <span className="text-slate-500">{t("listing.notGiven")}</span> : children}</dd>
    </div>
  );
}
