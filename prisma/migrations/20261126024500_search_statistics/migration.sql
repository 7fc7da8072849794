-- With the default statistics target, a word missing from the most-common-elements list is estimated at
-- about 0.5 % of tickets, so a rare word's search walked the recency index through ~200k rows (0.8 s at
-- 1 M tickets). A larger sample gives rare words realistic estimates and the planner uses the GIN index.
ALTER TABLE "Ticket" ALTER COLUMN "searchVector" SET STATISTICS 2000;
ALTER TABLE "KnowledgeChunk" ALTER COLUMN "searchVector" SET STATISTICS 1000;
