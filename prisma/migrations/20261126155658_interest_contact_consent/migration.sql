-- AlterTable
ALTER TABLE "Interest" ADD COLUMN     "fromContactOkAt" TIMESTAMPTZ(3),
ADD COLUMN     "toContactOkAt" TIMESTAMPTZ(3);
