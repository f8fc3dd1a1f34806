DROP TABLE "device_message_ids" CASCADE;--> statement-breakpoint
-- Deduplication moves into telemetry (by hand: drizzle does not declare the partitioned table). Every
-- message taken in is a row, heartbeats too (flagged, left out of history); the unique key is the
-- device, the reading's own time and the message id (a redelivery carries both the id and the time),
-- and it also serves history reads by device and time in place of device_telemetry_device_at_idx.
ALTER TABLE "device_telemetry" ADD COLUMN "heartbeat" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "device_telemetry_message_idx" ON "device_telemetry" ("device_id", "at", "message_id");--> statement-breakpoint
DROP INDEX "device_telemetry_device_at_idx";
