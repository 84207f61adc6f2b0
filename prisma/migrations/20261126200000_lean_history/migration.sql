-- Highest receipt rank signalled to the workflow per document revision: receipts that reach no
-- new awaited status are stored, not signalled (each signal is a billed Temporal action).
ALTER TABLE "ShipmentDocument" ADD COLUMN "signalledRank" INTEGER NOT NULL DEFAULT 0;

-- Service level of the current status, watched outside the workflow (api/sla-watch.ts): the
-- workflow writes when its status is overdue, the watch signals it once per due time.
ALTER TABLE "Shipment" ADD COLUMN "slaDueAt" TIMESTAMP(3);
ALTER TABLE "Shipment" ADD COLUMN "slaNotifiedFor" TIMESTAMP(3);
CREATE INDEX "Shipment_slaDueAt_idx" ON "Shipment"("slaDueAt");
