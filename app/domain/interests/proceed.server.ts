import { createDealInTransaction } from "~/domain/deals/deals.server";
import type { NewNotification } from "~/domain/notifications/notifications.server";
import type { Prisma } from "~/generated/prisma/client";

export type ProceedingInterest = {
  id: string;
  listingKind: "achievement" | "need";
  listingId: string;
  listingTitle: string;
  fromOrgId: string;
  fromUserId: string;
  toOrgId: string;
  respondedById: string;
};

/**
 * Called inside the transaction that answers an interest with PROCEED (进入洽谈): opens the deal between the two
 * organizations (origin "interest", idempotent per interest). On an achievement, its owner supplies and the
 * interested organization demands; on a need, the reverse. When a deal between the same two organizations on this listing
 * is already open (a broker introduced them), that deal is the one the interest leads to. No broker agency follows it until one is assigned, so the
 * parties take its steps themselves. Returns the deal's id and its parties' notifications (stored, to push after
 * commit).
 */
export async function onInterestProceed(tx: Prisma.TransactionClient, interest: ProceedingInterest): Promise<{ dealId: string; notifications: NewNotification[] }> {
  const onAchievement = interest.listingKind === "achievement";
  const supplierOrgId = onAchievement ? interest.toOrgId : interest.fromOrgId;
  const demandOrgId = onAchievement ? interest.fromOrgId : interest.toOrgId;
  // A broker may already have introduced the same two organizations on this listing: that deal goes on.
  const open = await tx.deal.findFirst({
    where: { supplierOrgId, demandOrgId, stage: { not: "CLOSED_LOST" }, ...(onAchievement ? { achievementId: interest.listingId } : { needId: interest.listingId }) },
    select: { id: true },
  });
  if (open) return { dealId: open.id, notifications: [] };
  const { deal, notifications } = await createDealInTransaction(tx, {
    origin: "interest",
    title: interest.listingTitle,
    supplierOrgId,
    demandOrgId,
    achievementId: onAchievement ? interest.listingId : null,
    needId: onAchievement ? null : interest.listingId,
    interestId: interest.id,
    actorId: interest.respondedById,
  });
  return { dealId: deal.id, notifications };
}
