CREATE TABLE "assessment_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_code" text NOT NULL,
	"county_code" text NOT NULL,
	"year" integer NOT NULL,
	"target_kind" text NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"weight" integer NOT NULL,
	"goal" double precision NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assessment_surveys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_code" text NOT NULL,
	"county_code" text NOT NULL,
	"year" integer NOT NULL,
	"target_kind" text NOT NULL,
	"target_id" text NOT NULL,
	"target_name" text NOT NULL,
	"title" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"survey_id" uuid NOT NULL,
	"resident_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"score" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_responses_survey_id_resident_id_pk" PRIMARY KEY("survey_id","resident_id")
);
--> statement-breakpoint
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_survey_id_assessment_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."assessment_surveys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assessment_indicators_place_idx" ON "assessment_indicators" USING btree ("place_code","year");--> statement-breakpoint
CREATE INDEX "assessment_surveys_place_idx" ON "assessment_surveys" USING btree ("place_code","year");