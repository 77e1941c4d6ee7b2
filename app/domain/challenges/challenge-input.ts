import { z } from "zod";
import { checklistItems } from "./lifecycle";

// Messages are i18n keys; app/utils/forms.server.ts translates them.
const text = (max: number) => z.string().trim().max(max, { message: "validation.tooLong" });
const requiredText = (max: number) => text(max).min(1, { message: "validation.required" });
const optionalText = (max: number) => text(max).transform((v) => (v === "" ? null : v)).nullable().default(null);
const noMarkup = (value: string) => !/[<>]/.test(value);

/** Beijing dates from date inputs (YYYY-MM-DD); empty means not set. Deadlines end with their day; an opening starts with it. */
const dateAt = (time: string) =>
  z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v), { message: "validation.invalid" })
    .transform((v) => (v === "" ? null : new Date(`${v}T${time}+08:00`)));
const date = dateAt("23:59:59");
const startDate = dateAt("00:00:00");

export const challengeIndicatorSchema = z.object({
  name: requiredText(100),
  target: requiredText(60),
  unit: text(30).default(""),
  verification: text(200).default(""),
});

export const maturityNames = ["RESEARCHING", "LAB", "SMALL_PILOT", "PILOT", "MASS_PRODUCTION", "INDUSTRIALIZED"] as const;
export const orgKindNames = ["UNIVERSITY", "INSTITUTE", "ENTERPRISE", "BROKER_AGENCY", "GOVERNMENT"] as const;

export const challengeInputSchema = z
  .object({
    direction: requiredText(80).refine(noMarkup, { message: "validation.noMarkup" }),
    subField: optionalText(80),
    title: requiredText(120).refine(noMarkup, { message: "validation.noMarkup" }),
    background: text(20_000).default(""),
    researchContent: text(20_000).default(""),
    indicators: z.array(challengeIndicatorSchema).max(20, { message: "validation.tooLong" }).default([]),
    deadline: date,
    fundingWan: z.preprocess(
      (v) => (v === "" || v === undefined ? null : v),
      z.coerce.number({ message: "validation.invalid" }).min(0, { message: "validation.invalid" }).max(10_000_000, { message: "validation.invalid" }).nullable(),
    ),
    fundingSource: optionalText(120),
    targetMaturity: z.preprocess((v) => (v === "" ? null : v), z.enum(maturityNames, { message: "validation.choice" }).nullable().default(null)),
    eligibleOrgKinds: z.array(z.enum(orgKindNames, { message: "validation.choice" })).default([]),
    maxConsortiumMembers: z.coerce.number({ message: "validation.invalid" }).int({ message: "validation.invalid" }).min(0).max(4, { message: "challenge.consortiumMax" }).default(4),
    maxApplicationsPerOrg: z.coerce.number({ message: "validation.invalid" }).int({ message: "validation.invalid" }).min(1, { message: "validation.invalid" }).max(10, { message: "validation.invalid" }).default(1),
    /** 自筹 : 申请经费 required of applicants (default 1; 0 = none) */
    selfFundingRatio: z.preprocess(
      (v) => (v === "" || v === undefined ? 1 : v),
      z.coerce.number({ message: "validation.invalid" }).min(0, { message: "validation.invalid" }).max(10, { message: "validation.invalid" }),
    ),
    excludePriorWinners: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()).default(false),
    ipArrangement: z.enum(["ASSIGNMENT", "LICENSE", "JOINT", "CUSTOM"], { message: "validation.choice" }).default("JOINT"),
    ipNote: optionalText(500),
    evaluationMode: z.enum(["PROPOSAL", "RACE"], { message: "validation.choice" }).default("PROPOSAL"),
    applicationOpensAt: startDate,
    applicationClosesAt: date,
  })
  .refine((v) => v.ipArrangement !== "CUSTOM" || (v.ipNote ?? "") !== "", { path: ["ipNote"], message: "challenge.ipNoteRequired" });
export type ChallengeInput = z.infer<typeof challengeInputSchema>;

/** A review decision: return with checklist items and/or a reason, or publish. */
export const challengeTransitionSchema = z.object({
  transition: z.enum(["submit", "withdraw", "startReview", "return", "publish", "closeApplications", "startExpertReview", "openBidding", "shortlist", "award", "confirmAward", "startAcceptance", "close", "cancel"], {
    message: "validation.choice",
  }),
  reason: text(2_000).default(""),
  checklist: z.array(z.enum(checklistItems, { message: "validation.choice" })).default([]),
});

const singleKeys = [
  "direction",
  "subField",
  "title",
  "background",
  "researchContent",
  "deadline",
  "fundingWan",
  "fundingSource",
  "targetMaturity",
  "maxConsortiumMembers",
  "maxApplicationsPerOrg",
  "selfFundingRatio",
  "excludePriorWinners",
  "ipArrangement",
  "ipNote",
  "evaluationMode",
  "applicationOpensAt",
  "applicationClosesAt",
] as const;

/** The form as submitted: text fields, indicator rows and ticked organization kinds. */
export type ChallengeFormRaw = Partial<Record<(typeof singleKeys)[number], string>> & {
  indicators: { name: string; target: string; unit: string; verification: string }[];
  eligibleOrgKinds: string[];
};

/** Reads a challenge form: repeated indicator rows and checkboxes need FormData.getAll. */
export function challengeFormObject(formData: FormData): ChallengeFormRaw {
  const all = (key: string) => formData.getAll(key).map((v) => (typeof v === "string" ? v : ""));
  const names = all("indicatorName");
  const [targets, units, checks] = [all("indicatorTarget"), all("indicatorUnit"), all("indicatorVerification")];
  const indicators = names
    .map((name, i) => ({ name, target: targets[i] ?? "", unit: units[i] ?? "", verification: checks[i] ?? "" }))
    .filter((row) => [row.name, row.target, row.unit, row.verification].some((v) => v.trim() !== ""));
  const raw: ChallengeFormRaw = { indicators, eligibleOrgKinds: all("eligibleOrgKinds") };
  for (const key of singleKeys) {
    const value = formData.get(key);
    if (typeof value === "string") raw[key] = value;
  }
  return raw;
}
