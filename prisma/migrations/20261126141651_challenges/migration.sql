-- CreateEnum
CREATE TYPE "ChallengeStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'IN_REVIEW', 'RETURNED', 'PUBLISHED', 'APPLICATIONS_CLOSED', 'EXPERT_REVIEW', 'BIDDING', 'SHORTLISTED', 'PUBLIC_NOTICE', 'IN_PROGRESS', 'ACCEPTANCE', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "EvaluationMode" AS ENUM ('PROPOSAL', 'RACE');

-- CreateEnum
CREATE TYPE "IpArrangement" AS ENUM ('ASSIGNMENT', 'LICENSE', 'JOINT', 'CUSTOM');

-- CreateTable
CREATE TABLE "Challenge" (
    "id" TEXT NOT NULL,
    "externalId" TEXT,
    "direction" TEXT NOT NULL,
    "subField" TEXT,
    "title" TEXT NOT NULL,
    "issuerOrgId" TEXT NOT NULL,
    "background" TEXT NOT NULL DEFAULT '',
    "researchContent" TEXT NOT NULL DEFAULT '',
    "indicators" JSONB NOT NULL DEFAULT '[]',
    "deadline" TIMESTAMPTZ(3),
    "fundingWan" DECIMAL(14,2),
    "fundingSource" TEXT,
    "targetMaturity" "Maturity",
    "eligibility" JSONB NOT NULL DEFAULT '{}',
    "ipArrangement" "IpArrangement" NOT NULL DEFAULT 'JOINT',
    "ipNote" TEXT,
    "evaluationMode" "EvaluationMode" NOT NULL DEFAULT 'PROPOSAL',
    "status" "ChallengeStatus" NOT NULL DEFAULT 'DRAFT',
    "returnChecklist" TEXT[],
    "returnReason" TEXT,
    "applicationOpensAt" TIMESTAMPTZ(3),
    "applicationClosesAt" TIMESTAMPTZ(3),
    "program" TEXT,
    "year" INTEGER,
    "source" TEXT,
    "sourceIssuer" TEXT,
    "createdById" TEXT,
    "reviewerId" TEXT,
    "submittedAt" TIMESTAMPTZ(3),
    "publishedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Challenge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Challenge_externalId_key" ON "Challenge"("externalId");

-- CreateIndex
CREATE INDEX "Challenge_status_publishedAt_id_idx" ON "Challenge"("status", "publishedAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Challenge_issuerOrgId_idx" ON "Challenge"("issuerOrgId");
