/**
 * Every figure of the bureau dashboard and the quarterly report comes from this module.
 *
 * One SQL view of "facts" — one row per record reaching a stage, dated by when it reached it — feeds the grouped
 * counts and the drill-down lists alike, so a number and the list behind it can never disagree. Each fact carries
 * the dimensions it is counted under:
 *  - technical field / industry: of the listing the record concerns (an interest's listing; a deal's achievement,
 *    else its need; a room's achievement); a challenge's direction is its field;
 *  - region / organization kind / organization: of the subject organization — a listing's owner, an interest's
 *    addressee (who must answer), a deal's supplier, a room's host, a challenge's issuer, an application's lead.
 */
import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import {
  challengeStages,
  type Dimension,
  dimensions,
  type DrillKey,
  type FunnelStage,
  funnelStages,
  NONE,
  type Period,
  periodOf,
  type ReportFilters,
  type Stage,
  valuedStages,
} from "./report-filters";

const facts = Prisma.sql`
  SELECT 'listing' AS stage, 'achievement' AS record_kind, a.id AS record_id, a.title, a."publishedAt" AS at,
         a."techFieldMajor" AS field, a."industrySection" AS industry, o.region, o.kind::text AS org_kind, o.id AS org_id, o.name AS org_name,
         NULL::numeric AS value_wan, NULL::text AS broker_org_id, NULL::text AS broker_user_id, NULL::boolean AS answered
    FROM "Achievement" a JOIN "Organization" o ON o.id = a."ownerOrgId"
   WHERE a."publishedAt" IS NOT NULL
  UNION ALL
  SELECT 'listing', 'need', n.id, n.title, n."publishedAt", n."techFieldMajor", n."industrySection", o.region, o.kind::text, o.id, o.name,
         NULL, NULL, NULL, NULL
    FROM "Need" n JOIN "Organization" o ON o.id = n."ownerOrgId"
   WHERE n."publishedAt" IS NOT NULL
  UNION ALL
  SELECT 'interest', 'interest', i.id, COALESCE(a.title, n.title, ''), i."createdAt", COALESCE(a."techFieldMajor", n."techFieldMajor"),
         COALESCE(a."industrySection", n."industrySection"), o.region, o.kind::text, o.id, o.name, NULL, NULL, NULL, i."respondedAt" IS NOT NULL
    FROM "Interest" i JOIN "Organization" o ON o.id = i."toOrgId"
    LEFT JOIN "Achievement" a ON i."listingKind" = 'achievement' AND a.id = i."listingId"
    LEFT JOIN "Need" n ON i."listingKind" = 'need' AND n.id = i."listingId"
  UNION ALL
  SELECT s.stage, 'deal', d.id, d.title, s.at, COALESCE(a."techFieldMajor", n."techFieldMajor"), COALESCE(a."industrySection", n."industrySection"),
         o.region, o.kind::text, o.id, o.name, s.value_wan, d."brokerOrgId", d."brokerUserId", NULL
    FROM "Deal" d JOIN "Organization" o ON o.id = d."supplierOrgId"
    LEFT JOIN "Achievement" a ON a.id = d."achievementId"
    LEFT JOIN "Need" n ON n.id = d."needId"
    CROSS JOIN LATERAL (VALUES
      ('deal', d."createdAt", NULL::numeric),
      ('nda', d."ndaSignedAt", NULL::numeric),
      ('contract', d."contractSignedAt", d."contractAmountWan"),
      ('registered', d."registeredAt", d."contractAmountWan"),
      ('outcome', d."outcomeCheckedAt", d."contractAmountWan")
    ) AS s(stage, at, value_wan)
   WHERE s.at IS NOT NULL
  UNION ALL
  SELECT 'bid', 'room', r.id, r.title, b.first_bid_at, a."techFieldMajor", a."industrySection", o.region, o.kind::text, o.id, o.name,
         NULL, NULL, NULL, NULL
    FROM "BidRoom" r JOIN "Organization" o ON o.id = r."hostOrgId"
    JOIN (SELECT "roomId", min(at) AS first_bid_at FROM "BidRoomEvent" WHERE type IN ('bid', 'proxy') GROUP BY "roomId") b ON b."roomId" = r.id
    LEFT JOIN "Achievement" a ON a.id = r."achievementId"
  UNION ALL
  SELECT 'challenge', 'challenge', c.id, c.title, c."publishedAt", c.direction, NULL, o.region, o.kind::text, o.id, o.name, NULL, NULL, NULL, NULL
    FROM "Challenge" c JOIN "Organization" o ON o.id = c."issuerOrgId"
   WHERE c."publishedAt" IS NOT NULL
  UNION ALL
  SELECT s.stage, 'application', ap.id, c.title, s.at, c.direction, NULL, o.region, o.kind::text, o.id, o.name, NULL, NULL, NULL, NULL
    FROM "ChallengeApplication" ap JOIN "Challenge" c ON c.id = ap."challengeId" JOIN "Organization" o ON o.id = ap."leadOrgId"
    CROSS JOIN LATERAL (VALUES
      ('application', ap."submittedAt"),
      ('awarded', CASE WHEN ap.status IN ('AWARDED', 'TERMINATED') THEN ap."outcomeAt" END),
      ('terminated', CASE WHEN ap.status = 'TERMINATED' THEN ap."outcomeAt" END)
    ) AS s(stage, at)
   WHERE s.at IS NOT NULL
  UNION ALL
  SELECT s.stage, 'milestone', m.id, c.title || ' · ' || m.title, m."dueAt", c.direction, NULL, o.region, o.kind::text, o.id, o.name, NULL, NULL, NULL, NULL
    FROM "ChallengeMilestone" m JOIN "ChallengeApplication" ap ON ap.id = m."applicationId"
    JOIN "Challenge" c ON c.id = ap."challengeId" JOIN "Organization" o ON o.id = ap."leadOrgId"
    CROSS JOIN LATERAL (VALUES ('milestoneDue', true), ('milestoneOnTime', m.status = 'PASSED' AND m."completedAt" IS NOT NULL AND m."completedAt" <= m."dueAt")) AS s(stage, counted)
   WHERE s.counted`;

/** The quarter (China Standard Time) of a fact, e.g. 2026-Q2. */
const quarterExpr = Prisma.sql`to_char((f.at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-"Q"Q')`;

const keyColumn: Record<DrillKey, Prisma.Sql> = {
  field: Prisma.sql`f.field`,
  industry: Prisma.sql`f.industry`,
  region: Prisma.sql`f.region`,
  quarter: quarterExpr,
  orgKind: Prisma.sql`f.org_kind`,
  org: Prisma.sql`f.org_id`,
  brokerOrg: Prisma.sql`f.broker_org_id`,
  brokerUser: Prisma.sql`f.broker_user_id`,
};

function whereOf(filters: ReportFilters, period: Period, extra: Prisma.Sql[] = []): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`f.at >= ${period.from}`, Prisma.sql`f.at < ${period.to}`];
  if (filters.field) parts.push(Prisma.sql`f.field = ${filters.field}`);
  if (filters.industry) parts.push(Prisma.sql`f.industry = ${filters.industry}`);
  if (filters.region) parts.push(Prisma.sql`f.region = ${filters.region}`);
  if (filters.orgKind) parts.push(Prisma.sql`f.org_kind = ${filters.orgKind}`);
  return Prisma.join([...parts, ...extra], " AND ");
}

function keyCondition(key: DrillKey, value: string): Prisma.Sql {
  return value === NONE ? Prisma.sql`${keyColumn[key]} IS NULL` : Prisma.sql`${keyColumn[key]} = ${value}`;
}

export type Figure = { count: number; valueWan: number | null };
export type BreakdownRow = { key: string | null; figures: Partial<Record<Stage, Figure>> };
export type BrokerRow = { id: string; name: string; introduced: number; contracts: number; valueWan: number };
export type ResponseRow = { orgId: string; name: string; received: number; answered: number; rate: number };

export type Dashboard = {
  filters: ReportFilters;
  period: { from: string; to: string; label: string };
  funnel: Record<(typeof funnelStages)[number], Figure>;
  challenges: Record<(typeof challengeStages)[number], number>;
  breakdowns: Record<Dimension, BreakdownRow[]>;
  brokerAgencies: BrokerRow[];
  brokers: BrokerRow[];
  responses: ResponseRow[];
};

/** An object with one entry per key (the keys are a fixed tuple, so every entry is present). */
function recordOf<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
  const entries: Partial<Record<K, V>> = {};
  for (const key of keys) entries[key] = value(key);
  // every key of the tuple was assigned just above
  return entries as Record<K, V>;
}

const isFunnelStage = (value: string): value is FunnelStage => (funnelStages as readonly string[]).includes(value);

type GroupRow = { stage: string; key: string | null; n: number; v: number | null };

const round2 = (value: number) => Math.round(value * 100) / 100;
const figureOf = (row: GroupRow | undefined, stage: Stage): Figure => ({
  count: row?.n ?? 0,
  valueWan: valuedStages.includes(stage) ? round2(row?.v ?? 0) : null,
});

async function grouped(db: PrismaClient, filters: ReportFilters, period: Period, key: Prisma.Sql | null): Promise<GroupRow[]> {
  return db.$queryRaw<GroupRow[]>`
    SELECT f.stage, ${key ?? Prisma.sql`NULL::text`} AS key, count(*)::int AS n, sum(f.value_wan)::float8 AS v
      FROM (${facts}) f
     WHERE ${whereOf(filters, period)}
     GROUP BY 1, 2`;
}

async function brokerRows(db: PrismaClient, filters: ReportFilters, period: Period, by: "brokerOrg" | "brokerUser"): Promise<BrokerRow[]> {
  const column = keyColumn[by];
  const name = by === "brokerOrg" ? Prisma.sql`(SELECT name FROM "Organization" WHERE id = ${column})` : Prisma.sql`(SELECT name FROM "User" WHERE id = ${column})`;
  const rows = await db.$queryRaw<{ id: string; name: string | null; introduced: number; contracts: number; v: number | null }[]>`
    SELECT ${column} AS id, ${name} AS name,
           count(*) FILTER (WHERE f.stage = 'deal')::int AS introduced,
           count(*) FILTER (WHERE f.stage = 'contract')::int AS contracts,
           sum(f.value_wan) FILTER (WHERE f.stage = 'contract')::float8 AS v
      FROM (${facts}) f
     WHERE ${whereOf(filters, period, [Prisma.sql`f.stage IN ('deal', 'contract')`, Prisma.sql`${column} IS NOT NULL`])}
     GROUP BY 1
     ORDER BY 5 DESC NULLS LAST, 3 DESC, 1`;
  return rows.map((r) => ({ id: r.id, name: r.name ?? r.id, introduced: r.introduced, contracts: r.contracts, valueWan: round2(r.v ?? 0) }));
}

/** Every figure of the dashboard and the report for the filters. */
export async function dashboardFigures(db: PrismaClient, filters: ReportFilters): Promise<Dashboard> {
  const period = periodOf(filters);
  const totals = await grouped(db, filters, period, null);
  const byStage = new Map(totals.map((r) => [r.stage, r]));
  const funnel = recordOf(funnelStages, (s) => figureOf(byStage.get(s), s));
  const challenges = recordOf(challengeStages, (s) => byStage.get(s)?.n ?? 0);

  const breakdownRows = new Map<Dimension, BreakdownRow[]>();
  for (const dimension of dimensions) {
    const rows = await grouped(db, filters, period, keyColumn[dimension]);
    const byKey = new Map<string | null, BreakdownRow>();
    for (const row of rows) {
      const stage = row.stage;
      if (!isFunnelStage(stage)) continue;
      const entry = byKey.get(row.key) ?? { key: row.key, figures: {} };
      entry.figures[stage] = figureOf(row, stage);
      byKey.set(row.key, entry);
    }
    const sorted = [...byKey.values()].sort(
      dimension === "quarter"
        ? (a, b) => String(a.key).localeCompare(String(b.key))
        : (a, b) => (b.figures.contract?.valueWan ?? 0) - (a.figures.contract?.valueWan ?? 0) || (b.figures.listing?.count ?? 0) - (a.figures.listing?.count ?? 0) || String(a.key).localeCompare(String(b.key)),
    );
    breakdownRows.set(dimension, sorted);
  }
  const breakdowns = recordOf(dimensions, (d) => breakdownRows.get(d) ?? []);

  const responses = await db.$queryRaw<{ orgId: string; name: string; received: number; answered: number }[]>`
    SELECT f.org_id AS "orgId", min(f.org_name) AS name, count(*)::int AS received, count(*) FILTER (WHERE f.answered)::int AS answered
      FROM (${facts}) f
     WHERE ${whereOf(filters, period, [Prisma.sql`f.stage = 'interest'`])}
     GROUP BY 1
     ORDER BY 3 DESC, 1`;

  return {
    filters,
    period: { from: period.from.toISOString(), to: period.to.toISOString(), label: period.label },
    funnel,
    challenges,
    breakdowns,
    brokerAgencies: await brokerRows(db, filters, period, "brokerOrg"),
    brokers: await brokerRows(db, filters, period, "brokerUser"),
    responses: responses.map((r) => ({ ...r, rate: r.received === 0 ? 0 : r.answered / r.received })),
  };
}

export type DrillDown = { stage: Stage; key: DrillKey | null; value: string | null; answered: boolean | null };
export type DrillRecord = { recordKind: string; recordId: string; title: string; at: Date; orgName: string; valueWan: number | null };

export const DRILL_PAGE_SIZE = 25;

/** The records behind one figure: the same facts, narrowed the same way, one page at a time. */
export async function drillDownRecords(db: PrismaClient, filters: ReportFilters, drill: DrillDown, page: number): Promise<{ total: number; records: DrillRecord[] }> {
  const period = periodOf(filters);
  const extra = [Prisma.sql`f.stage = ${drill.stage}`];
  if (drill.key && drill.value !== null) extra.push(keyCondition(drill.key, drill.value));
  if (drill.answered !== null) extra.push(drill.answered ? Prisma.sql`f.answered` : Prisma.sql`NOT f.answered`);
  const where = whereOf(filters, period, extra);
  const [{ total } = { total: 0 }] = await db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM (${facts}) f WHERE ${where}`;
  const offset = (Math.max(page, 1) - 1) * DRILL_PAGE_SIZE;
  const rows = await db.$queryRaw<{ record_kind: string; record_id: string; title: string; at: Date; org_name: string; v: number | null }[]>`
    SELECT f.record_kind, f.record_id, f.title, f.at, f.org_name, f.value_wan::float8 AS v
      FROM (${facts}) f WHERE ${where}
     ORDER BY f.at DESC, f.record_id
     LIMIT ${DRILL_PAGE_SIZE} OFFSET ${offset}`;
  return { total, records: rows.map((r) => ({ recordKind: r.record_kind, recordId: r.record_id, title: r.title, at: r.at, orgName: r.org_name, valueWan: r.v })) };
}

/** Values offered in the filter menus: those found in the year's records. */
export async function filterOptions(db: PrismaClient, year: number): Promise<{ field: string[]; industry: string[]; region: string[] }> {
  const period = periodOf({ year, quarter: null });
  const rows = await db.$queryRaw<{ dim: string; value: string }[]>`
    SELECT DISTINCT d.dim, d.value FROM (${facts}) f
     CROSS JOIN LATERAL (VALUES ('field', f.field), ('industry', f.industry), ('region', f.region)) AS d(dim, value)
     WHERE f.at >= ${period.from} AND f.at < ${period.to} AND d.value IS NOT NULL
     ORDER BY 1, 2`;
  const pick = (dim: string) => rows.filter((r) => r.dim === dim).map((r) => r.value);
  return { field: pick("field"), industry: pick("industry"), region: pick("region") };
}
