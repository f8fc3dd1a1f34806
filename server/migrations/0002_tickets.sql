CREATE TABLE "holidays" (
	"day" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"ticket_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbound_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"first_tier" text NOT NULL,
	"deadline_hours" jsonb NOT NULL,
	"tier_shares" jsonb NOT NULL,
	"clock" text DEFAULT 'calendar' NOT NULL,
	"confidential_by_default" boolean DEFAULT false NOT NULL,
	"department" text NOT NULL,
	"keywords" text[] DEFAULT '{}' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"actor_user_id" uuid,
	"actor_name" text,
	"actor_role" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"public" boolean DEFAULT true NOT NULL,
	"county_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_followers" (
	"ticket_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_followers_ticket_id_user_id_pk" PRIMARY KEY("ticket_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "ticket_numbers" (
	"day" text PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"event_seq" integer,
	"path" text NOT NULL,
	"thumb_path" text NOT NULL,
	"mime" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"uploaded_by" uuid,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"category_code" text NOT NULL,
	"urgency" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"confidential" boolean DEFAULT false NOT NULL,
	"reporter_user_id" uuid,
	"reporter_resident_id" uuid,
	"reporter_name" text,
	"reporter_phone_enc" text,
	"reporter_phone_masked" text,
	"place_code" text NOT NULL,
	"compound_code" text,
	"community_code" text,
	"township_code" text NOT NULL,
	"county_code" text NOT NULL,
	"grid_code" text,
	"lat" double precision,
	"lng" double precision,
	"tier" text NOT NULL,
	"team_id" uuid,
	"department" text,
	"deadline_at" timestamp with time zone,
	"tier_deadline_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"reported_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_on_time" boolean,
	"supervised" boolean DEFAULT false NOT NULL,
	"extension_pending" boolean DEFAULT false NOT NULL,
	"extensions" integer DEFAULT 0 NOT NULL,
	"reworks" integer DEFAULT 0 NOT NULL,
	"escalations" integer DEFAULT 0 NOT NULL,
	"rating" text,
	"rating_comment" text,
	"shelved_until" date,
	"merged_into" uuid,
	"followers" integer DEFAULT 0 NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tickets_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_events_seq_idx" ON "ticket_events" USING btree ("ticket_id","seq");--> statement-breakpoint
CREATE INDEX "ticket_events_at_idx" ON "ticket_events" USING btree ("county_code","at");--> statement-breakpoint
CREATE INDEX "ticket_followers_user_idx" ON "ticket_followers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ticket_photos_ticket_idx" ON "ticket_photos" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "tickets_place_idx" ON "tickets" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "tickets_county_created_idx" ON "tickets" USING btree ("county_code","created_at");--> statement-breakpoint
CREATE INDEX "tickets_status_idx" ON "tickets" USING btree ("status");--> statement-breakpoint
CREATE INDEX "tickets_tier_deadline_idx" ON "tickets" USING btree ("tier_deadline_at") WHERE status IN ('dispatched', 'in_progress');--> statement-breakpoint
CREATE INDEX "tickets_team_idx" ON "tickets" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "tickets_compound_category_idx" ON "tickets" USING btree ("compound_code","category_code","created_at");--> statement-breakpoint
CREATE INDEX "tickets_public_list_idx" ON "tickets" USING btree ("created_at") WHERE confidential = false AND status NOT IN ('cancelled', 'merged');--> statement-breakpoint
CREATE INDEX "tickets_search_idx" ON "tickets" USING gin (to_tsvector('simple', "search_text"));