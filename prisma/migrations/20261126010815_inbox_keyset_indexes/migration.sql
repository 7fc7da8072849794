-- DropIndex
DROP INDEX "Ticket_tenantId_status_updatedAt_id_idx";

-- DropIndex
DROP INDEX "Ticket_tenantId_updatedAt_id_idx";

-- CreateIndex
CREATE INDEX "Ticket_tenantId_status_updatedAt_id_idx" ON "Ticket"("tenantId", "status", "updatedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Ticket_tenantId_updatedAt_id_idx" ON "Ticket"("tenantId", "updatedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Ticket_tenantId_createdAt_id_idx" ON "Ticket"("tenantId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Ticket_tenantId_priority_updatedAt_id_idx" ON "Ticket"("tenantId", "priority" DESC, "updatedAt" DESC, "id" DESC);

