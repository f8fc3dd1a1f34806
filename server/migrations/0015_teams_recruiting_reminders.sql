CREATE TABLE "service_reminders" (
	"period" text NOT NULL,
	"resident_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_reminders_period_resident_id_pk" PRIMARY KEY("period","resident_id")
);
--> statement-breakpoint
CREATE TABLE "mobile_reminders" (
	"period" text NOT NULL,
	"member_id" uuid NOT NULL,
	"cadre_user_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mobile_reminders_period_member_id_pk" PRIMARY KEY("period","member_id")
);
--> statement-breakpoint
CREATE TABLE "team_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"user_id" uuid,
	"name" text NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "recruiting" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "recruit_note" text;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "recruiting_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mobile_reminders" ADD CONSTRAINT "mobile_reminders_member_id_mobile_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."mobile_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_applications" ADD CONSTRAINT "team_applications_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "team_applications_pending_idx" ON "team_applications" USING btree ("team_id","resident_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "team_applications_team_idx" ON "team_applications" USING btree ("team_id","status");--> statement-breakpoint
CREATE INDEX "team_applications_resident_idx" ON "team_applications" USING btree ("resident_id");