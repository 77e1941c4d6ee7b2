import crypto from "node:crypto";
import type { PrismaClient } from "~/generated/prisma/client";
import { createMember, createOrg } from "./factories";

const unique = () => crypto.randomBytes(4).toString("hex");
/** A moment in China Standard Time, e.g. at("2026-05-10"). */
export const at = (day: string, time = "10:00") => new Date(`${day}T${time}:00+08:00`);

/**
 * Marketplace activity written directly (interests, deals, bid rooms, challenge applications and milestones), the
 * way the pipeline pages will write it, so the bureau's figures can be checked against the database. Most activity
 * falls in 2026-Q2; some in Q1 and Q3 so the period boundaries are exercised.
 */
export async function generateActivity(db: PrismaClient) {
  const university = await createOrg(db, "UNIVERSITY");
  const institute = await createOrg(db, "INSTITUTE");
  const enterprise = await createOrg(db, "ENTERPRISE");
  const enterprise2 = await createOrg(db, "ENTERPRISE");
  const agency = await createOrg(db, "BROKER_AGENCY");
  const agency2 = await createOrg(db, "BROKER_AGENCY");
  await db.organization.update({ where: { id: university.id }, data: { region: "厦门市思明区" } });
  await db.organization.update({ where: { id: institute.id }, data: { region: "厦门市翔安区" } });
  await db.organization.update({ where: { id: enterprise.id }, data: { region: "厦门市湖里区" } });
  const researcher = await createMember(db, university.id, "RESEARCHER");
  const buyer = await createMember(db, enterprise.id, "ENTERPRISE");
  const broker = await createMember(db, agency.id, "BROKER");
  const broker2 = await createMember(db, agency2.id, "BROKER");

  const achievement = (title: string, org: string, field: string | null, industry: string | null, publishedAt: Date) =>
    db.achievement.create({
      data: { title, ownerOrgId: org, status: "PUBLISHED", publishedAt, techFieldMajor: field, industrySection: industry, cooperationModes: ["TRANSFER"] },
      select: { id: true },
    });
  const a1 = await achievement(`钙钛矿电池-${unique()}`, university.id, "新材料", "制造业", at("2026-04-02"));
  const a2 = await achievement(`抗体药物-${unique()}`, institute.id, "生物医药", "制造业", at("2026-05-20"));
  const a3 = await achievement(`边缘计算-${unique()}`, university.id, "电子信息", "信息传输、软件和信息技术服务业", at("2026-02-10"));
  const n1 = await db.need.create({
    data: { title: `需求-${unique()}`, ownerOrgId: enterprise.id, status: "PUBLISHED", publishedAt: at("2026-06-30", "23:59"), techFieldMajor: "新材料" },
    select: { id: true },
  });
  // published on the first minute of Q3 in Shanghai: belongs to Q3, not Q2
  await db.need.create({ data: { title: `需求-${unique()}`, ownerOrgId: enterprise2.id, status: "PUBLISHED", publishedAt: at("2026-07-01", "00:00") } });

  const interest = (listingKind: string, listingId: string, fromOrgId: string, fromUserId: string, toOrgId: string, createdAt: Date, respondedAt: Date | null) =>
    db.interest.create({
      data: { listingKind, listingId, fromOrgId, fromUserId, toOrgId, createdAt, respondedAt, responseCode: respondedAt ? "PROCEED" : null },
      select: { id: true },
    });
  await interest("achievement", a1.id, enterprise.id, buyer.id, university.id, at("2026-04-05"), at("2026-04-06"));
  await interest("achievement", a1.id, enterprise2.id, buyer.id, university.id, at("2026-04-08"), null);
  await interest("achievement", a2.id, enterprise.id, buyer.id, institute.id, at("2026-05-21"), at("2026-05-25"));
  await interest("need", n1.id, university.id, researcher.id, enterprise.id, at("2026-06-30", "23:59"), null);
  await interest("achievement", a3.id, enterprise.id, buyer.id, university.id, at("2026-02-11"), at("2026-02-12"));

  const deal = (data: {
    title: string;
    achievementId?: string;
    needId?: string;
    supplierOrgId: string;
    demandOrgId: string;
    brokerOrgId?: string;
    brokerUserId?: string;
    createdAt: Date;
    ndaSignedAt?: Date;
    contractSignedAt?: Date;
    contractAmountWan?: number;
    registeredAt?: Date;
    outcomeCheckedAt?: Date;
    stage: "INTRODUCED" | "NDA_SIGNED" | "CONTRACT_SIGNED" | "REGISTERED" | "OUTCOME_CHECKED";
  }) => db.deal.create({ data: { ...data, reference: `SX-T-${unique()}`, origin: "manual" }, select: { id: true } });
  await deal({
    title: "钙钛矿技术转让",
    achievementId: a1.id,
    supplierOrgId: university.id,
    demandOrgId: enterprise.id,
    brokerOrgId: agency.id,
    brokerUserId: broker.id,
    createdAt: at("2026-03-20"),
    ndaSignedAt: at("2026-04-10"),
    contractSignedAt: at("2026-05-01"),
    contractAmountWan: 100.5,
    registeredAt: at("2026-05-15"),
    outcomeCheckedAt: at("2026-06-20"),
    stage: "OUTCOME_CHECKED",
  });
  await deal({
    title: "抗体药物许可",
    achievementId: a2.id,
    supplierOrgId: institute.id,
    demandOrgId: enterprise.id,
    brokerOrgId: agency.id,
    brokerUserId: broker.id,
    createdAt: at("2026-05-22"),
    ndaSignedAt: at("2026-05-30"),
    contractSignedAt: at("2026-06-15"),
    contractAmountWan: 50.25,
    registeredAt: at("2026-07-02"),
    stage: "REGISTERED",
  });
  await deal({
    title: "材料需求合作开发",
    needId: n1.id,
    supplierOrgId: university.id,
    demandOrgId: enterprise.id,
    brokerOrgId: agency2.id,
    brokerUserId: broker2.id,
    createdAt: at("2026-06-01"),
    contractSignedAt: at("2026-06-28"),
    contractAmountWan: 20,
    stage: "CONTRACT_SIGNED",
  });
  await deal({ title: "边缘计算洽谈", achievementId: a3.id, supplierOrgId: university.id, demandOrgId: enterprise2.id, createdAt: at("2026-04-12"), stage: "INTRODUCED" });

  const room = await db.bidRoom.create({
    data: { kind: "AUCTION", title: "钙钛矿专利竞价", achievementId: a1.id, hostOrgId: university.id, config: {}, status: "CLOSED", opensAt: at("2026-04-20"), closesAt: at("2026-04-21") },
    select: { id: true },
  });
  const event = (seq: number, type: string, when: Date) =>
    db.bidRoomEvent.create({ data: { roomId: room.id, seq, type, command: {}, entries: [], at: when, prevHash: "", hash: `${room.id}-${seq}` } });
  await event(1, "bid", at("2026-04-20", "10:05"));
  await event(2, "proxy", at("2026-04-20", "10:06"));
  await event(3, "close", at("2026-04-21"));
  // a room nobody bid in is not a bid
  await db.bidRoom.create({
    data: { kind: "AUCTION", title: "无人出价", achievementId: a2.id, hostOrgId: institute.id, config: {}, status: "CLOSED", opensAt: at("2026-05-01"), closesAt: at("2026-05-02") },
  });

  const challenge = await db.challenge.create({
    data: { direction: "新材料", title: `揭榜-${unique()}`, issuerOrgId: enterprise.id, status: "IN_PROGRESS", publishedAt: at("2026-04-01") },
    select: { id: true },
  });
  const application = (leadOrgId: string, status: "SUBMITTED" | "AWARDED" | "TERMINATED" | "NOT_SELECTED", outcomeAt: Date | null) =>
    db.challengeApplication.create({
      data: { challengeId: challenge.id, leadOrgId, createdById: researcher.id, status, submittedAt: at("2026-04-15"), outcomeAt },
      select: { id: true },
    });
  const awarded = await application(university.id, "AWARDED", at("2026-05-05"));
  const terminated = await application(institute.id, "TERMINATED", at("2026-06-10"));
  await application(enterprise2.id, "NOT_SELECTED", at("2026-05-05"));
  await db.challengeMilestone.createMany({
    data: [
      { applicationId: awarded.id, seq: 1, title: "中期", dueAt: at("2026-06-01"), status: "PASSED", completedAt: at("2026-05-28") },
      { applicationId: awarded.id, seq: 2, title: "验收", dueAt: at("2026-09-01"), status: "PLANNED" },
      { applicationId: terminated.id, seq: 1, title: "中期", dueAt: at("2026-06-01"), status: "PASSED", completedAt: at("2026-06-05") },
      { applicationId: terminated.id, seq: 2, title: "复核", dueAt: at("2026-06-20"), status: "FAILED", completedAt: at("2026-06-18") },
    ],
  });

  return { university, institute, enterprise, enterprise2, agency, agency2, broker, broker2, a1, a2, a3, n1, challenge };
}
