-- CreateTable
CREATE TABLE "CallbackSignature" (
    "signature" TEXT NOT NULL,
    "system" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallbackSignature_pkey" PRIMARY KEY ("signature")
);

-- CreateIndex
CREATE INDEX "CallbackSignature_receivedAt_idx" ON "CallbackSignature"("receivedAt");

