import type { DealStage, PrismaClient } from "~/generated/prisma/client";
import { computeCommission } from "~/domain/deals/commission";
import { DEAL_STAGES, outcomeDueDate } from "~/domain/deals/pipeline";

const DAY = 24 * 3600_000;
export const DEMO_DEAL_PREFIX = "SX-DEMO-";

type DemoDeal = { n: number; stage: DealStage; supplier: string; demand: string; daysInStage: number; contract?: { type: "DEVELOPMENT" | "TRANSFER" | "LICENSE" | "CONSULTING" | "SERVICE"; amountWan: string; daysAgo: number } };

/** One deal per stage for the demo broker, so the board, the ledger and the packet have something to show. */
const demoDeals: DemoDeal[] = [
  { n: 1, stage: "INTRODUCED", supplier: "luda", demand: "tongan", daysInStage: 2 },
  { n: 2, stage: "INTEREST_CONFIRMED", supplier: "energy", demand: "haicang", daysInStage: 5 },
  { n: 3, stage: "NDA_SIGNED", supplier: "haixi", demand: "huli", daysInStage: 20 },
  { n: 4, stage: "MEETING", supplier: "luda", demand: "xiangan", daysInStage: 9 },
  { n: 5, stage: "NEGOTIATION", supplier: "energy", demand: "tongan", daysInStage: 4 },
  { n: 6, stage: "CONTRACT_SIGNED", supplier: "haixi", demand: "haicang", daysInStage: 12, contract: { type: "LICENSE", amountWan: "180.00", daysAgo: 12 } },
  { n: 7, stage: "REGISTERED", supplier: "luda", demand: "huli", daysInStage: 60, contract: { type: "TRANSFER", amountWan: "320.50", daysAgo: 75 } },
  { n: 8, stage: "OUTCOME_CHECKED", supplier: "energy", demand: "xiangan", daysInStage: 10, contract: { type: "DEVELOPMENT", amountWan: "560.00", daysAgo: 400 } },
  { n: 9, stage: "CLOSED_LOST", supplier: "haixi", demand: "tongan", daysInStage: 30 },
];

/**
 * Demo deals for the demo broker agency, with their history, a commission rule and the commissions it yields.
 * Idempotent: nothing is written when the demo deals exist already.
 */
export async function seedDemoDeals(prisma: PrismaClient, orgId: (key: string) => string, log: (line: string) => void): Promise<number> {
  if ((await prisma.deal.count({ where: { reference: { startsWith: DEMO_DEAL_PREFIX } } })) > 0) return 0;
  const broker = await prisma.user.findUnique({ where: { email: "broker@demo.susong.example" }, select: { id: true } });
  if (!broker) return 0;
  const agency = orgId("jiahe");
  const now = new Date();
  const splits = [
    { role: "introducer" as const, share: 0.6 },
    { role: "follower" as const, share: 0.4 },
  ];
  const rule = await prisma.commissionRule.create({ data: { brokerOrgId: agency, kind: "PERCENT", percent: "3", splits, validFrom: new Date(now.getTime() - 500 * DAY), createdById: broker.id } });
  for (const demo of demoDeals) {
    const [achievement, need] = await Promise.all([
      prisma.achievement.findFirst({ where: { ownerOrgId: orgId(demo.supplier), status: "PUBLISHED" }, orderBy: { id: "asc" }, skip: demo.n, select: { id: true, title: true } }),
      prisma.need.findFirst({ where: { ownerOrgId: orgId(demo.demand), status: "PUBLISHED" }, orderBy: { id: "asc" }, skip: demo.n, select: { id: true, title: true } }),
    ]);
    const lost = demo.stage === "CLOSED_LOST";
    const reached = lost ? 3 : DEAL_STAGES.indexOf(demo.stage);
    const stageChangedAt = new Date(now.getTime() - demo.daysInStage * DAY);
    const step = (index: number) => new Date(stageChangedAt.getTime() - (reached - index) * 7 * DAY);
    const signedAt = demo.contract ? new Date(now.getTime() - demo.contract.daysAgo * DAY) : null;
    const registeredAt = signedAt && reached >= DEAL_STAGES.indexOf("REGISTERED") ? new Date(signedAt.getTime() + 15 * DAY) : null;
    const deal = await prisma.deal.create({
      data: {
        reference: `${DEMO_DEAL_PREFIX}${String(demo.n).padStart(4, "0")}`,
        title: `${achievement?.title ?? "演示成果"} → ${need?.title ?? "演示需求"}`.slice(0, 300),
        achievementId: achievement?.id ?? null,
        needId: need?.id ?? null,
        supplierOrgId: orgId(demo.supplier),
        demandOrgId: orgId(demo.demand),
        brokerOrgId: agency,
        brokerUserId: broker.id,
        introducedById: broker.id,
        origin: "match",
        stage: demo.stage,
        stageChangedAt,
        ndaSignedAt: reached >= 2 ? step(2) : null,
        meetingAt: reached >= 3 ? step(3) : null,
        contractType: demo.contract?.type ?? null,
        contractAmountWan: demo.contract?.amountWan ?? null,
        contractSignedAt: signedAt,
        registrationNumber: registeredAt ? `2026350203${String(demo.n).padStart(6, "0")}` : null,
        registeredAt,
        outcomeDueAt: registeredAt ? outcomeDueDate(registeredAt) : null,
        outcomeCheckedAt: demo.stage === "OUTCOME_CHECKED" ? stageChangedAt : null,
        outcome: demo.stage === "OUTCOME_CHECKED" ? { revenueWan: "1500", jobs: 18, products: 2, note: "演示：中试线投产" } : undefined,
        lostReason: lost ? "PRICE" : null,
        lostNote: lost ? "演示：报价差距过大" : null,
        createdAt: step(0),
      },
      select: { id: true },
    });
    const path = DEAL_STAGES.slice(0, reached + 1);
    const stages: DealStage[] = lost ? [...path, "CLOSED_LOST"] : [...path];
    await prisma.dealEvent.createMany({
      data: stages.map((stage, index) => ({ dealId: deal.id, fromStage: index === 0 ? null : stages[index - 1], toStage: stage, actorId: broker.id, at: index === stages.length - 1 ? stageChangedAt : step(index) })),
    });
    if (demo.contract) {
      const result = computeCommission({ kind: "PERCENT", percent: "3", splits }, demo.contract.amountWan, { introducerId: broker.id, followerId: broker.id });
      await prisma.commission.create({ data: { dealId: deal.id, brokerOrgId: agency, ruleId: rule.id, amountWan: result.amountWan, splits: result.splits, computedAt: signedAt ?? now } });
    }
  }
  log(`demo data: ${demoDeals.length} deals added`);
  return demoDeals.length;
}
