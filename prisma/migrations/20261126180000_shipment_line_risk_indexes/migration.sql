-- Risk rules run at every shipment create: the price-outlier rule reads recent lines of the same
-- HS code and currency, the round-trip rule lines of the same SKU. Without these indexes both
-- scanned every ShipmentLine (seconds per create at a million shipments).
-- CreateIndex
CREATE INDEX "ShipmentLine_hsCode_currency_idx" ON "ShipmentLine"("hsCode", "currency");

-- CreateIndex
CREATE INDEX "ShipmentLine_sku_idx" ON "ShipmentLine"("sku");
