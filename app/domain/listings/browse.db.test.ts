import { afterAll, beforeAll, expect, test } from "vitest";
import { type TestDatabase, createTestDatabase } from "../../../tests/helpers/database";
import { createAchievement, createNeed, createOrg } from "../../../tests/helpers/factories";
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

test("cooperation-mode and price facets equal direct counts, each ignoring its own selection", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const shapes = [
    { cooperationModes: ["TRANSFER", "LICENSE"], priceMin: 5, negotiable: false },
    { cooperationModes: ["LICENSE"], priceMin: 10, negotiable: true },
    { cooperationModes: ["EQUITY", "TRANSFER", "TRANSFER"], priceMin: 499.99, negotiable: false },
    { cooperationModes: [], priceMin: 500, negotiable: true },
    { cooperationModes: ["SERVICE"], priceMin: null, negotiable: false },
  ] as const;
  for (const shape of shapes) {
    const row = await createAchievement(db, org.id);
    await db.achievement.update({ where: { id: row.id }, data: { ...shape, cooperationModes: [...shape.cooperationModes], region: "同安区" } });
  }
  const sql = (where: string) =>
    db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "Achievement" WHERE status = 'PUBLISHED' AND region = '同安区' AND ${where}`).then((r) => Number(r[0]?.n));

  const none = await browseAchievements(db, filtersFromSearchParams(new URLSearchParams("region=同安区")), 1);
  for (const facet of none.facets.coop) expect(facet.count).toBe(await sql(`'${facet.value}' = ANY("cooperationModes")`));
  expect(none.facets.coop.map((f) => f.value).sort()).toEqual(["EQUITY", "LICENSE", "SERVICE", "TRANSFER"]);
  expect(none.facets.price).toEqual([
    { value: "NEGOTIABLE", count: await sql(`negotiable`) },
    { value: "LT10", count: await sql(`"priceMin" >= 0 AND "priceMin" < 10`) },
    { value: "10TO50", count: await sql(`"priceMin" >= 10 AND "priceMin" < 50`) },
    { value: "100TO500", count: await sql(`"priceMin" >= 100 AND "priceMin" < 500`) },
    { value: "GTE500", count: await sql(`"priceMin" >= 500`) },
  ]);

  // choosing a price band narrows the coop facet, not the price facet; choosing a mode the reverse
  const cheap = await browseAchievements(db, filtersFromSearchParams(new URLSearchParams("region=同安区&price=LT10&coop=LICENSE")), 1);
  expect(cheap.total).toBe(1);
  expect(cheap.facets.coop).toEqual([
    { value: "TRANSFER", count: 1 },
    { value: "LICENSE", count: 1 },
  ]);
  expect(cheap.facets.price).toEqual([
    { value: "NEGOTIABLE", count: 1 },
    { value: "LT10", count: 1 },
    { value: "10TO50", count: 1 },
  ]);
});

test("every facet count equals the number of listings the page lists when that value is chosen, under any other filters", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const region = "翔安区";
  const modes = [["TRANSFER"], ["LICENSE", "TRANSFER"], ["EQUITY"], [], ["SERVICE", "LICENSE"]] as const;
  const fields = ["新能源-光伏", "新能源-储能", "新材料-高分子", "电子信息-集成电路", null];
  const maturities = ["LAB", "PILOT", "MASS_PRODUCTION", null] as const;
  const ips = ["INVENTION_PATENT", "SOFTWARE_COPYRIGHT", null] as const;
  const prices = [null, 3, 10, 49.99, 50, 120, 500, 800];
  const titles = ["钙钛矿电池 50%效率", "固态电池_隔膜", "高分子材料", "芯片封装", "Perovskite CELL"];
  for (let i = 0; i < 30; i += 1) {
    const field = fields[i % fields.length] ?? null;
    const price = prices[i % prices.length] ?? null;
    const achievement = await createAchievement(db, org.id, { title: `${titles[i % titles.length]}（${i}）` });
    await db.achievement.update({
      where: { id: achievement.id },
      data: { region, techField: field, techFieldMajor: field?.split("-")[0] ?? null, cooperationModes: [...(modes[i % modes.length] ?? [])], maturity: maturities[i % maturities.length] ?? null, ipType: ips[i % ips.length] ?? null, priceMin: price, negotiable: i % 3 === 0 },
    });
    const need = await createNeed(db, org.id);
    await db.need.update({
      where: { id: need.id },
      data: { region, title: `${titles[(i + 1) % titles.length]}需求（${i}）`, techField: field, techFieldMajor: field?.split("-")[0] ?? null, cooperationModes: [...(modes[(i + 2) % modes.length] ?? [])], budgetMin: price, negotiable: i % 4 === 0 },
    });
  }
  const facetParam = { field: "field", maturity: "maturity", ip: "ip", coop: "coop", price: "price", region: "region" } as const;
  const combos = ["", "q=电池", "q=50%", "q=_", "q=perovskite", "field=新能源", "field=新能源-储能&price=LT10", "coop=LICENSE&coop=EQUITY", "price=NEGOTIABLE&maturity=PILOT", "ip=INVENTION_PATENT&coop=TRANSFER&price=GTE500&price=10TO50"];
  for (const browse of [browseAchievements, browseNeeds]) {
    for (const combo of combos) {
      const params = new URLSearchParams(combo);
      params.append("region", region);
      const page = await browse(db, filtersFromSearchParams(params), 1);
      for (const [facet, values] of Object.entries(page.facets) as [keyof typeof facetParam, { value: string; count: number }[]][]) {
        if (facet === "region") continue;
        for (const { value, count } of values) {
          const chosen = new URLSearchParams(params);
          chosen.delete(facetParam[facet]);
          chosen.append(facetParam[facet], value);
          const total = (await browse(db, filtersFromSearchParams(chosen), 1)).total;
          expect({ combo, facet, value, count }).toEqual({ combo, facet, value, count: total });
        }
      }
    }
  }
});
