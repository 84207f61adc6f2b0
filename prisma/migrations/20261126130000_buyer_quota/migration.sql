-- CreateTable
CREATE TABLE "BuyerQuota" (
    "buyerIdHash" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "usedCny" DECIMAL(19,2) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BuyerQuota_pkey" PRIMARY KEY ("buyerIdHash","year")
);

-- CreateTable
CREATE TABLE "QuotaReservation" (
    "id" TEXT NOT NULL,
    "buyerIdHash" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "amountCny" DECIMAL(19,2) NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuotaReservation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "QuotaReservation_buyerIdHash_year_idx" ON "QuotaReservation"("buyerIdHash", "year");

