CREATE TABLE "device_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"device_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"place_code" text NOT NULL,
	"compound_code" text NOT NULL,
	"county_code" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"title" text NOT NULL,
	"detail" text NOT NULL,
	"value" double precision,
	"state" text,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" uuid,
	"acknowledged_by_name" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolved_by_name" text,
	"resolution" text,
	"ticket_state" text DEFAULT 'none' NOT NULL,
	"ticket_id" uuid,
	"ticket_number" text,
	"ticket_error" text
);
--> statement-breakpoint
CREATE TABLE "device_invalid_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	"topic" text,
	"serial" text,
	"place_code" text NOT NULL,
	"county_code" text NOT NULL,
	"reason" text NOT NULL,
	"payload" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_message_ids" (
	"device_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "device_message_ids_device_id_message_id_pk" PRIMARY KEY("device_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "device_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_code" text NOT NULL,
	"county_code" text NOT NULL,
	"kind" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"params" jsonb NOT NULL,
	"severity" text NOT NULL,
	"cooldown_seconds" integer DEFAULT 0 NOT NULL,
	"opens_ticket" boolean DEFAULT false NOT NULL,
	"category_code" text,
	"urgency" text DEFAULT 'urgent' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"serial" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"place_code" text NOT NULL,
	"compound_code" text NOT NULL,
	"county_code" text NOT NULL,
	"owner" text NOT NULL,
	"install_place" text NOT NULL,
	"plan_x" real,
	"plan_y" real,
	"enabled" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'unknown' NOT NULL,
	"last_seen_at" timestamp with time zone,
	"last_value" double precision,
	"last_state" text,
	"secret_enc" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_webhook_nonces" (
	"signature" text PRIMARY KEY NOT NULL,
	"device_id" uuid NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "device_alerts_active_idx" ON "device_alerts" USING btree ("device_id","rule_id") WHERE status <> 'resolved';--> statement-breakpoint
CREATE INDEX "device_alerts_place_idx" ON "device_alerts" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "device_alerts_status_idx" ON "device_alerts" USING btree ("status","opened_at");--> statement-breakpoint
CREATE INDEX "device_alerts_ticket_idx" ON "device_alerts" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "device_alerts_device_rule_idx" ON "device_alerts" USING btree ("device_id","rule_id","opened_at");--> statement-breakpoint
CREATE INDEX "device_invalid_place_idx" ON "device_invalid_messages" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "device_invalid_received_idx" ON "device_invalid_messages" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "device_message_ids_received_idx" ON "device_message_ids" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "device_rules_place_idx" ON "device_rules" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "devices_serial_idx" ON "devices" USING btree ("serial");--> statement-breakpoint
CREATE INDEX "devices_place_idx" ON "devices" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "devices_compound_idx" ON "devices" USING btree ("compound_code");--> statement-breakpoint
CREATE INDEX "device_webhook_nonces_seen_idx" ON "device_webhook_nonces" USING btree ("seen_at");--> statement-breakpoint
-- Telemetry: partitioned by day on `at` (partitions are made ahead by the server; see property-telemetry.ts).
CREATE TABLE "device_telemetry" (
	"device_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"message_id" text NOT NULL,
	"value" double precision,
	"state" text,
	"alarm" boolean DEFAULT false NOT NULL
) PARTITION BY RANGE ("at");
--> statement-breakpoint
CREATE INDEX "device_telemetry_device_at_idx" ON "device_telemetry" ("device_id", "at");
