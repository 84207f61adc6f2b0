-- AlterTable
ALTER TABLE "FinanceLoan" ADD COLUMN     "financedRefs" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "financedValue" BIGINT,
ADD COLUMN     "shipmentIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "FinanceLoan_shipmentIds_idx" ON "FinanceLoan" USING GIN ("shipmentIds");

