-- CreateEnum
CREATE TYPE "ResponseCode" AS ENUM ('PROCEED', 'NEED_INFO', 'TECH_MISMATCH', 'IMMATURE', 'PRICE', 'HAS_SOLUTION', 'TIMING', 'OTHER');

-- CreateEnum
CREATE TYPE "DealStage" AS ENUM ('INTRODUCED', 'INTEREST_CONFIRMED', 'NDA_SIGNED', 'MEETING', 'NEGOTIATION', 'CONTRACT_SIGNED', 'REGISTERED', 'OUTCOME_CHECKED', 'CLOSED_LOST');

-- CreateEnum
CREATE TYPE "TechContractType" AS ENUM ('DEVELOPMENT', 'TRANSFER', 'LICENSE', 'CONSULTING', 'SERVICE');

-- CreateEnum
CREATE TYPE "ApplicationStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'INELIGIBLE', 'QUALIFIED', 'SHORTLISTED', 'AWARDED', 'NOT_SELECTED', 'WITHDRAWN', 'TERMINATED');

-- CreateEnum
CREATE TYPE "MilestoneStatus" AS ENUM ('PLANNED', 'SUBMITTED', 'PASSED', 'FAILED');

-- CreateTable
CREATE TABLE "Interest" (
    "id" TEXT NOT NULL,
    "listingKind" TEXT NOT NULL,
    "listingId" TEXT NOT NULL,
    "fromOrgId" TEXT NOT NULL,
    "fromUserId" TEXT NOT NULL,
    "toOrgId" TEXT NOT NULL,
    "message" TEXT NOT NULL DEFAULT '',
    "responseCode" "ResponseCode",
    "responseNote" TEXT,
    "respondedAt" TIMESTAMPTZ(3),
    "respondedById" TEXT,
    "dealId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Interest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Deal" (
    "id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "achievementId" TEXT,
    "needId" TEXT,
    "challengeId" TEXT,
    "roomId" TEXT,
    "supplierOrgId" TEXT NOT NULL,
    "demandOrgId" TEXT NOT NULL,
    "brokerOrgId" TEXT,
    "brokerUserId" TEXT,
    "introducedById" TEXT,
    "origin" TEXT NOT NULL,
    "matchDecisionId" TEXT,
    "interestId" TEXT,
    "stage" "DealStage" NOT NULL DEFAULT 'INTRODUCED',
    "stageChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ndaSignedAt" TIMESTAMPTZ(3),
    "meetingAt" TIMESTAMPTZ(3),
    "contractType" "TechContractType",
    "contractAmountWan" DECIMAL(14,2),
    "contractSignedAt" TIMESTAMPTZ(3),
    "registrationNumber" TEXT,
    "registeredAt" TIMESTAMPTZ(3),
    "outcomeDueAt" TIMESTAMPTZ(3),
    "outcomeCheckedAt" TIMESTAMPTZ(3),
    "outcome" JSONB,
    "lostReason" "ResponseCode",
    "lostNote" TEXT,
    "supplierContactOkAt" TIMESTAMPTZ(3),
    "demandContactOkAt" TIMESTAMPTZ(3),
    "stalledRemindedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Deal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DealEvent" (
    "id" TEXT NOT NULL,
    "dealId" TEXT NOT NULL,
    "fromStage" "DealStage",
    "toStage" "DealStage" NOT NULL,
    "actorId" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DealEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommissionRule" (
    "id" TEXT NOT NULL,
    "brokerOrgId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "percent" DECIMAL(6,3),
    "fixedWan" DECIMAL(14,2),
    "splits" JSONB NOT NULL DEFAULT '[]',
    "validFrom" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommissionRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Commission" (
    "id" TEXT NOT NULL,
    "dealId" TEXT NOT NULL,
    "brokerOrgId" TEXT NOT NULL,
    "ruleId" TEXT,
    "amountWan" DECIMAL(14,2) NOT NULL,
    "splits" JSONB NOT NULL DEFAULT '[]',
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Commission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastMessageAt" TIMESTAMPTZ(3),

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "senderId" TEXT NOT NULL,
    "senderOrgId" TEXT,
    "body" TEXT NOT NULL,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConversationRead" (
    "conversationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "lastReadAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConversationRead_pkey" PRIMARY KEY ("conversationId","userId")
);

-- CreateTable
CREATE TABLE "NotificationPreference" (
    "userId" TEXT NOT NULL,
    "emailTopics" TEXT[],
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NotificationPreference_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "ChallengeApplication" (
    "id" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "leadOrgId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "consortium" JSONB NOT NULL DEFAULT '[]',
    "principalInvestigator" JSONB NOT NULL DEFAULT '{}',
    "plan" JSONB NOT NULL DEFAULT '{}',
    "requestedWan" DECIMAL(14,2),
    "selfFundedWan" DECIMAL(14,2),
    "integrityPledgeAt" TIMESTAMPTZ(3),
    "status" "ApplicationStatus" NOT NULL DEFAULT 'DRAFT',
    "outcomeCode" TEXT,
    "outcomeNote" TEXT,
    "outcomeAt" TIMESTAMPTZ(3),
    "submittedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChallengeApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChallengeMilestone" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "tranche" DECIMAL(5,4),
    "status" "MilestoneStatus" NOT NULL DEFAULT 'PLANNED',
    "decision" TEXT,
    "evidence" TEXT,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ChallengeMilestone_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Interest_toOrgId_respondedAt_idx" ON "Interest"("toOrgId", "respondedAt");

-- CreateIndex
CREATE INDEX "Interest_fromOrgId_createdAt_idx" ON "Interest"("fromOrgId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Interest_listingKind_listingId_fromOrgId_key" ON "Interest"("listingKind", "listingId", "fromOrgId");

-- CreateIndex
CREATE UNIQUE INDEX "Deal_reference_key" ON "Deal"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Deal_matchDecisionId_key" ON "Deal"("matchDecisionId");

-- CreateIndex
CREATE UNIQUE INDEX "Deal_interestId_key" ON "Deal"("interestId");

-- CreateIndex
CREATE INDEX "Deal_stage_stageChangedAt_idx" ON "Deal"("stage", "stageChangedAt");

-- CreateIndex
CREATE INDEX "Deal_brokerOrgId_stage_idx" ON "Deal"("brokerOrgId", "stage");

-- CreateIndex
CREATE INDEX "Deal_supplierOrgId_idx" ON "Deal"("supplierOrgId");

-- CreateIndex
CREATE INDEX "Deal_demandOrgId_idx" ON "Deal"("demandOrgId");

-- CreateIndex
CREATE INDEX "DealEvent_dealId_at_idx" ON "DealEvent"("dealId", "at");

-- CreateIndex
CREATE INDEX "CommissionRule_brokerOrgId_validFrom_idx" ON "CommissionRule"("brokerOrgId", "validFrom" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Commission_dealId_brokerOrgId_key" ON "Commission"("dealId", "brokerOrgId");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_subjectKind_subjectId_key" ON "Conversation"("subjectKind", "subjectId");

-- CreateIndex
CREATE INDEX "Message_conversationId_createdAt_idx" ON "Message"("conversationId", "createdAt");

-- CreateIndex
CREATE INDEX "ChallengeApplication_challengeId_status_idx" ON "ChallengeApplication"("challengeId", "status");

-- CreateIndex
CREATE INDEX "ChallengeApplication_leadOrgId_idx" ON "ChallengeApplication"("leadOrgId");

-- CreateIndex
CREATE UNIQUE INDEX "ChallengeMilestone_applicationId_seq_key" ON "ChallengeMilestone"("applicationId", "seq");

-- AddForeignKey
ALTER TABLE "DealEvent" ADD CONSTRAINT "DealEvent_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Commission" ADD CONSTRAINT "Commission_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConversationRead" ADD CONSTRAINT "ConversationRead_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeMilestone" ADD CONSTRAINT "ChallengeMilestone_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "ChallengeApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;
