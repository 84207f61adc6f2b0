-- DropIndex
DROP INDEX "InsurancePolicy_shipmentId_key";

-- AlterTable
ALTER TABLE "InsurancePolicy" ADD COLUMN     "credit" JSONB;

-- CreateIndex
CREATE UNIQUE INDEX "InsurancePolicy_shipmentId_cover_key" ON "InsurancePolicy"("shipmentId", "cover");

