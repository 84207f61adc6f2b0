-- CreateIndex
CREATE INDEX "Shipment_updatedAt_idx" ON "Shipment"("updatedAt");
