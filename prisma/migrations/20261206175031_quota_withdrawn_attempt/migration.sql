-- AlterTable
ALTER TABLE "QuotaReservation" ADD COLUMN     "attempt" INTEGER NOT NULL DEFAULT 1;


-- Reservations that the API's undo released before this change belong to orders that never
-- existed (no shipment row: shipments are not deleted otherwise): they become WITHDRAWN, so their
-- order numbers may claim again. Their undo movements take the withdrawal key of attempt 1, so the
-- cancellation key `<id>:unreserve:<sku>` is left to the workflow of a later attempt.
UPDATE "StockMovement" AS m SET "eventKey" = r."id" || ':withdraw:' || m."sku"
FROM "QuotaReservation" AS r
WHERE r."status" = 'RELEASED' AND m."reference" = r."id" AND m."kind" = 'UNRESERVED'
  AND m."eventKey" = r."id" || ':unreserve:' || m."sku"
  AND NOT EXISTS (SELECT 1 FROM "Shipment" AS s WHERE s."id" = r."id");

UPDATE "QuotaReservation" AS r SET "status" = 'WITHDRAWN', "updatedAt" = now()
WHERE r."status" = 'RELEASED' AND NOT EXISTS (SELECT 1 FROM "Shipment" AS s WHERE s."id" = r."id");
