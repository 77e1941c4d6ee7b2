import { Prisma, type PrismaClient } from "~/generated/prisma/client";
import { type DrillKey, NONE, periodOf, type ReportFilters, type Stage } from "~/domain/reports/report-filters";

/**
 * Direct SQL counts of each stage, written independently of app/domain/reports (one plain query per table and
 * stage, inner joins, no shared view), to check every figure the dashboard and the workbook show.
 */
type Source = { from: string; at: string; field: string; industry: string; region: string; orgKind: string; orgId: string; value?: string; where?: string; brokerOrg?: string; brokerUser?: string; answered?: string };

const org = (column: string) => `JOIN "Organization" o ON o.id = ${column}`;
const orgCols = { region: "o.region", orgKind: "o.kind::text", orgId: "o.id" };

const dealSources = (at: string, value?: string): Source[] => [
  { from: `"Deal" d ${org('d."supplierOrgId"')} JOIN "Achievement" a ON a.id = d."achievementId"`, at, field: 'a."techFieldMajor"', industry: 'a."industrySection"', ...orgCols, value, brokerOrg: 'd."brokerOrgId"', brokerUser: 'd."brokerUserId"' },
  { from: `"Deal" d ${org('d."supplierOrgId"')} JOIN "Need" n ON n.id = d."needId"`, at, field: 'n."techFieldMajor"', industry: 'n."industrySection"', ...orgCols, value, where: 'd."achievementId" IS NULL', brokerOrg: 'd."brokerOrgId"', brokerUser: 'd."brokerUserId"' },
  { from: `"Deal" d ${org('d."supplierOrgId"')}`, at, field: "NULL", industry: "NULL", ...orgCols, value, where: 'd."achievementId" IS NULL AND d."needId" IS NULL', brokerOrg: 'd."brokerOrgId"', brokerUser: 'd."brokerUserId"' },
];

const applicationFrom = `"ChallengeApplication" ap JOIN "Challenge" c ON c.id = ap."challengeId" ${org('ap."leadOrgId"')}`;
const milestoneFrom = `"ChallengeMilestone" m JOIN "ChallengeApplication" ap ON ap.id = m."applicationId" JOIN "Challenge" c ON c.id = ap."challengeId" ${org('ap."leadOrgId"')}`;
const challengeCols = { field: "c.direction", industry: "NULL", ...orgCols };

export const stageSources: Record<Stage, Source[]> = {
  listing: [
    { from: `"Achievement" a ${org('a."ownerOrgId"')}`, at: 'a."publishedAt"', field: 'a."techFieldMajor"', industry: 'a."industrySection"', ...orgCols },
    { from: `"Need" n ${org('n."ownerOrgId"')}`, at: 'n."publishedAt"', field: 'n."techFieldMajor"', industry: 'n."industrySection"', ...orgCols },
  ],
  interest: [
    { from: `"Interest" i ${org('i."toOrgId"')} JOIN "Achievement" a ON a.id = i."listingId"`, where: `i."listingKind" = 'achievement'`, at: 'i."createdAt"', field: 'a."techFieldMajor"', industry: 'a."industrySection"', ...orgCols, answered: 'i."respondedAt" IS NOT NULL' },
    { from: `"Interest" i ${org('i."toOrgId"')} JOIN "Need" n ON n.id = i."listingId"`, where: `i."listingKind" = 'need'`, at: 'i."createdAt"', field: 'n."techFieldMajor"', industry: 'n."industrySection"', ...orgCols, answered: 'i."respondedAt" IS NOT NULL' },
  ],
  deal: dealSources('d."createdAt"'),
  nda: dealSources('d."ndaSignedAt"'),
  contract: dealSources('d."contractSignedAt"', 'd."contractAmountWan"'),
  registered: dealSources('d."registeredAt"', 'd."contractAmountWan"'),
  outcome: dealSources('d."outcomeCheckedAt"', 'd."contractAmountWan"'),
  bid: [
    {
      from: `"BidRoom" r ${org('r."hostOrgId"')} LEFT JOIN "Achievement" a ON a.id = r."achievementId"`,
      at: `(SELECT min(e.at) FROM "BidRoomEvent" e WHERE e."roomId" = r.id AND e.type IN ('bid', 'proxy'))`,
      field: 'a."techFieldMajor"',
      industry: 'a."industrySection"',
      ...orgCols,
    },
  ],
  challenge: [{ from: `"Challenge" c ${org('c."issuerOrgId"')}`, at: 'c."publishedAt"', ...challengeCols }],
  application: [{ from: applicationFrom, at: 'ap."submittedAt"', ...challengeCols }],
  awarded: [{ from: applicationFrom, at: 'ap."outcomeAt"', where: `ap.status IN ('AWARDED', 'TERMINATED')`, ...challengeCols }],
  terminated: [{ from: applicationFrom, at: 'ap."outcomeAt"', where: `ap.status = 'TERMINATED'`, ...challengeCols }],
  milestoneDue: [{ from: milestoneFrom, at: 'm."dueAt"', ...challengeCols }],
  milestoneOnTime: [{ from: milestoneFrom, at: 'm."dueAt"', where: `m.status = 'PASSED' AND m."completedAt" <= m."dueAt"`, ...challengeCols }],
};

export type SqlNarrowing = { key?: DrillKey; value?: string; answered?: boolean };

/** count(*) and sum of the contract amount of one stage under the filters, straight from the tables. */
export async function sqlFigure(db: PrismaClient, filters: ReportFilters, stage: Stage, narrowing: SqlNarrowing = {}): Promise<{ count: number; valueWan: number }> {
  const period = periodOf(filters);
  let count = 0;
  let valueWan = 0;
  for (const source of stageSources[stage]) {
    const conditions: Prisma.Sql[] = [Prisma.sql`${Prisma.raw(source.at)} >= ${period.from}`, Prisma.sql`${Prisma.raw(source.at)} < ${period.to}`];
    if (source.where) conditions.push(Prisma.raw(source.where));
    const equals = (column: string, value: string) => (value === NONE ? Prisma.sql`${Prisma.raw(column)} IS NULL` : Prisma.sql`${Prisma.raw(column)} = ${value}`);
    if (filters.field) conditions.push(equals(source.field, filters.field));
    if (filters.industry) conditions.push(equals(source.industry, filters.industry));
    if (filters.region) conditions.push(equals(source.region, filters.region));
    if (filters.orgKind) conditions.push(equals(source.orgKind, filters.orgKind));
    if (narrowing.key && narrowing.value !== undefined) {
      const key = narrowing.key;
      if (key === "quarter") {
        const [year, q] = narrowing.value.split("-Q").map(Number);
        const quarter = periodOf({ year: year ?? 0, quarter: q === 1 || q === 2 || q === 3 || q === 4 ? q : null });
        conditions.push(Prisma.sql`${Prisma.raw(source.at)} >= ${quarter.from}`, Prisma.sql`${Prisma.raw(source.at)} < ${quarter.to}`);
      } else {
        const column = { field: source.field, industry: source.industry, region: source.region, orgKind: source.orgKind, org: source.orgId, brokerOrg: source.brokerOrg ?? "NULL", brokerUser: source.brokerUser ?? "NULL" }[key];
        conditions.push(equals(column, narrowing.value));
      }
    }
    if (narrowing.answered !== undefined) conditions.push(Prisma.raw(narrowing.answered ? (source.answered ?? "false") : `NOT (${source.answered ?? "true"})`));
    const [row] = await db.$queryRaw<{ n: number; v: string | null }[]>`
      SELECT count(*)::int AS n, sum(${Prisma.raw(source.value ?? "0")})::text AS v FROM ${Prisma.raw(source.from)} WHERE ${Prisma.join(conditions, " AND ")}`;
    count += row?.n ?? 0;
    valueWan += Number(row?.v ?? 0);
  }
  return { count, valueWan: Math.round(valueWan * 100) / 100 };
}
