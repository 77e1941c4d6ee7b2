/**
 * The bureau dashboard's vocabulary, shared by the page, the report and the server queries: the funnel's stages,
 * the 揭榜挂帅 figures, the breakdown dimensions and the URL filters. No I/O here.
 */
import { isOrgKind, type OrgKindName } from "~/domain/accounts/permissions";

/** listing → interest → NDA → bid → contract → registered → 12-month outcome */
export const funnelStages = ["listing", "interest", "nda", "bid", "contract", "registered", "outcome"] as const;
export type FunnelStage = (typeof funnelStages)[number];

/** 揭榜挂帅: challenges posted, applications, awarded, milestones due and met on time, terminated */
export const challengeStages = ["challenge", "application", "awarded", "milestoneDue", "milestoneOnTime", "terminated"] as const;
export type ChallengeStage = (typeof challengeStages)[number];

/** a deal opened (introduced), counted for brokers */
export const brokerStages = ["deal", "contract"] as const;

export const stages = [...funnelStages, ...challengeStages, "deal"] as const;
export type Stage = (typeof stages)[number];

/** Stages whose value is the contract amount (万元). */
export const valuedStages: readonly Stage[] = ["contract", "registered", "outcome"];

export const dimensions = ["field", "industry", "region", "quarter", "orgKind"] as const;
export type Dimension = (typeof dimensions)[number];

/** Keys a drill-down may narrow by, beyond the breakdown dimensions. */
export const drillKeys = [...dimensions, "org", "brokerOrg", "brokerUser"] as const;
export type DrillKey = (typeof drillKeys)[number];

/** The key of records that have no value for a dimension (e.g. a listing without a technical field). */
export const NONE = "__none";

export type ReportFilters = {
  year: number;
  quarter: 1 | 2 | 3 | 4 | null;
  field: string | null;
  industry: string | null;
  region: string | null;
  orgKind: OrgKindName | null;
};

export type Period = { from: Date; to: Date; label: string };

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The period in China Standard Time (UTC+8, no daylight saving): a quarter, or the whole year. */
export function periodOf(filters: Pick<ReportFilters, "year" | "quarter">): Period {
  const startMonth = filters.quarter ? (filters.quarter - 1) * 3 : 0;
  const months = filters.quarter ? 3 : 12;
  const from = new Date(Date.UTC(filters.year, startMonth, 1) - SHANGHAI_OFFSET_MS);
  const to = new Date(Date.UTC(filters.year, startMonth + months, 1) - SHANGHAI_OFFSET_MS);
  return { from, to, label: filters.quarter ? `${filters.year}-Q${filters.quarter}` : String(filters.year) };
}

/** The quarter a moment falls in, e.g. "2026-Q2", in China Standard Time. */
export function quarterOf(at: Date): string {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return `${local.getUTCFullYear()}-Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
}

const text = (value: string | null) => {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed.slice(0, 100);
};

/** Filters from the URL; anything unreadable falls back to the current year and no narrowing. */
export function filtersFromSearchParams(params: URLSearchParams, now = new Date()): ReportFilters {
  const yearText = params.get("year");
  const year = yearText && /^\d{4}$/.test(yearText) ? Number(yearText) : Number(quarterOf(now).slice(0, 4));
  const q = params.get("quarter");
  const quarter = q === "1" ? 1 : q === "2" ? 2 : q === "3" ? 3 : q === "4" ? 4 : null;
  const kind = params.get("orgKind");
  return {
    year: Math.min(Math.max(year, 2000), 2100),
    quarter,
    field: text(params.get("field")),
    industry: text(params.get("industry")),
    region: text(params.get("region")),
    orgKind: kind !== null && isOrgKind(kind) ? kind : null,
  };
}

/** The URL query of the filters (and any extra drill-down parameters). */
export function filtersToSearch(filters: ReportFilters, extra: Record<string, string | number | null | undefined> = {}): string {
  const params = new URLSearchParams();
  params.set("year", String(filters.year));
  if (filters.quarter) params.set("quarter", String(filters.quarter));
  if (filters.field) params.set("field", filters.field);
  if (filters.industry) params.set("industry", filters.industry);
  if (filters.region) params.set("region", filters.region);
  if (filters.orgKind) params.set("orgKind", filters.orgKind);
  for (const [key, value] of Object.entries(extra)) if (value !== null && value !== undefined) params.set(key, String(value));
  return params.toString();
}

export function isStage(value: string | null): value is Stage {
  return value !== null && (stages as readonly string[]).includes(value);
}

export function isDrillKey(value: string | null): value is DrillKey {
  return value !== null && (drillKeys as readonly string[]).includes(value);
}
