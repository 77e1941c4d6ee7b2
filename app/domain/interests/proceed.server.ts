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
 * The seam between expressions of interest and the deal pipeline: called inside the transaction that
 * answers an interest with PROCEED (进入洽谈). It returns the deal it opened, whose id is stored on the
 * interest, or null. Until the deal pipeline is wired here (createDeal(tx, { origin: "interest",
 * interestId, … }) from app/domain/deals/deals.server.ts), it opens nothing.
 */
export async function onInterestProceed(tx: Prisma.TransactionClient, interest: ProceedingInterest): Promise<{ dealId: string } | null> {
  void tx;
  void interest;
  return null;
}
