/*
  Warnings:

  - A unique constraint covering the columns `[challengeId]` on the table `BidRoom` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "BidRoom" ADD COLUMN     "challengeId" TEXT,
ADD COLUMN     "negotiationEndsAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE UNIQUE INDEX "BidRoom_challengeId_key" ON "BidRoom"("challengeId");

-- CreateIndex
CREATE INDEX "BidRoom_negotiationEndsAt_idx" ON "BidRoom"("negotiationEndsAt");
