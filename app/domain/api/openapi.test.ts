import SwaggerParser from "@apidevtools/swagger-parser";
import { expect, test } from "vitest";
import { openApiDocument } from "./openapi";

test("the OpenAPI 3.1 document validates and describes every operation", async () => {
  const document = openApiDocument("http://localhost:3000");
  // the validator dereferences in place: give it a copy
  const api = await SwaggerParser.validate(structuredClone(document));
  expect(api.info.title).toBe("Susong Exchange API");
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths).sort()).toEqual(["/achievements", "/achievements/{ref}", "/achievements/{ref}/transitions", "/needs", "/needs/{ref}", "/needs/{ref}/transitions"]);
  expect(document.components.schemas.AchievementInput).toMatchObject({ type: "object", properties: { title: { type: "string", maxLength: 120 } } });
});

test("a broken document is refused by the same validator (the test can fail)", async () => {
  const broken = structuredClone(openApiDocument("http://localhost:3000")) as Record<string, unknown>;
  broken.paths = { "/x": { get: { responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Missing" } } } } } } } };
  await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
});
