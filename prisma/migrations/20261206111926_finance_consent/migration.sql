-- CreateTable
CREATE TABLE "FinanceConsent" (
    "id" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "subjectIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "allSubjects" BOOLEAN NOT NULL DEFAULT false,
    "facts" TEXT[],
    "validFrom" TIMESTAMP(3) NOT NULL,
    "validUntil" TIMESTAMP(3) NOT NULL,
    "grantedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),
    "revokedBy" TEXT,

    CONSTRAINT "FinanceConsent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinanceDisclosure" (
    "id" BIGSERIAL NOT NULL,
    "consentId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "purposeRef" TEXT NOT NULL,
    "facts" TEXT[],
    "withheld" JSONB NOT NULL,
    "digest" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FinanceDisclosure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FinanceConsent_enterpriseId_recipient_idx" ON "FinanceConsent"("enterpriseId", "recipient");

-- CreateIndex
CREATE INDEX "FinanceDisclosure_enterpriseId_at_idx" ON "FinanceDisclosure"("enterpriseId", "at");

-- CreateIndex
CREATE INDEX "FinanceDisclosure_consentId_idx" ON "FinanceDisclosure"("consentId");

-- AddForeignKey
ALTER TABLE "FinanceDisclosure" ADD CONSTRAINT "FinanceDisclosure_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "FinanceConsent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

