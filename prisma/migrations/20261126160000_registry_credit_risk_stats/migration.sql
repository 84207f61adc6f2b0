-- AlterTable
ALTER TABLE "Enterprise" ADD COLUMN     "approvedAt" TIMESTAMP(3),
ADD COLUMN     "approvedBy" TEXT,
ADD COLUMN     "contacts" JSONB,
ADD COLUMN     "roles" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'APPROVED',
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "usccWarning" TEXT;

-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "partnerCountry" TEXT,
ADD COLUMN     "valueCny" DECIMAL(19,2);

-- CreateTable
CREATE TABLE "ShipmentLine" (
    "id" BIGSERIAL NOT NULL,
    "shipmentId" TEXT NOT NULL,
    "lineNo" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "hsCode" TEXT NOT NULL,
    "productId" TEXT,
    "batchNo" TEXT,
    "qty" DECIMAL(19,5) NOT NULL,
    "amount" DECIMAL(19,2) NOT NULL,
    "currency" TEXT NOT NULL,

    CONSTRAINT "ShipmentLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Product" (
    "id" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "hsCode" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "spec" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "manufacturer" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductBatch" (
    "id" BIGSERIAL NOT NULL,
    "productId" TEXT NOT NULL,
    "batchNo" TEXT NOT NULL,
    "producedOn" TEXT,
    "expiresOn" TEXT,
    "quantity" DECIMAL(19,5),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProductBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditEvent" (
    "id" BIGSERIAL NOT NULL,
    "eventKey" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "shipmentId" TEXT,
    "detail" JSONB NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NegativeListEntry" (
    "enterpriseId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "listedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "listedBy" TEXT NOT NULL,
    "liftedAt" TIMESTAMP(3),
    "liftedBy" TEXT,

    CONSTRAINT "NegativeListEntry_pkey" PRIMARY KEY ("enterpriseId")
);

-- CreateTable
CREATE TABLE "RiskHit" (
    "id" BIGSERIAL NOT NULL,
    "shipmentId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "ruleVersion" INTEGER NOT NULL,
    "severity" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "reviewedBy" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskHit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "detail" JSONB NOT NULL,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "StatsMonthly" (
    "period" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "corridor" TEXT NOT NULL,
    "partnerCountry" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "shipments" INTEGER NOT NULL,
    "valueCny" DECIMAL(19,2) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StatsMonthly_pkey" PRIMARY KEY ("period","mode","corridor","partnerCountry","enterpriseId")
);

-- CreateIndex
CREATE INDEX "ShipmentLine_productId_batchNo_idx" ON "ShipmentLine"("productId", "batchNo");

-- CreateIndex
CREATE UNIQUE INDEX "ShipmentLine_shipmentId_lineNo_key" ON "ShipmentLine"("shipmentId", "lineNo");

-- CreateIndex
CREATE INDEX "Product_hsCode_idx" ON "Product"("hsCode");

-- CreateIndex
CREATE UNIQUE INDEX "Product_enterpriseId_sku_key" ON "Product"("enterpriseId", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "ProductBatch_productId_batchNo_key" ON "ProductBatch"("productId", "batchNo");

-- CreateIndex
CREATE UNIQUE INDEX "CreditEvent_eventKey_key" ON "CreditEvent"("eventKey");

-- CreateIndex
CREATE INDEX "CreditEvent_enterpriseId_at_idx" ON "CreditEvent"("enterpriseId", "at");

-- CreateIndex
CREATE INDEX "RiskHit_enterpriseId_at_idx" ON "RiskHit"("enterpriseId", "at");

-- CreateIndex
CREATE INDEX "RiskHit_status_at_idx" ON "RiskHit"("status", "at");

-- CreateIndex
CREATE UNIQUE INDEX "RiskHit_shipmentId_ruleId_ruleVersion_key" ON "RiskHit"("shipmentId", "ruleId", "ruleVersion");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_hash_key" ON "AuditEntry"("hash");

-- CreateIndex
CREATE INDEX "AuditEntry_subjectType_subjectId_idx" ON "AuditEntry"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "Shipment_mode_createdAt_idx" ON "Shipment"("mode", "createdAt");

-- CreateIndex
CREATE INDEX "Shipment_createdAt_idx" ON "Shipment"("createdAt");

-- AddForeignKey
ALTER TABLE "ShipmentLine" ADD CONSTRAINT "ShipmentLine_shipmentId_fkey" FOREIGN KEY ("shipmentId") REFERENCES "Shipment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductBatch" ADD CONSTRAINT "ProductBatch_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

