import { z } from "zod";
import { isKnownTechField } from "./taxonomy";
import { TEXT_MAX, TITLE_MAX } from "./validation";

/**
 * The full listing input, shared by the create/edit forms, the list importer and the REST API.
 * Messages are i18n keys (app/i18n/messages); forms and the importer translate them.
 */
export const maturityNames = ["RESEARCHING", "LAB", "SMALL_PILOT", "PILOT", "MASS_PRODUCTION", "INDUSTRIALIZED"] as const;
export const ipTypeNames = ["INVENTION_PATENT", "UTILITY_MODEL", "DESIGN_PATENT", "SOFTWARE_COPYRIGHT", "NON_PATENT"] as const;
export const cooperationModeNames = ["TRANSFER", "LICENSE", "EQUITY", "CO_DEVELOPMENT", "SERVICE", "OTHER"] as const;
export const confidentialityNames = ["PUBLIC", "MEMBERS", "CONFIDENTIAL"] as const;

const PRICE_MAX = 1_000_000_000_000;

const title = z
  .string({ message: "validation.required" })
  .trim()
  .min(1, { message: "validation.required" })
  .min(2, { message: "validation.tooShort" })
  .max(TITLE_MAX, { message: "validation.tooLong" });
const text = (max = TEXT_MAX) => z.string().trim().max(max, { message: "validation.tooLong" }).default("");
const optionalText = (max = 200) =>
  z
    .string()
    .trim()
    .max(max, { message: "validation.tooLong" })
    .nullish()
    .transform((v) => (v ? v : null));
const wan = z
  .number({ message: "listingForm.error.number" })
  .min(0, { message: "listingForm.error.number" })
  .max(PRICE_MAX, { message: "listingForm.error.number" })
  .nullish()
  .transform((v) => v ?? null);
const date = z
  .union([z.date(), z.iso.date({ message: "listingForm.error.date" }), z.iso.datetime({ offset: true, message: "listingForm.error.date" })], {
    message: "listingForm.error.date",
  })
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(v.length === 10 ? `${v}T23:59:59+08:00` : v)));
const techField = z
  .string()
  .trim()
  .nullish()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || isKnownTechField(v), { message: "listingForm.error.techField" });
const externalId = z
  .string()
  .trim()
  .max(120, { message: "validation.tooLong" })
  .regex(/^[\w.:@/-]+$/, { message: "listingForm.error.externalId" })
  .nullish()
  .transform((v) => (v ? v : null));

export const ipItemSchema = z.object({
  type: z.enum(ipTypeNames, { message: "validation.choice" }),
  number: optionalText(60),
  status: optionalText(40),
  holder: optionalText(120),
});
export type IpItem = z.infer<typeof ipItemSchema>;

export const indicatorSchema = z.object({
  name: z.string().trim().min(1, { message: "validation.required" }).max(100, { message: "validation.tooLong" }),
  target: z.string().trim().min(1, { message: "validation.required" }).max(60, { message: "validation.tooLong" }),
  unit: z.string().trim().max(30, { message: "validation.tooLong" }).default(""),
});
export type Indicator = z.infer<typeof indicatorSchema>;

function bandIsOrdered(v: { min: number | null; max: number | null }) {
  return v.min === null || v.max === null || v.min <= v.max;
}

export const achievementInputSchema = z
  .object({
    externalId,
    title,
    summary: text(),
    description: text(),
    techField,
    industryClass: optionalText(120),
    maturity: z.enum(maturityNames, { message: "validation.choice" }).nullish().transform((v) => v ?? null),
    ipItems: z.array(ipItemSchema).max(50, { message: "validation.tooLong" }).default([]),
    cooperationModes: z.array(z.enum(cooperationModeNames, { message: "validation.choice" })).max(6).default([]),
    priceMin: wan,
    priceMax: wan,
    region: optionalText(60),
    keywords: z.array(z.string().trim().min(1).max(30, { message: "validation.tooLong" })).max(20, { message: "validation.tooLong" }).default([]),
    team: optionalText(2_000),
    validUntil: date,
    disclosureTerms: optionalText(4_000),
  })
  .refine((v) => bandIsOrdered({ min: v.priceMin, max: v.priceMax }), { message: "listingForm.error.band", path: ["priceMax"] });
export type AchievementInput = z.output<typeof achievementInputSchema>;

export const needInputSchema = z
  .object({
    externalId,
    title,
    description: text(),
    techField,
    industryClass: optionalText(120),
    indicators: z.array(indicatorSchema).max(30, { message: "validation.tooLong" }).default([]),
    cooperationModes: z.array(z.enum(cooperationModeNames, { message: "validation.choice" })).max(6).default([]),
    budgetMin: wan,
    budgetMax: wan,
    region: optionalText(60),
    deadline: date,
    validUntil: date,
    confidentiality: z.enum(confidentialityNames, { message: "validation.choice" }).default("PUBLIC"),
  })
  .refine((v) => bandIsOrdered({ min: v.budgetMin, max: v.budgetMax }), { message: "listingForm.error.band", path: ["budgetMax"] });
export type NeedInput = z.output<typeof needInputSchema>;

/** Form posts carry everything as strings; this shapes them into the input above (empty → absent). */
export function listingInputFromForm(form: FormData): Record<string, unknown> {
  const single = (key: string) => {
    const value = form.get(key);
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
  };
  const number = (key: string) => {
    const value = single(key);
    return value === undefined ? undefined : Number(value.replace(/,/g, ""));
  };
  const rows = <T,>(prefix: string, fields: readonly string[], present: string) => {
    const out: Record<string, string | undefined>[] = [];
    for (let i = 0; i < 20; i += 1) {
      const row = Object.fromEntries(fields.map((f) => [f, single(`${prefix}.${i}.${f}`)]));
      if (row[present] !== undefined) out.push(row);
    }
    return out as T[];
  };
  const negotiable = form.get("negotiable") === "on";
  return {
    title: single("title") ?? "",
    summary: single("summary"),
    description: single("description"),
    techField: single("techField"),
    industryClass: single("industryClass"),
    maturity: single("maturity"),
    ipItems: rows("ip", ["type", "number", "status", "holder"], "type"),
    indicators: rows("indicator", ["name", "target", "unit"], "name"),
    cooperationModes: form.getAll("cooperationModes").filter((v) => typeof v === "string"),
    priceMin: negotiable ? undefined : number("priceMin"),
    priceMax: negotiable ? undefined : number("priceMax"),
    budgetMin: negotiable ? undefined : number("budgetMin"),
    budgetMax: negotiable ? undefined : number("budgetMax"),
    region: single("region"),
    keywords: (single("keywords") ?? "")
      .split(/[,，;；、\s]+/)
      .map((k) => k.trim())
      .filter(Boolean),
    team: single("team"),
    validUntil: single("validUntil"),
    deadline: single("deadline"),
    disclosureTerms: single("disclosureTerms"),
    confidentiality: single("confidentiality"),
  };
}
