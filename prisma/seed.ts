import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { hashPassword } from "~/domain/accounts/accounts.server";
import type { OrgKindName, RoleName } from "~/domain/accounts/permissions";
import {
  achievementFromRecord,
  achievementRecordSchema,
  needFromRecord,
  needRecordSchema,
} from "~/domain/listings/source-records";
import { challengeFromRecord, challengeRecordSchema } from "~/domain/challenges/source-records";
import type { PrismaClient } from "~/generated/prisma/client";
import { seedPolicyMeasures } from "~/domain/advisor/advisor.server";
import { seedDemoDeals } from "./seed-deals";

/** Every demo account signs in with this password (README, "Demo accounts"). */
export const DEMO_PASSWORD = "Susong-Demo-2026";

type DemoOrg = { key: string; name: string; nameEn: string; kind: OrgKindName; region: string };

/** Fictional organizations, each labelled 演示 (demo), that own the public records. */
export const demoOrganizations: DemoOrg[] = [
  { key: "luda", name: "鹭江大学（演示）", nameEn: "Lujiang University (demo)", kind: "UNIVERSITY", region: "厦门市思明区" },
  { key: "haixi", name: "海西理工大学（演示）", nameEn: "Haixi University of Technology (demo)", kind: "UNIVERSITY", region: "厦门市集美区" },
  { key: "energy", name: "鹭岛能源材料研究院（演示）", nameEn: "Ludao Institute of Energy Materials (demo)", kind: "INSTITUTE", region: "厦门市翔安区" },
  { key: "tongan", name: "同安智能制造有限公司（演示）", nameEn: "Tong'an Smart Manufacturing Co. (demo)", kind: "ENTERPRISE", region: "厦门市同安区" },
  { key: "xiangan", name: "翔安生物医药有限公司（演示）", nameEn: "Xiang'an Biopharma Co. (demo)", kind: "ENTERPRISE", region: "厦门市翔安区" },
  { key: "huli", name: "湖里电子信息有限公司（演示）", nameEn: "Huli Electronics Co. (demo)", kind: "ENTERPRISE", region: "厦门市湖里区" },
  { key: "haicang", name: "海沧新材料有限公司（演示）", nameEn: "Haicang New Materials Co. (demo)", kind: "ENTERPRISE", region: "厦门市海沧区" },
  { key: "jiahe", name: "嘉禾技术转移中心（演示）", nameEn: "Jiahe Technology Transfer Center (demo)", kind: "BROKER_AGENCY", region: "厦门市思明区" },
  { key: "bureau", name: "厦门市科学技术局（演示）", nameEn: "Xiamen Science and Technology Bureau (demo)", kind: "GOVERNMENT", region: "厦门市" },
  { key: "platform", name: "苏颂平台运营中心（演示）", nameEn: "Susong Exchange Operations (demo)", kind: "GOVERNMENT", region: "厦门市" },
];

type DemoUser = { email: string; name: string; org: string; role: RoleName; orgAdmin: boolean; locale: "zh-CN" | "en" };

export const demoUsers: DemoUser[] = [
  { email: "researcher@demo.susong.example", name: "陈研（演示）", org: "luda", role: "RESEARCHER", orgAdmin: false, locale: "zh-CN" },
  { email: "tto@demo.susong.example", name: "林转化（演示）", org: "luda", role: "TTO", orgAdmin: true, locale: "zh-CN" },
  { email: "institute@demo.susong.example", name: "王院（演示）", org: "energy", role: "TTO", orgAdmin: true, locale: "zh-CN" },
  { email: "enterprise@demo.susong.example", name: "黄企（演示）", org: "tongan", role: "ENTERPRISE", orgAdmin: true, locale: "zh-CN" },
  { email: "enterprise2@demo.susong.example", name: "Grace Xu (demo)", org: "xiangan", role: "ENTERPRISE", orgAdmin: true, locale: "en" },
  { email: "broker@demo.susong.example", name: "郑经理（演示）", org: "jiahe", role: "BROKER", orgAdmin: true, locale: "zh-CN" },
  { email: "bureau@demo.susong.example", name: "苏科（演示）", org: "bureau", role: "BUREAU", orgAdmin: true, locale: "zh-CN" },
  { email: "admin@demo.susong.example", name: "平台管理员（演示）", org: "platform", role: "ADMIN", orgAdmin: true, locale: "zh-CN" },
];

const achievementOwners = ["luda", "haixi", "energy"];
const needOwners = ["tongan", "xiangan", "huli", "haicang"];

/** Spreads records over the demo owners deterministically, so every seed run assigns the same owner. */
function pickOwner(externalId: string, keys: string[]): string {
  const bucket = crypto.createHash("sha1").update(externalId).digest().readUInt32BE(0) % keys.length;
  return keys[bucket] ?? keys[0] ?? "";
}

function readJsonLines(file: string): unknown[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      try {
        return JSON.parse(line);
      } catch {
        throw new Error(`${file}:${index + 1} is not valid JSON`);
      }
    });
}

export type SeedResult = { skipped?: string; organizations: number; users: number; achievements: number; needs: number; challenges?: number; deals?: number };

/**
 * Loads the demo organizations, demo users and every record of shared/data. Idempotent: a second
 * run finds everything in place and writes nothing.
 */
export async function seedDatabase(prisma: PrismaClient, options: { dataDir: string; log?: (line: string) => void }): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const achievementsFile = path.join(options.dataDir, "achievements.jsonl");
  const needsFile = path.join(options.dataDir, "needs.jsonl");
  if (!fs.existsSync(achievementsFile) || !fs.existsSync(needsFile)) {
    return { skipped: `no achievements.jsonl and needs.jsonl in ${options.dataDir} (set SEED_DATA_DIR)`, organizations: 0, users: 0, achievements: 0, needs: 0 };
  }

  const orgIds = new Map<string, string>();
  for (const org of demoOrganizations) {
    const row = await prisma.organization.upsert({
      where: { name: org.name },
      create: { name: org.name, nameEn: org.nameEn, kind: org.kind, region: org.region, verified: true, isDemo: true },
      update: {},
      select: { id: true },
    });
    orgIds.set(org.key, row.id);
  }
  const orgId = (key: string) => {
    const id = orgIds.get(key);
    if (!id) throw new Error(`unknown demo organization ${key}`);
    return id;
  };

  let usersCreated = 0;
  for (const demo of demoUsers) {
    let user = await prisma.user.findUnique({ where: { email: demo.email }, select: { id: true } });
    if (!user) {
      user = await prisma.user.create({
        data: { email: demo.email, name: demo.name, locale: demo.locale, passwordHash: await hashPassword(DEMO_PASSWORD) },
        select: { id: true },
      });
      usersCreated += 1;
    }
    await prisma.membership.upsert({
      where: { userId_organizationId: { userId: user.id, organizationId: orgId(demo.org) } },
      create: { userId: user.id, organizationId: orgId(demo.org), role: demo.role, orgAdmin: demo.orgAdmin, status: "ACTIVE", decidedAt: new Date() },
      update: {},
    });
  }

  const achievementRecords = readJsonLines(achievementsFile).map((raw) => achievementRecordSchema.parse(raw));
  const needRecords = readJsonLines(needsFile).map((raw) => needRecordSchema.parse(raw));

  const [haveAchievements, haveNeeds] = await Promise.all([
    prisma.achievement.count({ where: { externalId: { in: achievementRecords.map((r) => r.id) } } }),
    prisma.need.count({ where: { externalId: { in: needRecords.map((r) => r.id) } } }),
  ]);

  let achievementsCreated = 0;
  if (haveAchievements < achievementRecords.length) {
    log(`seeding ${achievementRecords.length} achievements`);
    for (let i = 0; i < achievementRecords.length; i += 500) {
      const chunk = achievementRecords.slice(i, i + 500).map((record) => {
        // Records that name a research institute go to the demo institute; the rest spread over the demo owners.
        const owner = record.owner ? "energy" : pickOwner(record.id, achievementOwners);
        return { ...achievementFromRecord(record), status: "PUBLISHED" as const, ownerOrgId: orgId(owner) };
      });
      const { count } = await prisma.achievement.createMany({ data: chunk, skipDuplicates: true });
      achievementsCreated += count;
    }
  }

  let needsCreated = 0;
  if (haveNeeds < needRecords.length) {
    log(`seeding ${needRecords.length} technology needs`);
    for (let i = 0; i < needRecords.length; i += 500) {
      const chunk = needRecords.slice(i, i + 500).map((record) => ({
        ...needFromRecord(record),
        status: "PUBLISHED" as const,
        ownerOrgId: orgId(pickOwner(record.id, needOwners)),
      }));
      const { count } = await prisma.need.createMany({ data: chunk, skipDuplicates: true });
      needsCreated += count;
    }
  }

  if (usersCreated + achievementsCreated + needsCreated > 0) {
    log(`demo data: ${usersCreated} users, ${achievementsCreated} achievements, ${needsCreated} needs added`);
  }
  let challengesCreated = 0;
  const challengesFile = path.join(options.dataDir, "challenges.jsonl");
  if (fs.existsSync(challengesFile)) {
    const records = readJsonLines(challengesFile).map((raw) => challengeRecordSchema.parse(raw));
    const have = await prisma.challenge.count({ where: { externalId: { in: records.map((r) => r.id) } } });
    if (have < records.length) {
      const { count } = await prisma.challenge.createMany({
        data: records.map((record) => {
          const { issuedByGovernment, ...fields } = challengeFromRecord(record);
          return { ...fields, status: "PUBLISHED" as const, issuerOrgId: orgId(issuedByGovernment ? "bureau" : pickOwner(record.id, needOwners)) };
        }),
        skipDuplicates: true,
      });
      challengesCreated = count;
      if (count > 0) log(`demo data: ${count} challenges added`);
    }
  }

  // The policy-incentive advisor's measures (version 1 of each, only where none exists yet).
  const measuresCreated = await seedPolicyMeasures(prisma);
  if (measuresCreated > 0) log(`policy measures: ${measuresCreated} added`);

  const dealsCreated = await seedDemoDeals(prisma, orgId, log);

  return { deals: dealsCreated, organizations: orgIds.size, users: usersCreated, achievements: achievementsCreated, needs: needsCreated, challenges: challengesCreated };
}
