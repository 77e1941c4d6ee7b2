-- CreateEnum
CREATE TYPE "BidRoomKind" AS ENUM ('AUCTION', 'CHALLENGE');

-- CreateEnum
CREATE TYPE "BidRoomStatus" AS ENUM ('SCHEDULED', 'OPEN', 'PAUSED', 'CLOSED');

-- CreateEnum
CREATE TYPE "ParticipantStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateTable
CREATE TABLE "BidRoom" (
    "id" TEXT NOT NULL,
    "kind" "BidRoomKind" NOT NULL,
    "title" TEXT NOT NULL,
    "achievementId" TEXT,
    "hostOrgId" TEXT NOT NULL,
    "createdById" TEXT,
    "config" JSONB NOT NULL,
    "status" "BidRoomStatus" NOT NULL DEFAULT 'SCHEDULED',
    "opensAt" TIMESTAMPTZ(3) NOT NULL,
    "closesAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "lastHash" TEXT NOT NULL DEFAULT '',
    "price" INTEGER,
    "leaderId" TEXT,
    "result" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BidRoom_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BidRoomParticipant" (
    "id" TEXT NOT NULL,
    "roomId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" "ParticipantStatus" NOT NULL DEFAULT 'PENDING',
    "depositPaid" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),
    "decidedById" TEXT,

    CONSTRAINT "BidRoomParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BidRoomEvent" (
    "id" BIGSERIAL NOT NULL,
    "roomId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "actorId" TEXT,
    "bidder" TEXT,
    "command" JSONB NOT NULL,
    "entries" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BidRoomEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BidAttempt" (
    "id" BIGSERIAL NOT NULL,
    "roomId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "outcome" JSONB NOT NULL,
    "seq" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BidAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BidRoom_status_closesAt_idx" ON "BidRoom"("status", "closesAt");

-- CreateIndex
CREATE UNIQUE INDEX "BidRoomParticipant_roomId_organizationId_key" ON "BidRoomParticipant"("roomId", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "BidRoomEvent_roomId_seq_key" ON "BidRoomEvent"("roomId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "BidAttempt_roomId_userId_idempotencyKey_key" ON "BidAttempt"("roomId", "userId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "BidRoomParticipant" ADD CONSTRAINT "BidRoomParticipant_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "BidRoom"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BidRoomEvent" ADD CONSTRAINT "BidRoomEvent_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "BidRoom"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BidAttempt" ADD CONSTRAINT "BidAttempt_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "BidRoom"("id") ON DELETE CASCADE ON UPDATE CASCADE;
