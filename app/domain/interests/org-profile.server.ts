import type { PrismaClient } from "~/generated/prisma/client";

export type ResponseStats = {
  /** expressions of interest received plus submitted challenge applications */
  received: number;
  answered: number;
  /** answered / received, or null when nothing was received */
  rate: number | null;
  /** median of (answer time − arrival time) over answered items, in hours, or null */
  medianHours: number | null;
};

/** The median of a list (mean of the two middle values for an even count), as PostgreSQL's percentile_cont(0.5). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const HOUR = 3_600_000;

/**
 * How an organization answers: expressions of interest addressed to it, and the submitted
 * applications to its challenges (answered when they carry an outcome).
 */
export async function responseStats(db: PrismaClient, organizationId: string): Promise<ResponseStats> {
  const [interests, applications] = await Promise.all([
    db.interest.findMany({ where: { toOrgId: organizationId }, select: { createdAt: true, respondedAt: true } }),
    db.challengeApplication.findMany({
      where: { submittedAt: { not: null }, challengeId: { in: (await db.challenge.findMany({ where: { issuerOrgId: organizationId }, select: { id: true } })).map((c) => c.id) } },
      select: { submittedAt: true, outcomeAt: true },
    }),
  ]);
  const items = [
    ...interests.map((i) => ({ from: i.createdAt, to: i.respondedAt })),
    ...applications.map((a) => ({ from: a.submittedAt ?? new Date(0), to: a.outcomeAt })),
  ];
  const durations = items.flatMap((item) => (item.to ? [(item.to.getTime() - item.from.getTime()) / HOUR] : []));
  return {
    received: items.length,
    answered: durations.length,
    rate: items.length === 0 ? null : durations.length / items.length,
    medianHours: median(durations),
  };
}

export const PROFILE_LISTINGS = 20;

/** An organization's public profile: who it is, what it has published, and how it answers. */
export async function orgProfile(db: PrismaClient, organizationId: string) {
  const org = await db.organization.findUnique({ where: { id: organizationId }, select: { id: true, name: true, nameEn: true, kind: true, region: true, description: true, verified: true } });
  if (!org) return null;
  const published = { ownerOrgId: organizationId, status: "PUBLISHED" as const };
  const [achievements, needs, achievementCount, needCount, stats] = await Promise.all([
    db.achievement.findMany({ where: published, orderBy: [{ publishedAt: "desc" }, { id: "desc" }], take: PROFILE_LISTINGS, select: { id: true, title: true, publishedAt: true } }),
    db.need.findMany({ where: published, orderBy: [{ publishedAt: "desc" }, { id: "desc" }], take: PROFILE_LISTINGS, select: { id: true, title: true, publishedAt: true } }),
    db.achievement.count({ where: published }),
    db.need.count({ where: published }),
    responseStats(db, organizationId),
  ]);
  return { org, achievements, needs, achievementCount, needCount, stats };
}
