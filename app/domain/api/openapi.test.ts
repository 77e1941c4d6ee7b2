import SwaggerParser from "@apidevtools/swagger-parser";
import { expect, test } from "vitest";
import { openApiDocument } from "./openapi";

test("the OpenAPI 3.1 document validates and describes every operation", async () => {
  const document = openApiDocument("http://localhost:3000");
  // as served: JSON (the validator also dereferences in place, so it gets its own copy)
  const api = await SwaggerParser.validate(JSON.parse(JSON.stringify(document)));
  expect(api.info.title).toBe("Susong Exchange API");
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths).sort()).toEqual(["/achievements", "/achievements/{ref}", "/achievements/{ref}/transitions", "/needs", "/needs/{ref}", "/needs/{ref}/transitions"]);
  expect(document.components.schemas.AchievementInput).toMatchObject({ type: "object", properties: { title: { type: "string", maxLength: 120 } } });
});

test("a broken document is refused by the same validator (the test can fail)", async () => {
  const broken = JSON.parse(JSON.stringify(openApiDocument("http://localhost:3000")));
  broken.paths = { "/x": { get: { responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Missing" } } } } } } } };
  await expect(SwaggerParser.validate(broken)).rejects.toThrow();
});
