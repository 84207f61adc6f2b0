-- AlterTable
ALTER TABLE "FinanceDisclosure" ADD COLUMN     "keyId" TEXT,
ADD COLUMN     "package" TEXT,
ADD COLUMN     "signature" TEXT;

