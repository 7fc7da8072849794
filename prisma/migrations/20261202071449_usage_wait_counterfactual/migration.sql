-- CreateEnum
CREATE TYPE "CounterfactualKind" AS ENUM ('TRIAGE', 'DRAFT');

-- AlterTable
ALTER TABLE "UsageEvent" ADD COLUMN     "cloudTokensIn" INTEGER,
ADD COLUMN     "cloudTokensOut" INTEGER,
ADD COLUMN     "counterfactualKind" "CounterfactualKind",
ADD COLUMN     "unpriced" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "waitMs" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "UsageDailyRollup" ADD COLUMN     "counterfactualCacheReadTokens" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "counterfactualCacheWriteTokens" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "counterfactualCalls" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "counterfactualTokensIn" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "counterfactualTokensOut" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "unpricedCalls" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "waitMs" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "UsageRollupWatermark" (
    "id" TEXT NOT NULL DEFAULT 'global',
    "rolledAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageRollupWatermark_pkey" PRIMARY KEY ("id")
);


-- One all-cloud call of each kind per ticket: recordUsage sets counterfactualKind only while no other row of
-- the ticket holds it, and this index settles concurrent writers (the loser is recorded without the kind).
CREATE UNIQUE INDEX "UsageEvent_counterfactual_key" ON "UsageEvent" ("tenantId", "ticketId", "counterfactualKind")
  WHERE "counterfactualKind" IS NOT NULL;
