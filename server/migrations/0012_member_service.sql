CREATE TABLE "service_post_choices" (
	"post_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"chosen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_post_choices_post_id_resident_id_pk" PRIMARY KEY("post_id","resident_id")
);
--> statement-breakpoint
CREATE TABLE "service_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"capacity" integer,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_targets" (
	"community_code" text NOT NULL,
	"year" integer NOT NULL,
	"county_code" text NOT NULL,
	"target_hours" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_targets_community_code_year_pk" PRIMARY KEY("community_code","year")
);
--> statement-breakpoint
ALTER TABLE "service_post_choices" ADD CONSTRAINT "service_post_choices_post_id_service_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."service_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_post_choices_resident_idx" ON "service_post_choices" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "service_posts_community_idx" ON "service_posts" USING btree ("community_code");