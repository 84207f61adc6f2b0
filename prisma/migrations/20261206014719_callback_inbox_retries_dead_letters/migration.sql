-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastError" TEXT,
ADD COLUMN     "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT (now() + '00:00:10'::interval);

-- CreateIndex
CREATE INDEX "InboundMessage_outcome_nextAttemptAt_idx" ON "InboundMessage"("outcome", "nextAttemptAt");

