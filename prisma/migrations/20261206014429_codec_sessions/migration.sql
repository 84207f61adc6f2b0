-- CreateTable
CREATE TABLE "CodecSession" (
    "id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "CodecSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CodecSession_expiresAt_idx" ON "CodecSession"("expiresAt");

