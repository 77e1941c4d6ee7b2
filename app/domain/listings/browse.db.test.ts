import { afterAll, beforeAll, expect, test } from "vitest";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { createAchievement, createOrg } from "../../../tests/helpers/factories";
import { filtersFromSearchParams } from "./browse";
import { browseAchievements, browseNeeds } from "./browse.server";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.dispose();
});

test("facets count published listings per value, each facet ignoring its own selection", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const a = await createAchievement(db, org.id);
  await db.achievement.update({ where: { id: a.id }, data: { techField: "新能源-太阳能", techFieldMajor: "新能源", maturity: "PILOT", ipType: "INVENTION_PATENT", priceMin: 20, priceMax: 30, negotiable: false, region: "厦门市" } });
  const b = await createAchievement(db, org.id);
  await db.achievement.update({ where: { id: b.id }, data: { techField: "新材料-膜材料", techFieldMajor: "新材料", maturity: "LAB", cooperationModes: ["LICENSE"] } });
  await createAchievement(db, org.id, { status: "DRAFT" });

  const all = await browseAchievements(db, filtersFromSearchParams(new URLSearchParams()), 1);
  expect(all.total).toBe(2);
  expect(all.facets.field).toEqual([{ value: "新材料", count: 1 }, { value: "新能源", count: 1 }]);
  expect(all.facets.price).toEqual([{ value: "10TO50", count: 1 }, { value: "NEGOTIABLE", count: 1 }].sort((x, y) => ["NEGOTIABLE", "LT10", "10TO50"].indexOf(x.value) - ["NEGOTIABLE", "LT10", "10TO50"].indexOf(y.value)));

  const chosen = await browseAchievements(db, filtersFromSearchParams(new URLSearchParams("field=新能源&coop=TRANSFER")), 1);
  expect(chosen.items.map((i) => i.id)).toEqual([a.id]);
  // the field facet still offers 新材料 (with the other filters applied, it has none left via TRANSFER)
  expect(chosen.facets.field).toEqual([{ value: "新能源", count: 1 }]);
  expect(chosen.facets.maturity).toEqual([{ value: "PILOT", count: 1 }]);
  const needs = await browseNeeds(db, filtersFromSearchParams(new URLSearchParams("price=NEGOTIABLE")), 1);
  expect(needs.total).toBe(0);
});
