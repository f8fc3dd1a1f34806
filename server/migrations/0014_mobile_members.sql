CREATE TABLE "mobile_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"study" boolean DEFAULT false NOT NULL,
	"study_topic" text,
	"by_user_id" uuid NOT NULL,
	"by_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mobile_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_code" text NOT NULL,
	"county_code" text NOT NULL,
	"destination_city" text NOT NULL,
	"name" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mobile_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resident_id" uuid,
	"name" text NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"party_status" text NOT NULL,
	"left_on" date NOT NULL,
	"destination_city" text NOT NULL,
	"destination_detail" text DEFAULT '' NOT NULL,
	"employer" text DEFAULT '' NOT NULL,
	"mobile_enc" text,
	"mobile_masked" text,
	"registered_at" timestamp with time zone,
	"group_id" uuid,
	"cadre_user_id" uuid,
	"cadre_name" text,
	"paired_at" timestamp with time zone,
	"rhythm_days" integer DEFAULT 30 NOT NULL,
	"last_contact_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mobile_contacts" ADD CONSTRAINT "mobile_contacts_member_id_mobile_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."mobile_members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mobile_contacts_member_idx" ON "mobile_contacts" USING btree ("member_id","at");--> statement-breakpoint
CREATE INDEX "mobile_groups_place_idx" ON "mobile_groups" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "mobile_members_community_idx" ON "mobile_members" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "mobile_members_group_idx" ON "mobile_members" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "mobile_members_cadre_idx" ON "mobile_members" USING btree ("cadre_user_id");