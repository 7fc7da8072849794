-- AlterTable
ALTER TABLE "AiDraft" ADD COLUMN     "sentEditDistance" INTEGER,
ADD COLUMN     "sentEditRatio" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "Ticket_tenantId_solvedAt_idx" ON "Ticket"("tenantId", "solvedAt");

-- CreateIndex
CREATE INDEX "TriageLabel_tenantId_ticketId_createdAt_idx" ON "TriageLabel"("tenantId", "ticketId", "createdAt");

