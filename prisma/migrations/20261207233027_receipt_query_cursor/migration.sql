-- CreateTable
CREATE TABLE "ReceiptQueryCursor" (
    "system" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReceiptQueryCursor_pkey" PRIMARY KEY ("system")
);

