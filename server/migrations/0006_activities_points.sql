CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid,
	"recurrence" text DEFAULT 'none' NOT NULL,
	"title" text NOT NULL,
	"theme" text,
	"description" text DEFAULT '' NOT NULL,
	"place_code" text NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"team_id" uuid,
	"leader_user_id" uuid NOT NULL,
	"leader_name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_qr_uses" (
	"nonce" text NOT NULL,
	"resident_id" uuid NOT NULL,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_qr_uses_nonce_resident_id_pk" PRIMARY KEY("nonce","resident_id")
);
--> statement-breakpoint
CREATE TABLE "activity_signups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"county_code" text NOT NULL,
	"status" text NOT NULL,
	"signed_up_at" timestamp with time zone DEFAULT now() NOT NULL,
	"promoted_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"checked_in_at" timestamp with time zone,
	"check_in_method" text,
	"checked_out_at" timestamp with time zone,
	"check_out_method" text,
	"minutes" integer,
	"hours_status" text DEFAULT 'none' NOT NULL,
	"hours_decided_by" uuid,
	"hours_decided_at" timestamp with time zone,
	"hours_note" text
);
--> statement-breakpoint
CREATE TABLE "activity_themes" (
	"community_code" text NOT NULL,
	"month" text NOT NULL,
	"county_code" text NOT NULL,
	"theme" text NOT NULL,
	"note" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activity_themes_community_code_month_pk" PRIMARY KEY("community_code","month")
);
--> statement-breakpoint
CREATE TABLE "points_balances" (
	"resident_id" uuid PRIMARY KEY NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"earned" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_balances_not_negative" CHECK (balance >= 0)
);
--> statement-breakpoint
CREATE TABLE "points_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"cost" integer NOT NULL,
	"stock" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_items_stock_not_negative" CHECK (stock >= 0),
	CONSTRAINT "points_items_cost_positive" CHECK (cost > 0)
);
--> statement-breakpoint
CREATE TABLE "points_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"resident_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"delta" integer NOT NULL,
	"reason" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"source" text,
	"reverses_id" bigint,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_ledger_delta_nonzero" CHECK (delta <> 0)
);
--> statement-breakpoint
CREATE TABLE "points_redemptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"quantity" integer NOT NULL,
	"points" integer NOT NULL,
	"ledger_id" bigint NOT NULL,
	"status" text DEFAULT 'redeemed' NOT NULL,
	"handed_over_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "points_rules" (
	"community_code" text PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"per_hour" integer NOT NULL,
	"per_participation" integer NOT NULL,
	"per_ticket_closed" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activity_signups" ADD CONSTRAINT "activity_signups_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_place_idx" ON "activities" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "activities_community_starts_idx" ON "activities" USING btree ("community_code","starts_at");--> statement-breakpoint
CREATE INDEX "activities_series_idx" ON "activities" USING btree ("series_id");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_signups_live_idx" ON "activity_signups" USING btree ("activity_id","resident_id") WHERE status <> 'cancelled';--> statement-breakpoint
CREATE INDEX "activity_signups_resident_idx" ON "activity_signups" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "activity_signups_activity_idx" ON "activity_signups" USING btree ("activity_id","signed_up_at");--> statement-breakpoint
CREATE INDEX "points_balances_community_idx" ON "points_balances" USING btree ("community_code","earned");--> statement-breakpoint
CREATE INDEX "points_items_community_idx" ON "points_items" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "points_ledger_resident_idx" ON "points_ledger" USING btree ("resident_id","id");--> statement-breakpoint
CREATE INDEX "points_ledger_community_idx" ON "points_ledger" USING btree ("community_code","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "points_ledger_source_idx" ON "points_ledger" USING btree ("reason","source","resident_id") WHERE source IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "points_ledger_reverses_idx" ON "points_ledger" USING btree ("reverses_id") WHERE reverses_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "points_redemptions_resident_idx" ON "points_redemptions" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "points_redemptions_community_idx" ON "points_redemptions" USING btree ("community_code","created_at");--> statement-breakpoint
-- The points ledger is append-only: corrections are reversals, never edits.
CREATE OR REPLACE FUNCTION points_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'points_ledger is append-only (% refused); append a reversal instead', TG_OP USING ERRCODE = '42501';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER points_ledger_append_only BEFORE UPDATE OR DELETE ON points_ledger FOR EACH ROW EXECUTE FUNCTION points_ledger_append_only();
