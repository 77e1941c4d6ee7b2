import { z } from "zod";
import { orgKindNames } from "./challenge-input";
import { formalReviewReasons, MAX_SUBTASKS, midTermDecisions } from "./applications";

// Messages are i18n keys; app/utils/forms.server.ts translates them.
const text = (max: number) => z.string().trim().max(max, { message: "validation.tooLong" });
const requiredText = (max: number) => text(max).min(1, { message: "validation.required" });
const noMarkup = (value: string) => !/[<>]/.test(value);
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
const wan = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.coerce.number({ message: "validation.required" }).min(0, { message: "validation.invalid" }).max(10_000_000, { message: "validation.invalid" }),
);

export const consortiumMemberSchema = z.object({
  orgName: requiredText(120).refine(noMarkup, { message: "validation.noMarkup" }),
  orgKind: z.enum(orgKindNames, { message: "validation.choice" }),
  role: text(200).default(""),
});

export const subTaskSchema = z.object({
  title: requiredText(120).refine(noMarkup, { message: "validation.noMarkup" }),
  months: z.coerce.number({ message: "validation.invalid" }).int({ message: "validation.invalid" }).min(1, { message: "validation.invalid" }).max(120, { message: "validation.invalid" }),
  milestone: requiredText(300),
});

export const applicationInputSchema = z.object({
  consortium: z.array(consortiumMemberSchema).max(4, { message: "application.consortiumTooMany" }).default([]),
  consortiumAgreement: checkbox.default(false),
  piName: requiredText(60).refine(noMarkup, { message: "validation.noMarkup" }),
  piTitle: text(60).default(""),
  piEmail: z.string().trim().max(120).refine((v) => v === "" || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), { message: "validation.invalid" }).default(""),
  summary: text(5_000).default(""),
  indicators: z.array(z.object({ indicator: requiredText(100), approach: text(2_000) })).max(20).default([]),
  subTasks: z.array(subTaskSchema).max(MAX_SUBTASKS, { message: "application.tooManySubTasks" }).default([]),
  requestedWan: wan,
  selfFundedWan: wan,
  integrityPledge: checkbox.default(false),
});
export type ApplicationInput = z.infer<typeof applicationInputSchema>;

export type ApplicationFormRaw = {
  consortium: { orgName: string; orgKind: string; role: string }[];
  indicators: { indicator: string; approach: string }[];
  subTasks: { title: string; months: string; milestone: string }[];
} & Partial<Record<"consortiumAgreement" | "piName" | "piTitle" | "piEmail" | "summary" | "requestedWan" | "selfFundedWan" | "integrityPledge", string>>;

/** Reads the application form: consortium, indicator and sub-task rows are repeated fields. */
export function applicationFormObject(formData: FormData): ApplicationFormRaw {
  const all = (key: string) => formData.getAll(key).map((v) => (typeof v === "string" ? v : ""));
  const rows = <T extends Record<string, string>>(keys: Record<keyof T, string>): T[] => {
    const columns = Object.entries(keys).map(([k, field]) => [k, all(field as string)] as const);
    const length = Math.max(0, ...columns.map(([, values]) => values.length));
    return Array.from({ length }, (_, i) => Object.fromEntries(columns.map(([k, values]) => [k, values[i] ?? ""])) as T);
  };
  const raw: ApplicationFormRaw = {
    consortium: rows<{ orgName: string; orgKind: string; role: string }>({ orgName: "memberName", orgKind: "memberKind", role: "memberRole" }).filter((r) => r.orgName.trim() !== "" || r.role.trim() !== ""),
    indicators: rows<{ indicator: string; approach: string }>({ indicator: "indicatorName", approach: "indicatorApproach" }),
    subTasks: rows<{ title: string; months: string; milestone: string }>({ title: "taskTitle", months: "taskMonths", milestone: "taskMilestone" }).filter((r) =>
      [r.title, r.months, r.milestone].some((v) => v.trim() !== ""),
    ),
  };
  for (const key of ["consortiumAgreement", "piName", "piTitle", "piEmail", "summary", "requestedWan", "selfFundedWan", "integrityPledge"] as const) {
    const value = formData.get(key);
    if (typeof value === "string") raw[key] = value;
  }
  return raw;
}

export const formalReviewSchema = z
  .object({
    decision: z.enum(["pass", "fail"], { message: "validation.choice" }),
    reasonCode: z.preprocess((v) => (v === "" ? undefined : v), z.enum(formalReviewReasons, { message: "validation.choice" }).optional()),
    note: text(2_000).default(""),
  })
  .refine((v) => v.decision === "pass" || v.reasonCode !== undefined, { path: ["reasonCode"], message: "application.reasonCodeRequired" })
  .refine((v) => v.reasonCode !== "OTHER" || v.note !== "", { path: ["note"], message: "application.noteRequired" });

export const conflictSchema = z
  .object({ conflicted: z.enum(["yes", "no"], { message: "application.conflictRequired" }), conflictNote: text(1_000).default("") })
  .refine((v) => v.conflicted === "no" || v.conflictNote !== "", { path: ["conflictNote"], message: "application.conflictNoteRequired" });

const score = z.coerce.number({ message: "application.scoreRange" }).min(0, { message: "application.scoreRange" }).max(100, { message: "application.scoreRange" });
export const scoreSchema = z.object({ scores: z.record(z.string(), score), comment: text(2_000).default("") });

export const objectionSchema = z.object({ applicationId: requiredText(40), reason: requiredText(2_000).refine((v) => v.length >= 10, { message: "application.objectionTooShort" }) });
export const objectionResolutionSchema = z.object({ objectionId: requiredText(40), upheld: z.enum(["yes", "no"], { message: "validation.choice" }), resolution: requiredText(2_000) });

export const midTermSchema = z.object({
  milestoneId: requiredText(40),
  passed: z.enum(["yes", "no"], { message: "validation.choice" }),
  decision: z.enum(midTermDecisions, { message: "validation.choice" }),
  evidence: requiredText(5_000),
  mergeIntoApplicationId: text(40).default(""),
});
