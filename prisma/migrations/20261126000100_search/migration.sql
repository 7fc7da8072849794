-- Full-text search, maintained by triggers so that every writer (web, API, workers, seed) keeps it right.
-- Tickets index their subject (weight A) and every message body (weight B); bodies are capped so a
-- 100 KB email cannot push a ticket's vector past Postgres's 1 MB tsvector limit.

CREATE INDEX "Ticket_searchVector_idx" ON "Ticket" USING GIN ("searchVector");
CREATE INDEX "KnowledgeChunk_searchVector_idx" ON "KnowledgeChunk" USING GIN ("searchVector");

CREATE FUNCTION helpdesk_ticket_search_vector(ticket_id text, subject text) RETURNS tsvector
LANGUAGE sql STABLE AS $$
  SELECT setweight(to_tsvector('english', coalesce(subject, '')), 'A')
      || setweight(to_tsvector('english', coalesce(
           (SELECT string_agg(left(m."bodyText", 20000), ' ') FROM "Message" m WHERE m."ticketId" = ticket_id), '')), 'B')
$$;

CREATE FUNCTION helpdesk_ticket_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW."searchVector" := setweight(to_tsvector('english', coalesce(NEW.subject, '')), 'A');
  ELSIF NEW.subject IS DISTINCT FROM OLD.subject THEN
    NEW."searchVector" := helpdesk_ticket_search_vector(NEW.id, NEW.subject);
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER ticket_search_vector BEFORE INSERT OR UPDATE OF subject ON "Ticket"
FOR EACH ROW EXECUTE FUNCTION helpdesk_ticket_search_trigger();

CREATE FUNCTION helpdesk_message_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Ticket"
     SET "searchVector" = coalesce("searchVector", ''::tsvector)
                          || setweight(to_tsvector('english', left(NEW."bodyText", 20000)), 'B')
   WHERE id = NEW."ticketId";
  RETURN NULL;
END
$$;

CREATE TRIGGER message_search_vector AFTER INSERT ON "Message"
FOR EACH ROW EXECUTE FUNCTION helpdesk_message_search_trigger();

CREATE FUNCTION helpdesk_chunk_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := to_tsvector('english', NEW.text);
  RETURN NEW;
END
$$;

CREATE TRIGGER chunk_search_vector BEFORE INSERT OR UPDATE OF text ON "KnowledgeChunk"
FOR EACH ROW EXECUTE FUNCTION helpdesk_chunk_search_trigger();

-- The ledger is append-only: corrections are new rows, never edits.
CREATE FUNCTION helpdesk_usage_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- Deleting a whole tenant cascades here from a foreign-key trigger (depth > 1); nothing else may.
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'UsageEvent is append-only (% refused)', TG_OP;
END
$$;

CREATE TRIGGER usage_event_append_only BEFORE UPDATE OR DELETE ON "UsageEvent"
FOR EACH ROW EXECUTE FUNCTION helpdesk_usage_append_only();
