-- CreateTable
CREATE TABLE "EnterpriseEvent" (
    "seq" BIGSERIAL NOT NULL,
    "txid" BIGINT NOT NULL DEFAULT (pg_current_xact_id())::text::bigint,
    "id" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "shipmentId" TEXT,
    "sequence" BIGINT NOT NULL,
    "orderingKey" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnterpriseEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "eventTypes" TEXT[],
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "secret" TEXT NOT NULL,
    "previousSecret" TEXT,
    "previousSecretUntil" TIMESTAMP(3),
    "failingSince" TIMESTAMP(3),
    "disabledReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookCursor" (
    "name" TEXT NOT NULL,
    "txid" BIGINT NOT NULL,
    "seq" BIGINT NOT NULL,

    CONSTRAINT "WebhookCursor_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" BIGSERIAL NOT NULL,
    "endpointId" TEXT NOT NULL,
    "eventSeq" BIGINT NOT NULL,
    "orderingKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firstFailedAt" TIMESTAMP(3),
    "leaseUntil" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookAttempt" (
    "id" BIGSERIAL NOT NULL,
    "endpointId" TEXT NOT NULL,
    "deliveryId" BIGINT NOT NULL,
    "eventId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusCode" INTEGER,
    "latencyMs" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "responseExcerpt" TEXT,

    CONSTRAINT "WebhookAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EnterpriseEvent_id_key" ON "EnterpriseEvent"("id");

-- CreateIndex
CREATE INDEX "EnterpriseEvent_enterpriseId_txid_seq_idx" ON "EnterpriseEvent"("enterpriseId", "txid", "seq");

-- CreateIndex
CREATE INDEX "EnterpriseEvent_txid_seq_idx" ON "EnterpriseEvent"("txid", "seq");

-- CreateIndex
CREATE INDEX "EnterpriseEvent_createdAt_idx" ON "EnterpriseEvent"("createdAt");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_enterpriseId_idx" ON "WebhookEndpoint"("enterpriseId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_orderingKey_eventSeq_idx" ON "WebhookDelivery"("endpointId", "orderingKey", "eventSeq");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_endpointId_eventSeq_key" ON "WebhookDelivery"("endpointId", "eventSeq");

-- CreateIndex
CREATE INDEX "WebhookAttempt_endpointId_id_idx" ON "WebhookAttempt"("endpointId", "id");

-- CreateIndex
CREATE INDEX "WebhookAttempt_at_idx" ON "WebhookAttempt"("at");

