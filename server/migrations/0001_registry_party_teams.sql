CREATE TABLE "idempotency_keys" (
	"key" text NOT NULL,
	"user_id" uuid NOT NULL,
	"route" text NOT NULL,
	"status" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_route_key_pk" PRIMARY KEY("user_id","route","key")
);
--> statement-breakpoint
CREATE TABLE "centre_households" (
	"unit_code" text PRIMARY KEY NOT NULL,
	"household_code" text NOT NULL,
	"resident_id" uuid,
	"county_code" text NOT NULL,
	"appointed_by" uuid,
	"appointed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_org_places" (
	"place_code" text PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"county_code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_orgs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"place_code" text NOT NULL,
	"county_code" text NOT NULL,
	"secretary_resident_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grid_workers" (
	"grid_code" text NOT NULL,
	"user_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grid_workers_grid_code_user_id_pk" PRIMARY KEY("grid_code","user_id")
);
--> statement-breakpoint
CREATE TABLE "place_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"place_code" text NOT NULL,
	"county_code" text,
	"action" text NOT NULL,
	"old_code" text,
	"new_code" text,
	"old_name" text,
	"new_name" text,
	"actor_id" uuid,
	"note" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gig_workers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resident_id" uuid,
	"name" text NOT NULL,
	"mobile_enc" text,
	"mobile_hash" text,
	"mobile_masked" text,
	"occupation" text NOT NULL,
	"company" text NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"is_party_member" boolean DEFAULT false NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"file_name" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"rejected" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "member_checkins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resident_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"employer" text NOT NULL,
	"employer_party_org" text NOT NULL,
	"checked_in_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "membership_transfers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resident_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"from_org" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "party_members" (
	"resident_id" uuid PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"status" text NOT NULL,
	"join_date" date,
	"membership_kept" text DEFAULT 'community' NOT NULL,
	"membership_org" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" uuid NOT NULL,
	"member_key" text NOT NULL,
	"resident_id" uuid,
	"user_id" uuid,
	"name" text NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"source" text NOT NULL,
	"county_code" text NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_team_id_member_key_pk" PRIMARY KEY("team_id","member_key")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"place_code" text NOT NULL,
	"county_code" text NOT NULL,
	"theme" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "party_org_places" ADD CONSTRAINT "party_org_places_org_id_party_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."party_orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grid_workers" ADD CONSTRAINT "grid_workers_grid_code_grids_code_fk" FOREIGN KEY ("grid_code") REFERENCES "public"."grids"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "party_org_places_org_idx" ON "party_org_places" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "party_orgs_place_idx" ON "party_orgs" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "party_orgs_parent_idx" ON "party_orgs" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "place_history_code_idx" ON "place_history" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "place_history_new_code_idx" ON "place_history" USING btree ("new_code");--> statement-breakpoint
CREATE INDEX "gig_workers_community_idx" ON "gig_workers" USING btree ("community_code");--> statement-breakpoint
CREATE UNIQUE INDEX "gig_workers_mobile_idx" ON "gig_workers" USING btree ("community_code","mobile_hash");--> statement-breakpoint
CREATE INDEX "import_jobs_community_idx" ON "import_jobs" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "member_checkins_community_idx" ON "member_checkins" USING btree ("community_code");--> statement-breakpoint
CREATE UNIQUE INDEX "member_checkins_active_idx" ON "member_checkins" USING btree ("resident_id") WHERE ended_at IS NULL;--> statement-breakpoint
CREATE INDEX "membership_transfers_community_idx" ON "membership_transfers" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "party_members_county_idx" ON "party_members" USING btree ("county_code");--> statement-breakpoint
CREATE INDEX "team_members_resident_idx" ON "team_members" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "teams_place_idx" ON "teams" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "teams_tier_unique_idx" ON "teams" USING btree ("kind","place_code") WHERE kind IN ('unit_team', 'building_team', 'compound_team');