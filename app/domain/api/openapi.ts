import { z } from "zod";
import { apiScopes } from "../accounts/api-tokens";
import { priceBands, sorts } from "../listings/browse";
import { achievementInputSchema, cooperationModeNames, ipTypeNames, maturityNames, needInputSchema } from "../listings/listing-input";
import { listingStatuses, transitionNames } from "../listings/workflow";

/** The OpenAPI 3.1 document of /api/v1. Request bodies come from the same zod schemas that validate them. */
export function openApiDocument(serverUrl: string) {
  const input = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
  const problem = { $ref: "#/components/schemas/Problem" };
  const problems = (...codes: number[]) =>
    Object.fromEntries(codes.map((c) => [String(c), { description: { 400: "Bad request", 401: "No valid token", 403: "Not allowed", 404: "Not found", 409: "Conflict with the listing's status", 415: "Not JSON", 422: "Invalid input" }[c] ?? "Error", content: { "application/problem+json": { schema: problem } } }]));
  const filterParams = [
    { name: "q", in: "query", schema: { type: "string" }, description: "words in the title or text" },
    { name: "field", in: "query", schema: { type: "array", items: { type: "string" } }, style: "form", explode: true, description: "技术领域 大类 or 大类-小类" },
    { name: "maturity", in: "query", schema: { type: "array", items: { enum: [...maturityNames] } }, style: "form", explode: true },
    { name: "ip", in: "query", schema: { type: "array", items: { enum: [...ipTypeNames] } }, style: "form", explode: true },
    { name: "coop", in: "query", schema: { type: "array", items: { enum: [...cooperationModeNames] } }, style: "form", explode: true },
    { name: "price", in: "query", schema: { type: "array", items: { enum: [...priceBands] } }, style: "form", explode: true },
    { name: "region", in: "query", schema: { type: "array", items: { type: "string" } }, style: "form", explode: true },
    { name: "sort", in: "query", schema: { enum: [...sorts] }, description: "ignored by the API list, which pages in id order" },
    { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 20 } },
    { name: "cursor", in: "query", schema: { type: "string" }, description: "nextCursor of the previous page" },
  ];
  const refParam = { name: "ref", in: "path", required: true, schema: { type: "string" }, description: "the listing's id or its externalId" };
  const listing = (kind: "achievement" | "need") => {
    const Kind = kind === "achievement" ? "Achievement" : "Need";
    const body = { $ref: `#/components/schemas/${Kind}Input` };
    return {
      [`/${kind}s`]: {
        get: {
          operationId: `list${Kind}s`,
          summary: `Published ${kind}s`,
          security: [{}, { bearer: [] }],
          parameters: filterParams,
          responses: {
            "200": { description: "One page", content: { "application/json": { schema: { type: "object", required: ["data", "nextCursor"], properties: { data: { type: "array", items: { $ref: `#/components/schemas/${Kind}Summary` } }, nextCursor: { type: ["string", "null"] } } } } } },
            ...problems(401, 403, 422),
          },
        },
        post: {
          operationId: `create${Kind}`,
          summary: `Create a draft ${kind} (scope listings:write)`,
          security: [{ bearer: [] }],
          requestBody: { required: true, content: { "application/json": { schema: body } } },
          responses: { "201": { description: "Created", content: { "application/json": { schema: { $ref: "#/components/schemas/Written" } } } }, ...problems(400, 401, 403, 409, 415, 422) },
        },
      },
      [`/${kind}s/{ref}`]: {
        get: {
          operationId: `get${Kind}`,
          summary: `One ${kind}, by id or externalId`,
          security: [{}, { bearer: [] }],
          parameters: [refParam],
          responses: { "200": { description: "The listing", content: { "application/json": { schema: { type: "object", additionalProperties: true } } } }, ...problems(401, 403, 404) },
        },
        patch: {
          operationId: `update${Kind}`,
          summary: `Change fields of a ${kind} (scope listings:write)`,
          security: [{ bearer: [] }],
          parameters: [refParam],
          requestBody: { required: true, content: { "application/json": { schema: { type: "object", additionalProperties: true } } } },
          responses: { "200": { description: "Saved", content: { "application/json": { schema: { $ref: "#/components/schemas/Written" } } } }, ...problems(400, 401, 403, 404, 409, 415, 422) },
        },
      },
      [`/${kind}s/{ref}/transitions`]: {
        post: {
          operationId: `transition${Kind}`,
          summary: `Fire a workflow transition (scope listings:transition)`,
          security: [{ bearer: [] }],
          parameters: [refParam],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { type: "object", required: ["transition"], additionalProperties: false, properties: { transition: { enum: [...transitionNames] }, reason: { type: "string", maxLength: 2000 } } } } },
          },
          responses: {
            "200": { description: "Done", content: { "application/json": { schema: { type: "object", properties: { id: { type: "string" }, from: { enum: [...listingStatuses] }, to: { enum: [...listingStatuses] } } } } } },
            ...problems(401, 403, 404, 409, 415, 422),
          },
        },
      },
    };
  };
  const summary = (extra: Record<string, unknown>) => ({
    type: "object",
    required: ["id", "externalId", "title", "status"],
    properties: { id: { type: "string" }, externalId: { type: ["string", "null"] }, title: { type: "string" }, status: { enum: [...listingStatuses] }, techField: { type: ["string", "null"] }, industryClass: { type: ["string", "null"] }, cooperationModes: { type: "array", items: { enum: [...cooperationModeNames] } }, region: { type: ["string", "null"] }, publishedAt: { type: ["string", "null"], format: "date-time" }, ownerOrgId: { type: "string" }, negotiable: { type: "boolean" }, ...extra },
  });
  return {
    openapi: "3.1.0",
    info: { title: "Susong Exchange API", version: "1.0.0", description: "Achievements (科技成果) and technology needs (技术需求). Tokens are issued by an organization's administrator; scopes: " + apiScopes.join(", ") },
    servers: [{ url: `${serverUrl}/api/v1` }],
    paths: { ...listing("achievement"), ...listing("need") },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An organization API token (sx_…)" } },
      schemas: {
        Problem: { type: "object", required: ["title", "status"], properties: { type: { type: "string" }, title: { type: "string" }, status: { type: "integer" }, detail: { type: "string" }, errors: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } } } },
        Written: { type: "object", properties: { id: { type: "string" }, status: { enum: [...listingStatuses] }, externalId: { type: ["string", "null"] }, title: { type: "string" }, ownerOrgId: { type: "string" } } },
        AchievementSummary: summary({ summary: { type: "string" }, maturity: { enum: [...maturityNames, null] }, trl: { type: ["integer", "null"] }, ipType: { enum: [...ipTypeNames, null] }, priceMin: { type: ["number", "null"] }, priceMax: { type: ["number", "null"] } }),
        NeedSummary: summary({ budgetMin: { type: ["number", "null"] }, budgetMax: { type: ["number", "null"] }, deadline: { type: ["string", "null"], format: "date-time" }, confidentiality: { enum: ["PUBLIC", "MEMBERS", "CONFIDENTIAL"] } }),
        AchievementInput: input(achievementInputSchema),
        NeedInput: input(needInputSchema),
      },
    },
  };
}
