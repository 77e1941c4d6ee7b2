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

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "link" TEXT,
    "readAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StandingMatch_listingKind_active_idx" ON "StandingMatch"("listingKind", "active");

-- CreateIndex
CREATE UNIQUE INDEX "StandingMatch_listingKind_listingId_userId_key" ON "StandingMatch"("listingKind", "listingId", "userId");

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt" DESC);
