-- CreateEnum
CREATE TYPE "MatchDecisionKind" AS ENUM ('ACCEPT', 'DISMISS');

-- CreateEnum
CREATE TYPE "MatchDismissReason" AS ENUM ('TECH_MISMATCH', 'IMMATURE', 'PRICE', 'HAS_SOLUTION', 'OTHER');

-- CreateTable
CREATE TABLE "MatchDecision" (
    "id" TEXT NOT NULL,
    "sourceKind" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "sourceOrgId" TEXT NOT NULL,
    "candidateKind" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "decision" "MatchDecisionKind" NOT NULL,
    "reason" "MatchDismissReason",
    "note" TEXT,
    "score" DOUBLE PRECISION,
    "introductionRequestedAt" TIMESTAMPTZ(3),
    "decidedById" TEXT NOT NULL,
    "byBroker" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MatchDecision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MatchDecision_candidateKind_candidateId_idx" ON "MatchDecision"("candidateKind", "candidateId");

-- CreateIndex
CREATE INDEX "MatchDecision_decision_introductionRequestedAt_idx" ON "MatchDecision"("decision", "introductionRequestedAt");

-- CreateIndex
CREATE UNIQUE INDEX "MatchDecision_sourceKind_sourceId_candidateKind_candidateId_key" ON "MatchDecision"("sourceKind", "sourceId", "candidateKind", "candidateId");
