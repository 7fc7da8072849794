-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "confirmedAt" TIMESTAMP(3);


-- Events dispatched before this release are taken as done: their jobs ran long ago or were already removed from
-- Redis, and re-checking them would re-enqueue finished work.
UPDATE "OutboxEvent" SET "confirmedAt" = "dispatchedAt" WHERE "dispatchedAt" IS NOT NULL;

-- The dispatcher re-checks only dispatched, unconfirmed events: a small partial index keeps that scan cheap.
CREATE INDEX "OutboxEvent_unconfirmed_idx" ON "OutboxEvent" ("dispatchedAt") WHERE "dispatchedAt" IS NOT NULL AND "confirmedAt" IS NULL;
