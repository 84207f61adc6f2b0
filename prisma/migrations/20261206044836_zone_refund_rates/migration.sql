-- CreateTable
CREATE TABLE "RefundRate" (
    "hsPrefix" TEXT NOT NULL,
    "effectiveFrom" TEXT NOT NULL,
    "rateBp" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "loadedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RefundRate_pkey" PRIMARY KEY ("hsPrefix","effectiveFrom")
);

