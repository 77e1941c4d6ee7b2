import type { PrismaClient } from "~/generated/prisma/client";
import type { Translate } from "~/i18n/i18n";
import type { BrowseFilters } from "./browse";
import { achievementOrder, achievementWhere, needOrder, needWhere, resolveFilters } from "./browse.server";
import { writeXlsx } from "./import/spreadsheet.server";

export const EXPORT_MAX_ROWS = 50_000;

const band = (min: { toNumber(): number } | null, max: { toNumber(): number } | null, negotiable: string) =>
  min === null && max === null ? negotiable : [min?.toNumber(), max?.toNumber()].filter((v) => v !== undefined).join("-");

/**
 * A filtered list of published achievements as .xlsx: the public teaser only (never gated fields).
 * Column names are the import's Chinese headers, so an exported list can be imported again.
 */
export async function exportAchievements(db: PrismaClient, filters: BrowseFilters, t: Translate): Promise<Buffer> {
  const rows = await db.achievement.findMany({
    where: achievementWhere(await resolveFilters(db, "achievement", filters)),
    orderBy: achievementOrder(filters.sort),
    take: EXPORT_MAX_ROWS,
    select: { externalId: true, id: true, title: true, summary: true, techField: true, industryClass: true, maturity: true, ipType: true, cooperationModes: true, priceMin: true, priceMax: true, negotiable: true, region: true, publishedAt: true, ownerOrg: { select: { name: true } } },
  });
  return writeXlsx(
    "achievements",
    ["成果编号", "成果名称", "成果简介", "技术领域", "行业分类", "成熟度", "知识产权", "合作方式", "价格（万元）", "所在地区", "发布机构", "发布日期"],
    rows.map((r) => [
      r.externalId ?? r.id,
      r.title,
      r.summary,
      r.techField,
      r.industryClass,
      r.maturity ? t(`maturity.${r.maturity}`) : null,
      r.ipType ? t(`ip.${r.ipType}`) : null,
      r.cooperationModes.map((m) => t(`coop.${m}`)).join("、"),
      band(r.priceMin, r.priceMax, t("listing.negotiable")),
      r.region,
      r.ownerOrg.name,
      r.publishedAt ? r.publishedAt.toISOString().slice(0, 10) : null,
    ]),
  );
}

export async function exportNeeds(db: PrismaClient, filters: BrowseFilters, t: Translate): Promise<Buffer> {
  const rows = await db.need.findMany({
    where: needWhere(await resolveFilters(db, "need", filters)),
    orderBy: needOrder(filters.sort),
    take: EXPORT_MAX_ROWS,
    select: { externalId: true, id: true, title: true, description: true, confidentiality: true, techField: true, industryClass: true, cooperationModes: true, budgetMin: true, budgetMax: true, negotiable: true, region: true, publishedAt: true, ownerOrg: { select: { name: true } } },
  });
  return writeXlsx(
    "needs",
    ["需求编号", "需求名称", "需求描述", "技术领域", "行业", "合作方式", "预算（万元）", "所在地区", "发布机构", "发布日期"],
    rows.map((r) => [
      r.externalId ?? r.id,
      r.title,
      r.confidentiality === "PUBLIC" ? r.description : "",
      r.techField,
      r.industryClass,
      r.cooperationModes.map((m) => t(`coop.${m}`)).join("、"),
      band(r.budgetMin, r.budgetMax, t("listing.negotiable")),
      r.region,
      r.ownerOrg.name,
      r.publishedAt ? r.publishedAt.toISOString().slice(0, 10) : null,
    ]),
  );
}
