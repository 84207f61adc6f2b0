-- DropIndex
DROP INDEX "Enterprise_customsCode_key";

-- AlterTable
ALTER TABLE "Enterprise" ADD COLUMN     "mergedInto" TEXT;

-- CreateIndex
CREATE INDEX "Enterprise_customsCode_idx" ON "Enterprise"("customsCode");

-- CreateIndex
CREATE INDEX "Enterprise_uscc_idx" ON "Enterprise"("uscc");


-- Written by hand (the Prisma schema cannot express a partial index): a customs code and a USCC are
-- held by at most one APPROVED enterprise, while PENDING, REJECTED and MERGED registrations hold nothing.
CREATE UNIQUE INDEX "Enterprise_customsCode_approved_key" ON "Enterprise"("customsCode") WHERE "status" = 'APPROVED';
CREATE UNIQUE INDEX "Enterprise_uscc_approved_key" ON "Enterprise"("uscc") WHERE "status" = 'APPROVED' AND "uscc" IS NOT NULL;
