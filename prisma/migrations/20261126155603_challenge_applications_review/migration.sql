-- CreateEnum
CREATE TYPE "ObjectionStatus" AS ENUM ('OPEN', 'UPHELD', 'REJECTED');

-- AlterTable
ALTER TABLE "Challenge" ADD COLUMN     "bidRoomId" TEXT,
ADD COLUMN     "publicNoticeEndsAt" TIMESTAMPTZ(3),
ADD COLUMN     "reviewCriteria" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "ChallengeApplication" ADD COLUMN     "acceptance" JSONB,
ADD COLUMN     "bidScore" DOUBLE PRECISION,
ADD COLUMN     "eligibilityFailures" TEXT[],
ADD COLUMN     "expertScore" DOUBLE PRECISION,
ADD COLUMN     "finalScore" DOUBLE PRECISION,
ADD COLUMN     "formalReviewedAt" TIMESTAMPTZ(3),
ADD COLUMN     "formalReviewedById" TEXT,
ADD COLUMN     "taskBook" JSONB;

-- CreateTable
CREATE TABLE "ExpertReviewer" (
    "userId" TEXT NOT NULL,
    "fields" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpertReviewer_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "ChallengeReviewer" (
    "id" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "assignedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChallengeReviewer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationReview" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "conflicted" BOOLEAN NOT NULL,
    "conflictNote" TEXT,
    "declaredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scores" JSONB,
    "total" DOUBLE PRECISION,
    "comment" TEXT,
    "scoredAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApplicationReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChallengeObjection" (
    "id" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ObjectionStatus" NOT NULL DEFAULT 'OPEN',
    "resolution" TEXT,
    "resolvedById" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChallengeObjection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChallengeReviewer_userId_idx" ON "ChallengeReviewer"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ChallengeReviewer_challengeId_userId_key" ON "ChallengeReviewer"("challengeId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "ApplicationReview_applicationId_reviewerId_key" ON "ApplicationReview"("applicationId", "reviewerId");

-- CreateIndex
CREATE INDEX "ChallengeObjection_challengeId_status_idx" ON "ChallengeObjection"("challengeId", "status");
