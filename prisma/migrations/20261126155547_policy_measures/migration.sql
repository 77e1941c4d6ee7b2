-- CreateTable
CREATE TABLE "PolicyMeasure" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "textExcerpt" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "group" TEXT NOT NULL,
    "parameters" JSONB NOT NULL,
    "validFrom" TIMESTAMPTZ(3) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyMeasure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PolicyMeasure_active_code_idx" ON "PolicyMeasure"("active", "code");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyMeasure_code_version_key" ON "PolicyMeasure"("code", "version");
