import { z } from "zod";
import { parseSourceDate, titleFromText } from "../listings/source-records";

/** Public 揭榜挂帅 announcements (shared/data/challenges.jsonl) mapped onto challenges. Pure code. */
export const challengeRecordSchema = z.object({
  id: z.string().min(1),
  program: z.string().optional(),
  issuer: z.string().optional(),
  requester: z.string().optional(),
  year: z.union([z.string(), z.number()]).optional(),
  date: z.string().optional(),
  group: z.string().optional(),
  group_description: z.string().optional(),
  title: z.string().optional(),
  requirements: z.string().optional(),
  source: z.string().optional(),
});
export type ChallengeRecord = z.infer<typeof challengeRecordSchema>;

export function challengeFromRecord(record: ChallengeRecord) {
  const year = record.year === undefined ? null : Number.parseInt(String(record.year), 10);
  const title = record.title?.trim() || (record.requirements ? titleFromText(record.requirements) : "") || record.group?.trim() || record.program?.trim() || record.id;
  const publishedAt = parseSourceDate(record.date) ?? (year ? new Date(`${year}-01-01T12:00:00+08:00`) : null);
  return {
    externalId: record.id,
    title,
    direction: record.group?.trim() || title,
    background: record.group_description?.trim() ?? "",
    researchContent: record.requirements?.trim() ?? "",
    program: record.program?.trim() ?? null,
    year: year !== null && Number.isFinite(year) ? year : null,
    source: record.source ?? null,
    sourceIssuer: record.issuer?.trim() || record.requester?.trim() || null,
    publishedAt,
    /** announcements by a government body go to the demo bureau; tasks posted by companies to a demo enterprise */
    issuedByGovernment: Boolean(record.issuer) || !record.requester,
  };
}
