-- CreateTable
CREATE TABLE "StandingMatch" (
    "id" TEXT NOT NULL,
    "listingKind" TEXT NOT NULL,
    "listingId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "brokerUserId" TEXT,
    "threshold" DOUBLE PRECISION NOT NULL DEFAULT 0.55,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StandingMatch_pkey" PRIMARY KEY ("id")
);

-- AlterTable: the notification list (created with the listing workflow) gains a link for match notifications
ALTER TABLE "Notification" ADD COLUMN "link" TEXT;

-- CreateIndex
CREATE INDEX "StandingMatch_listingKind_active_idx" ON "StandingMatch"("listingKind", "active");

-- CreateIndex
CREATE UNIQUE INDEX "StandingMatch_listingKind_listingId_userId_key" ON "StandingMatch"("listingKind", "listingId", "userId");

