-- What was redacted before each cloud call, by PII kind (counts only, never the values), for the ticket's AI trace.
ALTER TABLE "UsageEvent" ADD COLUMN "redactionSummary" JSONB;
