-- CreateTable
CREATE TABLE "PositiveListVersion" (
    "version" TEXT NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "source" TEXT NOT NULL,
    "loadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "loadedBy" TEXT NOT NULL,

    CONSTRAINT "PositiveListVersion_pkey" PRIMARY KEY ("version")
);

-- CreateTable
CREATE TABLE "PositiveListLine" (
    "version" TEXT NOT NULL,
    "tariffLine" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "remarks" JSONB NOT NULL,

    CONSTRAINT "PositiveListLine_pkey" PRIMARY KEY ("version","tariffLine")
);

-- CreateIndex
CREATE INDEX "PositiveListVersion_effectiveFrom_idx" ON "PositiveListVersion"("effectiveFrom");

-- AddForeignKey
ALTER TABLE "PositiveListLine" ADD CONSTRAINT "PositiveListLine_version_fkey" FOREIGN KEY ("version") REFERENCES "PositiveListVersion"("version") ON DELETE CASCADE ON UPDATE CASCADE;


-- Seed: the SAMPLE positive list (examples/positive-list.sample.json, not the official list) so the demo and tests have one.
-- A zone loads the real list with cbec positive-list load (the sample stays as an older version it supersedes).
INSERT INTO "PositiveListVersion" ("version", "effectiveFrom", "source", "loadedBy") VALUES ('2022-sample', DATE '2022-03-01', 'SAMPLE for the demo and tests, NOT the official list: a few tariff lines in the shape of the 2022 positive list (domain-rules.md §2.3), remarks written to show each kind of control', 'migration');
INSERT INTO "PositiveListLine" ("version", "tariffLine", "name", "remarks") VALUES
  ('2022-sample', '19011010', '婴幼儿配方奶粉（供婴幼儿食用的零售包装配方奶粉）', '[]'::jsonb),
  ('2022-sample', '33049900', '其他美容品或化妆品及护肤品', '[{"kind": "EXCLUSION", "text": "不含濒危物种成分的产品（示例）", "excludedCodes": ["3304990010"]}]'::jsonb),
  ('2022-sample', '84713000', '便携式自动数据处理设备', '[]'::jsonb),
  ('2022-sample', '17019910', '砂糖', '[{"kind": "QUANTITY_LIMIT", "maxQty1": 2, "unit1": "035", "text": "每人每年限购2千克（本平台按单笔检查）"}]'::jsonb),
  ('2022-sample', '10063020', '籼米精米', '[{"kind": "QUANTITY_LIMIT", "maxQty1": 20, "unit1": "035", "text": "每人每年限购20千克（本平台按单笔检查）"}]'::jsonb),
  ('2022-sample', '32151900', '其他印刷油墨', '[{"kind": "PRODUCT_NAME", "nameKeywords": ["打印机墨水", "墨盒"], "text": "限家用打印机用墨水"}]'::jsonb),
  ('2022-sample', '21069090', '其他编号未列名的食品', '[{"kind": "TRADE_MODE", "modes": ["1210"], "text": "仅限网购保税进口（示例）"}]'::jsonb),
  ('2022-sample', '09023000', '其他红茶（发酵）', '[]'::jsonb);
