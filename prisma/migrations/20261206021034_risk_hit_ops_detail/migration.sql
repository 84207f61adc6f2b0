-- AlterTable
ALTER TABLE "RiskHit" ADD COLUMN     "detail" TEXT;


-- Hits recorded before: their explanations named shipments and figures of other enterprises. Keep
-- the full text for ops and give the enterprise the text the rules now write (domain/risk/rules.ts).
UPDATE "RiskHit" SET "detail" = "explanation", "explanation" = CASE "ruleId"
    WHEN 'SPLIT_ORDERS' THEN 'orders of the same buyer within 24 h together exceed the CNY 5,000 single-transaction limit'
    WHEN 'HIGH_FREQUENCY_BUYER' THEN 'the same buyer ordered 5 or more times within 7 days'
    WHEN 'SHARED_CONTACT' THEN regexp_replace("explanation", '^the consignee (phone|address) is used by [0-9]+ different buyers within 30 days.*$', 'the consignee \1 is used by 3 or more different buyers within 30 days')
    ELSE regexp_replace("explanation", ' is -?[0-9]+ % off the median .*$', ' is more than 30 % off the recent declared prices of its HS code')
  END
WHERE "ruleId" IN ('SPLIT_ORDERS', 'HIGH_FREQUENCY_BUYER', 'SHARED_CONTACT', 'PRICE_ANOMALY');

-- The same texts as written into timelines when a shipment was held (only HOLD rules are).
UPDATE "ShipmentEvent" SET "detail" = jsonb_set("detail", '{info}', to_jsonb(regexp_replace(regexp_replace("detail"->>'info',
    'SPLIT_ORDERS — [[:alnum:]:_,. ()>-]*', 'SPLIT_ORDERS — orders of the same buyer within 24 h together exceed the CNY 5,000 single-transaction limit', 'g'),
    'SHARED_CONTACT — the consignee (phone|address) is used by [0-9]+ different buyers within 30 days', 'SHARED_CONTACT — the consignee \1 is used by 3 or more different buyers within 30 days', 'g')))
WHERE "type" = 'RISK_HOLD' AND "detail" ? 'info';
UPDATE "Shipment" SET "lastInfo" = regexp_replace(regexp_replace("lastInfo",
    'SPLIT_ORDERS — [[:alnum:]:_,. ()>-]*', 'SPLIT_ORDERS — orders of the same buyer within 24 h together exceed the CNY 5,000 single-transaction limit', 'g'),
    'SHARED_CONTACT — the consignee (phone|address) is used by [0-9]+ different buyers within 30 days', 'SHARED_CONTACT — the consignee \1 is used by 3 or more different buyers within 30 days', 'g')
WHERE "lastInfo" LIKE '%SPLIT_ORDERS — %' OR "lastInfo" LIKE '%SHARED_CONTACT — %';
