-- Sessions are kept for a few seconds by each server process (identity.service.ts resolveSession).
-- A change to what a session resolves to (a session ended, an account renamed, disabled or
-- re-linked, a grant given, taken or moved, a grid's buildings) tells every process on the bus, as
-- the statement commits, to forget the sessions it keeps. Sign-ins (failed_logins, locked_until,
-- last_login_at) change nothing a session carries and tell no one.
CREATE OR REPLACE FUNCTION linli_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('linli_events', json_build_object('type', 'auth.changed', 'at', now())::text);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER role_grants_auth_changed AFTER INSERT OR UPDATE OR DELETE ON role_grants FOR EACH STATEMENT EXECUTE FUNCTION linli_auth_changed();
--> statement-breakpoint
CREATE TRIGGER grid_buildings_auth_changed AFTER INSERT OR UPDATE OR DELETE ON grid_buildings FOR EACH STATEMENT EXECUTE FUNCTION linli_auth_changed();
--> statement-breakpoint
CREATE TRIGGER sessions_auth_changed AFTER UPDATE OR DELETE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION linli_auth_changed();
--> statement-breakpoint
CREATE TRIGGER users_auth_changed AFTER UPDATE OF username, display_name, password_hash, resident_id, disabled OR DELETE ON users FOR EACH STATEMENT EXECUTE FUNCTION linli_auth_changed();
