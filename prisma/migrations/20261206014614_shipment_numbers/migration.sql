-- CreateTable
CREATE TABLE "ShipmentNumber" (
    "kind" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "shipmentId" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShipmentNumber_pkey" PRIMARY KEY ("kind","issuer","number")
);

-- CreateIndex
CREATE INDEX "ShipmentNumber_shipmentId_idx" ON "ShipmentNumber"("shipmentId");

-- AddForeignKey
ALTER TABLE "ShipmentNumber" ADD CONSTRAINT "ShipmentNumber_shipmentId_fkey" FOREIGN KEY ("shipmentId") REFERENCES "Shipment"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Claim the numbers of the shipments stored so far (the earliest keeps a number already reused,
-- the later one failed with DOCUMENT_KEY_TAKEN when it was declared).
INSERT INTO "ShipmentNumber" ("kind", "issuer", "number", "shipmentId", "claimedAt")
SELECT n."kind", n."issuer", n."number", s."id", s."createdAt"
FROM "Shipment" s
CROSS JOIN LATERAL (VALUES
  ('ORDER', s."request"->'platform'->>'code', s."request"->>'orderNo'),
  ('WAYBILL', s."request"->'logistics'->>'code', s."request"->'logistics'->>'waybillNo'),
  ('PAYMENT', s."request"->'payment'->>'payCode', s."request"->'payment'->>'transactionId')
) AS n("kind", "issuer", "number")
WHERE n."issuer" IS NOT NULL AND n."number" IS NOT NULL
ORDER BY s."createdAt", s."id"
ON CONFLICT DO NOTHING;
