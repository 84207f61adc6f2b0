-- CreateTable
CREATE TABLE "InsurancePolicy" (
    "id" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "shipmentId" TEXT NOT NULL,
    "insurer" TEXT NOT NULL,
    "cover" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "currency" TEXT,
    "insuredValue" BIGINT,
    "premium" BIGINT,
    "rateBp" INTEGER,
    "policyNo" TEXT,
    "coverFrom" TEXT,
    "coverTo" TEXT,
    "claims" JSONB NOT NULL DEFAULT '[]',
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InsurancePolicy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InsurancePolicy_shipmentId_key" ON "InsurancePolicy"("shipmentId");

-- CreateIndex
CREATE INDEX "InsurancePolicy_enterpriseId_createdAt_idx" ON "InsurancePolicy"("enterpriseId", "createdAt");

