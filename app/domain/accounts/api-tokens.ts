/** Scopes of organization API tokens (plain data: the token page and the OpenAPI document share it). */
export const apiScopes = ["listings:read", "listings:write", "listings:transition"] as const;
export type ApiScope = (typeof apiScopes)[number];
