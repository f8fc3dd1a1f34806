CREATE TABLE "ticket_rollup_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sign" smallint NOT NULL,
	"county_code" text NOT NULL,
	"place" text NOT NULL,
	"team_id" text,
	"category_code" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"reported_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_on_time" boolean,
	"reworks" integer NOT NULL,
	"extensions" integer NOT NULL,
	"rating" text
);
--> statement-breakpoint
CREATE TABLE "ticket_rollups" (
	"county_code" text NOT NULL,
	"lvl" smallint NOT NULL,
	"kind" text NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"dim" text NOT NULL,
	"scope" text NOT NULL,
	"category_code" text NOT NULL,
	"day2" date NOT NULL,
	"bin" integer NOT NULL,
	"n" integer NOT NULL,
	"c1" integer NOT NULL,
	"c2" integer NOT NULL,
	"c3" integer NOT NULL,
	"c4" integer NOT NULL,
	"c5" integer NOT NULL,
	"c6" integer NOT NULL,
	"c7" integer NOT NULL,
	"c8" integer NOT NULL,
	"hours" double precision NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ticket_rollup_deltas_county_idx" ON "ticket_rollup_deltas" USING btree ("county_code");--> statement-breakpoint
CREATE UNIQUE INDEX "ticket_rollups_key_idx" ON "ticket_rollups" USING btree ("county_code","lvl","kind","grain","day","dim","scope","category_code","day2","bin");