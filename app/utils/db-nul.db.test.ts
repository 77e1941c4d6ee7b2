import { afterAll, beforeAll, expect, test } from "vitest";
import { type TestDatabase, createTestDatabase } from "../../tests/helpers/database";
import { createOrg } from "../../tests/helpers/factories";
import { clean } from "./db-nul.server";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.dispose();
});

test("text, lists and JSON carrying U+0000 are stored without it, through model queries, transactions and raw SQL", async () => {
  const db = database.prisma;
  const org = await createOrg(db);
  const created = await db.$transaction(async (tx) =>
    tx.achievement.create({
      data: {
        title: "钙钛矿\u0000电池",
        summary: "a\u0000b",
        ownerOrgId: org.id,
        keywords: ["光伏\u0000", "储能"],
        ipItems: [{ type: "INVENTION_PATENT", number: "ZL\u00002020", holder: "a\\u0000b" }],
      },
      select: { id: true },
    }),
  );
  const stored = await db.achievement.findUniqueOrThrow({ where: { id: created.id }, select: { title: true, summary: true, keywords: true, ipItems: true } });
  expect(stored).toEqual({ title: "钙钛矿电池", summary: "ab", keywords: ["光伏", "储能"], ipItems: [{ type: "INVENTION_PATENT", number: "ZL2020", holder: "a\\u0000b" }] });
  // A lookup by a value carrying it finds the record the value names without it, instead of failing.
  expect(await db.achievement.count({ where: { title: { contains: "钙钛\u0000矿" } } })).toBe(1);
  const [row] = await db.$queryRaw<{ n: bigint | number }[]>`SELECT count(*) AS n FROM "Achievement" WHERE title = ${"钙钛矿\u0000电池"}`;
  expect(Number(row?.n)).toBe(1);
});

test("a JSON escape of U+0000 goes, an escaped backslash before the letters u0000 stays", () => {
  const json = { scalarType: "json", arity: "scalar" } as const;
  expect(clean(JSON.stringify({ a: "x\u0000y" }), json)).toBe('{"a":"xy"}');
  expect(clean(JSON.stringify({ a: "x\\u0000y" }), json)).toBe(JSON.stringify({ a: "x\\u0000y" }));
  expect(clean(JSON.stringify({ a: "x\\\u0000y" }), json)).toBe(JSON.stringify({ a: "x\\y" }));
  expect(clean("x\\u0000y", { scalarType: "string", arity: "scalar" })).toBe("x\\u0000y");
  expect(clean(["a\u0000", 1, null], undefined)).toEqual(["a", 1, null]);
});
