CREATE TABLE "owner_roll" (
	"household_code" text PRIMARY KEY NOT NULL,
	"compound_code" text NOT NULL,
	"county_code" text NOT NULL,
	"owner_name" text NOT NULL,
	"resident_id" uuid,
	"area_centi" bigint NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vote_ballots" (
	"vote_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"county_code" text NOT NULL,
	"voter_key" text,
	"choices" jsonb NOT NULL,
	"area_centi" bigint DEFAULT 0 NOT NULL,
	"channel" text NOT NULL,
	"nonce" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"cast_at" timestamp with time zone,
	CONSTRAINT "vote_ballots_vote_id_seq_pk" PRIMARY KEY("vote_id","seq")
);
--> statement-breakpoint
CREATE TABLE "vote_voters" (
	"vote_id" uuid NOT NULL,
	"voter_key" text NOT NULL,
	"resident_id" uuid,
	"household_code" text,
	"county_code" text NOT NULL,
	"label" text NOT NULL,
	"area_centi" bigint DEFAULT 0 NOT NULL,
	"voted_on" timestamp with time zone,
	"channel" text,
	"entered_by" uuid,
	CONSTRAINT "vote_voters_vote_id_voter_key_pk" PRIMARY KEY("vote_id","voter_key")
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"method" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"matter" text DEFAULT 'ordinary' NOT NULL,
	"secret" boolean DEFAULT false NOT NULL,
	"place_code" text NOT NULL,
	"community_code" text NOT NULL,
	"county_code" text NOT NULL,
	"options" jsonb NOT NULL,
	"seats" integer DEFAULT 1 NOT NULL,
	"appoint_team_id" uuid,
	"subject_kind" text,
	"subject_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"closes_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"chain_head" text DEFAULT '' NOT NULL,
	"ballot_count" integer DEFAULT 0 NOT NULL,
	"result" jsonb,
	"appointed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vote_ballots" ADD CONSTRAINT "vote_ballots_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_voters" ADD CONSTRAINT "vote_voters_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "owner_roll_compound_idx" ON "owner_roll" USING btree ("compound_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "owner_roll_resident_idx" ON "owner_roll" USING btree ("resident_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vote_ballots_hash_idx" ON "vote_ballots" USING btree ("hash");--> statement-breakpoint
CREATE UNIQUE INDEX "vote_ballots_voter_idx" ON "vote_ballots" USING btree ("vote_id","voter_key") WHERE voter_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX "vote_voters_resident_idx" ON "vote_voters" USING btree ("resident_id");--> statement-breakpoint
CREATE INDEX "vote_voters_household_idx" ON "vote_voters" USING btree ("household_code");--> statement-breakpoint
CREATE INDEX "votes_place_idx" ON "votes" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "votes_community_idx" ON "votes" USING btree ("community_code","status");