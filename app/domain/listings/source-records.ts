import { z } from "zod";
import { splitIndustryClass, splitTechField } from "./taxonomy";

/**
 * Maps the public records of shared/data (中国浙江网上技术市场 exports and web excerpts) onto
 * listing fields. Pure functions: the seed uses them now, list import will reuse them.
 */
export type MaturityName = "RESEARCHING" | "LAB" | "SMALL_PILOT" | "PILOT" | "MASS_PRODUCTION" | "INDUSTRIALIZED";
export type IpTypeName = "INVENTION_PATENT" | "UTILITY_MODEL" | "DESIGN_PATENT" | "SOFTWARE_COPYRIGHT" | "NON_PATENT";
export type CooperationModeName = "TRANSFER" | "LICENSE" | "EQUITY" | "CO_DEVELOPMENT" | "SERVICE" | "OTHER";

/** Maturity stage → technology readiness level (TRL 1–9). */
export const trlOfMaturity: Record<MaturityName, number> = {
  RESEARCHING: 2,
  LAB: 4,
  SMALL_PILOT: 5,
  PILOT: 6,
  MASS_PRODUCTION: 8,
  INDUSTRIALIZED: 9,
};

const maturityWords: [RegExp, MaturityName][] = [
  [/已产业化|产业化/, "INDUSTRIALIZED"],
  [/可以量产|批量生产|量产/, "MASS_PRODUCTION"],
  [/中试/, "PILOT"],
  [/小试/, "SMALL_PILOT"],
  [/实验室|已有样品|样品|样机/, "LAB"],
  [/正在研发|研发中/, "RESEARCHING"],
];

export function parseMaturity(text: string | null | undefined): MaturityName | null {
  if (!text) return null;
  return maturityWords.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

const ipWords: [RegExp, IpTypeName][] = [
  [/发明专利|invention patent/i, "INVENTION_PATENT"],
  [/实用新型|utility model/i, "UTILITY_MODEL"],
  [/外观/, "DESIGN_PATENT"],
  [/软件著作权|软著|software copyright/i, "SOFTWARE_COPYRIGHT"],
  [/非专利|技术秘密|know-how/i, "NON_PATENT"],
];

export function parseIpType(text: string | null | undefined): IpTypeName | null {
  if (!text) return null;
  return ipWords.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

const cooperationWords: [RegExp, CooperationModeName][] = [
  [/完全转让|技术转让|^转让$/, "TRANSFER"],
  [/许可/, "LICENSE"],
  [/入股/, "EQUITY"],
  [/合作生产|合作开发|委托开发|联合开发/, "CO_DEVELOPMENT"],
  [/技术服务|技术咨询|服务|咨询/, "SERVICE"],
  [/其他|其它/, "OTHER"],
];

/** The source writes modes run together ("完全转让许可转让技术入股") or comma-separated. */
export function parseCooperationModes(text: string | null | undefined): CooperationModeName[] {
  if (!text) return [];
  return cooperationWords.filter(([pattern]) => pattern.test(text)).map(([, mode]) => mode);
}

/** "100.0万元-200.0万元", "100万元", "面议" → a band in 万元, or negotiable. */
export function parseWanRange(text: string | null | undefined): { min: number | null; max: number | null; negotiable: boolean } {
  if (!text || /面议|negotiable/i.test(text)) return { min: null, max: null, negotiable: true };
  const numbers = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(万元|万|元)?/g)].map((m) => {
    const value = Number(m[1]);
    return m[2] === "元" ? value / 10_000 : value;
  });
  if (numbers.length === 0) return { min: null, max: null, negotiable: true };
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  return { min, max, negotiable: false };
}

/** "2020-03-20", "2018-08" → a date at noon Beijing time (so it shows as that day in every time zone we serve). */
export function parseSourceDate(text: string | null | undefined): Date | null {
  if (!text) return null;
  const match = text.match(/^(\d{4})-(\d{2})(?:-(\d{2}))?/);
  if (!match) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3] ?? "01"}T12:00:00+08:00`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A short title for a record published without one: its first clause. */
export function titleFromText(text: string, max = 40): string {
  const clause = text.trim().split(/[。；;！!？?\n]/)[0]?.trim() ?? "";
  return clause.length <= max ? clause : `${clause.slice(0, max - 1)}…`;
}

/**
 * Drops C0 control characters other than tab and newline. A few published titles carry them
 * (e.g. "Al-Zn\u0002Mg"); XML 1.0, and so .xlsx, cannot hold them, and no reader wants them.
 */
export function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
}

export const achievementRecordSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  abstract: z.string().optional(),
  industry_class: z.string().optional(),
  tech_field: z.string().optional(),
  maturity: z.string().optional(),
  ip: z.string().optional(),
  cooperation_mode: z.string().optional(),
  price: z.string().optional(),
  post_date: z.string().optional(),
  source: z.string().optional(),
  owner: z.string().optional(),
  city: z.string().optional(),
  application_scope: z.string().optional(),
});
export type AchievementRecord = z.infer<typeof achievementRecordSchema>;

export const needRecordSchema = z.object({
  id: z.string().min(1),
  title: z.string().nullish(),
  description: z.string().optional(),
  industry_class: z.string().optional(),
  cooperation_mode: z.string().optional(),
  valid_period: z.string().optional(),
  post_date: z.string().optional(),
  source: z.string().optional(),
  requester: z.string().optional(),
  budget: z.string().optional(),
});
export type NeedRecord = z.infer<typeof needRecordSchema>;

export function achievementFromRecord(record: AchievementRecord) {
  const maturity = parseMaturity(record.maturity);
  const price = parseWanRange(record.price);
  const postedAt = parseSourceDate(record.post_date);
  const ipType = parseIpType(record.ip);
  const industry = splitIndustryClass(record.industry_class);
  return {
    externalId: record.id,
    title: cleanText(record.title).trim(),
    summary: cleanText(record.abstract ?? "").trim(),
    techField: record.tech_field ?? null,
    techFieldMajor: record.tech_field?.split("-")[0] ?? null,
    techFieldMinor: splitTechField(record.tech_field).minor,
    industryClass: record.industry_class ?? null,
    industrySection: industry.section,
    industryDivision: industry.division,
    maturity,
    trl: maturity ? trlOfMaturity[maturity] : null,
    ipType,
    ipSummary: record.ip ?? null,
    ipItems: ipType ? [{ type: ipType, number: null, status: null, holder: null }] : [],
    cooperationModes: parseCooperationModes(record.cooperation_mode),
    priceMin: price.min,
    priceMax: price.max,
    negotiable: price.negotiable,
    region: record.city ?? null,
    applicationScope: record.application_scope ?? null,
    source: record.source ?? null,
    sourcePublisher: record.owner ?? null,
    postedAt,
    publishedAt: postedAt,
  };
}

export const UNTITLED_NEED = "未命名技术需求";

export function needFromRecord(record: NeedRecord) {
  const budget = parseWanRange(record.budget);
  const postedAt = parseSourceDate(record.post_date);
  const description = cleanText(record.description ?? "").trim();
  return {
    externalId: record.id,
    // One published record has neither title nor text; it keeps its place under a neutral title.
    title: cleanText(record.title ?? "").trim() || titleFromText(description) || UNTITLED_NEED,
    description,
    industryClass: record.industry_class ?? null,
    industrySection: splitIndustryClass(record.industry_class).section,
    industryDivision: splitIndustryClass(record.industry_class).division,
    cooperationModes: parseCooperationModes(record.cooperation_mode),
    budgetMin: budget.min,
    budgetMax: budget.max,
    negotiable: budget.negotiable,
    source: record.source ?? null,
    sourcePublisher: record.requester ?? null,
    postedAt,
    publishedAt: postedAt,
  };
}
