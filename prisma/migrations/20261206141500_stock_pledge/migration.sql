-- AlterTable
ALTER TABLE "StockBalance" ADD COLUMN     "pledged" DECIMAL(19,5) NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "StockPledgeLine" (
    "pledgeId" TEXT NOT NULL,
    "system" TEXT NOT NULL,
    "warehouseCode" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "qty" DECIMAL(19,5) NOT NULL,
    "pledgedTotal" DECIMAL(19,5) NOT NULL,
    "released" DECIMAL(19,5) NOT NULL DEFAULT 0,
    "breached" DECIMAL(19,5) NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StockPledgeLine_pkey" PRIMARY KEY ("pledgeId","sku")
);

-- CreateIndex
CREATE INDEX "StockPledgeLine_system_warehouseCode_enterpriseId_sku_creat_idx" ON "StockPledgeLine"("system", "warehouseCode", "enterpriseId", "sku", "createdAt");

