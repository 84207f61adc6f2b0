-- CreateTable
CREATE TABLE "FinanceLoan" (
    "id" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "shipmentId" TEXT NOT NULL,
    "lender" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "requested" BIGINT NOT NULL,
    "applicationId" TEXT,
    "disbursementId" TEXT,
    "offer" JSONB,
    "valueDate" TEXT,
    "maturityDate" TEXT,
    "dueDate" TEXT,
    "repayments" JSONB NOT NULL DEFAULT '[]',
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FinanceLoan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinanceLedgerEntry" (
    "key" TEXT NOT NULL,
    "loanId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "principal" BIGINT NOT NULL DEFAULT 0,
    "interest" BIGINT NOT NULL DEFAULT 0,
    "fees" BIGINT NOT NULL DEFAULT 0,
    "on" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FinanceLedgerEntry_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "FinanceLoan_enterpriseId_createdAt_idx" ON "FinanceLoan"("enterpriseId", "createdAt");

-- CreateIndex
CREATE INDEX "FinanceLoan_shipmentId_idx" ON "FinanceLoan"("shipmentId");

-- CreateIndex
CREATE INDEX "FinanceLedgerEntry_loanId_idx" ON "FinanceLedgerEntry"("loanId");

-- AddForeignKey
ALTER TABLE "FinanceLedgerEntry" ADD CONSTRAINT "FinanceLedgerEntry_loanId_fkey" FOREIGN KEY ("loanId") REFERENCES "FinanceLoan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

