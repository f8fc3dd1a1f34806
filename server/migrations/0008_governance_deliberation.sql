CREATE TABLE "convention_acks" (
	"convention_id" uuid NOT NULL,
	"household_code" text NOT NULL,
	"county_code" text NOT NULL,
	"resident_id" uuid,
	"acked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "convention_acks_convention_id_household_code_pk" PRIMARY KEY("convention_id","household_code")
);
--> statement-breakpoint
CREATE TABLE "conventions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_code" text NOT NULL,
	"county_code" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"vote_id" uuid,
	"adopted_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "governance_settings" (
	"community_place_code" text PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"support_threshold" integer DEFAULT 10 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_invitees" (
	"meeting_id" uuid NOT NULL,
	"invitee_key" text NOT NULL,
	"county_code" text NOT NULL,
	"resident_id" uuid,
	"household_code" text,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"attended" boolean DEFAULT false NOT NULL,
	CONSTRAINT "meeting_invitees_meeting_id_invitee_key_pk" PRIMARY KEY("meeting_id","invitee_key")
);
--> statement-breakpoint
CREATE TABLE "meeting_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"seq" integer NOT NULL,
	"title" text NOT NULL,
	"proposal_id" uuid,
	"decision" text
);
--> statement-breakpoint
CREATE TABLE "meeting_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"place_code" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"assignee" text,
	"due_on" date,
	"ticket_id" uuid,
	"ticket_number" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_code" text NOT NULL,
	"county_code" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"location" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"minutes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"held_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "proposal_supports" (
	"proposal_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposal_supports_proposal_id_resident_id_pk" PRIMARY KEY("proposal_id","resident_id")
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_code" text NOT NULL,
	"county_code" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"author_user_id" uuid,
	"author_resident_id" uuid,
	"author_name" text NOT NULL,
	"status" text DEFAULT 'collecting' NOT NULL,
	"support_count" integer DEFAULT 0 NOT NULL,
	"threshold" integer NOT NULL,
	"meeting_id" uuid,
	"vote_id" uuid,
	"outcome" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "convention_acks" ADD CONSTRAINT "convention_acks_convention_id_conventions_id_fk" FOREIGN KEY ("convention_id") REFERENCES "public"."conventions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_invitees" ADD CONSTRAINT "meeting_invitees_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_items" ADD CONSTRAINT "meeting_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_tasks" ADD CONSTRAINT "meeting_tasks_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_supports" ADD CONSTRAINT "proposal_supports_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conventions_version_idx" ON "conventions" USING btree ("place_code","version");--> statement-breakpoint
CREATE INDEX "meeting_items_meeting_idx" ON "meeting_items" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_items_proposal_idx" ON "meeting_items" USING btree ("meeting_id","proposal_id");--> statement-breakpoint
CREATE INDEX "meeting_tasks_meeting_idx" ON "meeting_tasks" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meetings_place_idx" ON "meetings" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "proposals_place_idx" ON "proposals" USING btree ("place_code" text_pattern_ops);