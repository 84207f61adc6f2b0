-- Personal data at rest (issue 14, finding 10): keyed-hash lookup columns for the risk rules and
-- purge markers. Existing rows cannot be hashed or encrypted in SQL (the keys are not in the
-- database): run `npm run pii:backfill` once after deploying (the daily retention job does it too).

-- AlterTable
ALTER TABLE "Shipment" ADD COLUMN     "buyerAddressHash" TEXT,
ADD COLUMN     "buyerIdHash" TEXT,
ADD COLUMN     "buyerPhoneHash" TEXT,
ADD COLUMN     "personalDataPurgedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "InboundMessage" ADD COLUMN     "purgedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Shipment_buyerIdHash_idx" ON "Shipment"("buyerIdHash");

-- CreateIndex
CREATE INDEX "Shipment_buyerPhoneHash_idx" ON "Shipment"("buyerPhoneHash");

-- CreateIndex
CREATE INDEX "Shipment_buyerAddressHash_idx" ON "Shipment"("buyerAddressHash");

-- CreateIndex
CREATE INDEX "Shipment_completedAt_idx" ON "Shipment"("completedAt");

-- CreateIndex
CREATE INDEX "InboundMessage_receivedAt_idx" ON "InboundMessage"("receivedAt");

