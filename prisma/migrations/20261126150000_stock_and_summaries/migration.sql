-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "entryId" TEXT,
ALTER COLUMN "corridor" DROP NOT NULL;

-- CreateTable
CREATE TABLE "StockBalance" (
    "system" TEXT NOT NULL,
    "warehouseCode" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "onHand" DECIMAL(19,5) NOT NULL,
    "reserved" DECIMAL(19,5) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StockBalance_pkey" PRIMARY KEY ("system","warehouseCode","enterpriseId","sku")
);

-- CreateTable
CREATE TABLE "StockMovement" (
    "id" BIGSERIAL NOT NULL,
    "eventKey" TEXT NOT NULL,
    "system" TEXT NOT NULL,
    "warehouseCode" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "qty" DECIMAL(19,5) NOT NULL,
    "onHandAfter" DECIMAL(19,5) NOT NULL,
    "reservedAfter" DECIMAL(19,5) NOT NULL,
    "reference" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StockMovement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StockEntry" (
    "id" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "system" TEXT NOT NULL,
    "warehouseCode" TEXT NOT NULL,
    "entryNo" TEXT NOT NULL,
    "lines" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "inboundNo" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StockEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomsSummary" (
    "copNo" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sumNo" TEXT,
    "invtNos" JSONB NOT NULL,
    "entryIds" JSONB NOT NULL DEFAULT '[]',
    "lastInfo" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomsSummary_pkey" PRIMARY KEY ("copNo")
);

-- CreateIndex
CREATE UNIQUE INDEX "StockMovement_eventKey_key" ON "StockMovement"("eventKey");

-- CreateIndex
CREATE INDEX "StockMovement_system_warehouseCode_enterpriseId_sku_id_idx" ON "StockMovement"("system", "warehouseCode", "enterpriseId", "sku", "id");

-- CreateIndex
CREATE INDEX "StockMovement_reference_idx" ON "StockMovement"("reference");

-- CreateIndex
CREATE INDEX "StockEntry_enterpriseId_createdAt_idx" ON "StockEntry"("enterpriseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "StockEntry_enterpriseId_entryNo_key" ON "StockEntry"("enterpriseId", "entryNo");

-- CreateIndex
CREATE INDEX "CustomsSummary_sumNo_idx" ON "CustomsSummary"("sumNo");

-- CreateIndex
CREATE UNIQUE INDEX "CustomsSummary_enterpriseId_period_key" ON "CustomsSummary"("enterpriseId", "period");

-- CreateIndex
CREATE INDEX "ShipmentEvent_type_at_idx" ON "ShipmentEvent"("type", "at");

