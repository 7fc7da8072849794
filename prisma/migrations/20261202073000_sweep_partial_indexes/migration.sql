-- The maintenance sweeps look for the few rows still due among millions. The tenant + due-date indexes
-- also hold every ticket already flagged or closed, so at 1 M tickets each sweep batch walked hundreds of
-- thousands of dead entries. These partial indexes hold only what a sweep can still act on.
CREATE INDEX "Ticket_sweep_first_response_due_idx" ON "Ticket" ("tenantId", "firstResponseDueAt")
  WHERE "slaBreachedAt" IS NULL AND "firstRespondedAt" IS NULL AND status IN ('NEW', 'OPEN', 'PENDING', 'ON_HOLD');
CREATE INDEX "Ticket_sweep_resolution_due_idx" ON "Ticket" ("tenantId", "resolutionDueAt")
  WHERE "slaBreachedAt" IS NULL AND status IN ('NEW', 'OPEN', 'PENDING', 'ON_HOLD');
CREATE INDEX "Ticket_sweep_solved_idx" ON "Ticket" ("tenantId", "solvedAt") WHERE status = 'SOLVED';
