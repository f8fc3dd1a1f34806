-- The dashboards' rollups (supervision): every change of a ticket's counted columns is appended to
-- ticket_rollup_deltas, the old state with sign -1 and the new with +1, in the writer's transaction.
-- Insert-only, so concurrent writers never wait on a shared counter row; a job folds the deltas.
CREATE OR REPLACE FUNCTION ticket_rollup_delta() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.county_code, OLD.place_code, OLD.team_id, OLD.category_code, OLD.status, OLD.created_at, OLD.deadline_at, OLD.accepted_at, OLD.reported_at, OLD.closed_at, OLD.closed_on_time, OLD.reworks, OLD.extensions, OLD.rating)
       IS NOT DISTINCT FROM (NEW.county_code, NEW.place_code, NEW.team_id, NEW.category_code, NEW.status, NEW.created_at, NEW.deadline_at, NEW.accepted_at, NEW.reported_at, NEW.closed_at, NEW.closed_on_time, NEW.reworks, NEW.extensions, NEW.rating) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO ticket_rollup_deltas (sign, county_code, place, team_id, category_code, status, created_at, deadline_at, accepted_at, reported_at, closed_at, closed_on_time, reworks, extensions, rating)
    VALUES (-1, OLD.county_code, OLD.place_code, OLD.team_id::text, OLD.category_code, OLD.status, OLD.created_at, OLD.deadline_at, OLD.accepted_at, OLD.reported_at, OLD.closed_at, OLD.closed_on_time, OLD.reworks, OLD.extensions, OLD.rating);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO ticket_rollup_deltas (sign, county_code, place, team_id, category_code, status, created_at, deadline_at, accepted_at, reported_at, closed_at, closed_on_time, reworks, extensions, rating)
    VALUES (1, NEW.county_code, NEW.place_code, NEW.team_id::text, NEW.category_code, NEW.status, NEW.created_at, NEW.deadline_at, NEW.accepted_at, NEW.reported_at, NEW.closed_at, NEW.closed_on_time, NEW.reworks, NEW.extensions, NEW.rating);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS tickets_rollup_delta ON tickets;
--> statement-breakpoint
CREATE TRIGGER tickets_rollup_delta AFTER INSERT OR UPDATE OR DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION ticket_rollup_delta();
--> statement-breakpoint
-- Tickets written before this migration: their current state as deltas, folded like any other.
INSERT INTO ticket_rollup_deltas (sign, county_code, place, team_id, category_code, status, created_at, deadline_at, accepted_at, reported_at, closed_at, closed_on_time, reworks, extensions, rating)
SELECT 1, county_code, place_code, team_id::text, category_code, status, created_at, deadline_at, accepted_at, reported_at, closed_at, closed_on_time, reworks, extensions, rating FROM tickets;
