/** The coded answers to an expression of interest (labels in i18n: response.code.*), in display order. */
export const responseCodes = ["PROCEED", "NEED_INFO", "TECH_MISMATCH", "IMMATURE", "PRICE", "HAS_SOLUTION", "TIMING", "OTHER"] as const;
export type ResponseCodeName = (typeof responseCodes)[number];
