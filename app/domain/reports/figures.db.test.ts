import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { seedDatabase } from "../../../prisma/seed";
import { generateActivity } from "../../../tests/helpers/bureau-activity";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { sqlFigure } from "../../../tests/helpers/report-sql";
import { type Dashboard, dashboardFigures, drillDownRecords, DRILL_PAGE_SIZE } from "./figures.server";
import { challengeStages, dimensions, funnelStages, NONE, type ReportFilters } from "./report-filters";

const dataDir = path.resolve(import.meta.dirname, "..", "..", "..", "..", "shared", "data");
let database: TestDatabase;
let activity: Awaited<ReturnType<typeof generateActivity>>;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDatabase(database.prisma, { dataDir });
  activity = await generateActivity(database.prisma);
});
afterAll(async () => {
  await database?.dispose();
});

const filters = (overrides: Partial<ReportFilters> = {}): ReportFilters => ({ year: 2026, quarter: null, field: null, industry: null, region: null, orgKind: null, ...overrides });

/** Compares every figure of a dashboard with a direct SQL count of the tables. */
async function expectEveryFigureMatchesSql(dashboard: Dashboard) {
  const db = database.prisma;
  const f = dashboard.filters;
  for (const stage of funnelStages) {
    const sql = await sqlFigure(db, f, stage);
    expect(dashboard.funnel[stage].count, `funnel ${stage}`).toBe(sql.count);
    if (dashboard.funnel[stage].valueWan !== null) expect(dashboard.funnel[stage].valueWan, `funnel ${stage} value`).toBeCloseTo(sql.valueWan, 2);
  }
  for (const stage of challengeStages) expect(dashboard.challenges[stage], `challenges ${stage}`).toBe((await sqlFigure(db, f, stage)).count);
  for (const dimension of dimensions) {
    for (const stage of funnelStages) {
      // every record of the stage is in exactly one row of the breakdown
      const rowsTotal = dashboard.breakdowns[dimension].reduce((sum, row) => sum + (row.figures[stage]?.count ?? 0), 0);
      expect(rowsTotal, `${dimension} rows cover ${stage}`).toBe(dashboard.funnel[stage].count);
    }
    for (const row of dashboard.breakdowns[dimension]) {
      for (const stage of funnelStages) {
        const sql = await sqlFigure(db, f, stage, { key: dimension, value: row.key ?? NONE });
        expect(row.figures[stage]?.count ?? 0, `${dimension}=${row.key} ${stage}`).toBe(sql.count);
        if (stage === "contract") expect(row.figures[stage]?.valueWan ?? 0, `${dimension}=${row.key} contract value`).toBeCloseTo(sql.valueWan, 2);
      }
    }
  }
  for (const [rows, key] of [
    [dashboard.brokerAgencies, "brokerOrg"],
    [dashboard.brokers, "brokerUser"],
  ] as const) {
    for (const row of rows) {
      expect(row.introduced, `${key} ${row.name} introduced`).toBe((await sqlFigure(db, f, "deal", { key, value: row.id })).count);
      const contracts = await sqlFigure(db, f, "contract", { key, value: row.id });
      expect(row.contracts).toBe(contracts.count);
      expect(row.valueWan).toBeCloseTo(contracts.valueWan, 2);
    }
  }
  for (const row of dashboard.responses) {
    expect(row.received, `${row.name} received`).toBe((await sqlFigure(db, f, "interest", { key: "org", value: row.orgId })).count);
    expect(row.answered, `${row.name} answered`).toBe((await sqlFigure(db, f, "interest", { key: "org", value: row.orgId, answered: true })).count);
  }
  expect(dashboard.responses.reduce((s, r) => s + r.received, 0)).toBe(dashboard.funnel.interest.count);
}

test("2026-Q2: the funnel, 揭榜挂帅 outcomes, brokers and response rates agree with the tables", async () => {
  const dashboard = await dashboardFigures(database.prisma, filters({ quarter: 2 }));
  // what generateActivity wrote for Q2 (China Standard Time)
  expect(dashboard.funnel.listing.count).toBe(3);
  expect(dashboard.funnel.interest.count).toBe(4);
  expect(dashboard.funnel.nda.count).toBe(2);
  expect(dashboard.funnel.bid.count).toBe(1);
  expect(dashboard.funnel.contract).toEqual({ count: 3, valueWan: 170.75 });
  expect(dashboard.funnel.registered).toEqual({ count: 1, valueWan: 100.5 });
  expect(dashboard.funnel.outcome).toEqual({ count: 1, valueWan: 100.5 });
  expect(dashboard.challenges).toEqual({ challenge: 1, application: 3, awarded: 2, milestoneDue: 3, milestoneOnTime: 1, terminated: 1 });
  expect(dashboard.brokerAgencies.map((b) => [b.id, b.introduced, b.contracts, b.valueWan])).toEqual([
    [activity.agency.id, 1, 2, 150.75],
    [activity.agency2.id, 1, 1, 20],
  ]);
  const university = dashboard.responses.find((r) => r.orgId === activity.university.id);
  expect(university).toMatchObject({ received: 2, answered: 1, rate: 0.5 });
  await expectEveryFigureMatchesSql(dashboard);
});

test("the whole year 2026 and each filter narrow every figure the same way as SQL", async () => {
  await expectEveryFigureMatchesSql(await dashboardFigures(database.prisma, filters()));
  await expectEveryFigureMatchesSql(await dashboardFigures(database.prisma, filters({ field: "新材料" })));
  await expectEveryFigureMatchesSql(await dashboardFigures(database.prisma, filters({ orgKind: "UNIVERSITY", region: "厦门市思明区" })));
  await expectEveryFigureMatchesSql(await dashboardFigures(database.prisma, filters({ industry: "制造业", quarter: 2 })));
});

test("the seeded records (published 2019–2020) are counted in their own year", async () => {
  const dashboard = await dashboardFigures(database.prisma, filters({ year: 2020 }));
  expect(dashboard.funnel.listing.count).toBeGreaterThan(1000);
  await expectEveryFigureMatchesSql(dashboard);
});

test("a drill-down lists exactly the records behind a number, a page at a time", async () => {
  const db = database.prisma;
  const q2 = filters({ quarter: 2 });
  const contracts = await drillDownRecords(db, q2, { stage: "contract", key: "field", value: "新材料", answered: null }, 1);
  expect(contracts.total).toBe((await sqlFigure(db, q2, "contract", { key: "field", value: "新材料" })).count);
  expect(contracts.records.map((r) => r.valueWan).sort()).toEqual([100.5, 20]);

  const unanswered = await drillDownRecords(db, q2, { stage: "interest", key: "org", value: activity.university.id, answered: false }, 1);
  expect(unanswered.total).toBe(1);

  const year2020 = filters({ year: 2020 });
  const first = await drillDownRecords(db, year2020, { stage: "listing", key: null, value: null, answered: null }, 1);
  const second = await drillDownRecords(db, year2020, { stage: "listing", key: null, value: null, answered: null }, 2);
  expect(first.total).toBe((await sqlFigure(db, year2020, "listing")).count);
  expect(first.records).toHaveLength(DRILL_PAGE_SIZE);
  expect(new Set([...first.records, ...second.records].map((r) => r.recordId)).size).toBe(DRILL_PAGE_SIZE * 2);
});
