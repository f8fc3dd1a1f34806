-- The overdue list of the dashboards: open tickets of a county by deadline. Partial, so only open
-- tickets are in it (a few percent of the table) and closing a ticket takes it out.
CREATE INDEX IF NOT EXISTS "tickets_open_deadline_idx" ON "tickets" USING btree ("county_code", "deadline_at") WHERE status IN ('registered', 'dispatched', 'in_progress', 'reported');
