CREATE TABLE "vote_papers" (
	"vote_id" uuid NOT NULL,
	"paper_no" text NOT NULL,
	"county_code" text NOT NULL,
	"area_centi" bigint NOT NULL,
	CONSTRAINT "vote_papers_vote_id_paper_no_pk" PRIMARY KEY("vote_id","paper_no")
);
--> statement-breakpoint
ALTER TABLE "vote_ballots" ALTER COLUMN "channel" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "vote_ballots" ADD COLUMN "receipt" text;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "paper_ballots" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "vote_papers" ADD CONSTRAINT "vote_papers_vote_id_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "vote_ballots_receipt_idx" ON "vote_ballots" USING btree ("receipt");--> statement-breakpoint
UPDATE "votes" SET "paper_ballots" = (SELECT count(*) FROM "vote_voters" x WHERE x."vote_id" = "votes"."id" AND x."channel" = 'paper' AND x."voted_on" IS NOT NULL);
