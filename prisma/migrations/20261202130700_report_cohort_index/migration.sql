-- The leads' report reads, for a tenant's tickets created in a range, only these columns. Holding them in the
-- index lets Postgres answer from the index alone: at 1 M tickets a 30-day report read the whole wide Ticket heap
-- (its search vector included) in a parallel seq scan; with this index it is an index-only scan of ~80 k entries.
-- Prisma's schema cannot state INCLUDE columns, so the index lives here only (like the sweep partial indexes).
CREATE INDEX "Ticket_report_cohort_idx" ON "Ticket" ("tenantId", "createdAt")
  INCLUDE ("groupId", "assigneeId", "categoryId", "firstRespondedAt", "solvedAt", "closedAt", "firstResponseDueAt", "resolutionDueAt");
