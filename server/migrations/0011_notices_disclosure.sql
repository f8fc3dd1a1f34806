CREATE TABLE "disclosure_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"file_name" text NOT NULL,
	"mime" text NOT NULL,
	"size" integer NOT NULL,
	"stored_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disclosure_ledger" (
	"post_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"county_code" text NOT NULL,
	"occurred_on" date NOT NULL,
	"item" text NOT NULL,
	"income_fen" bigint DEFAULT 0 NOT NULL,
	"expense_fen" bigint DEFAULT 0 NOT NULL,
	"note" text,
	CONSTRAINT "disclosure_ledger_post_id_seq_pk" PRIMARY KEY("post_id","seq")
);
--> statement-breakpoint
CREATE TABLE "disclosure_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_code" text NOT NULL,
	"county_code" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"period" text NOT NULL,
	"visibility" text NOT NULL,
	"vote_summary" jsonb,
	"vote_id" uuid,
	"created_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notice_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"notice_id" uuid NOT NULL,
	"county_code" text NOT NULL,
	"receipt_code" text NOT NULL,
	"content" text NOT NULL,
	"anonymous" boolean NOT NULL,
	"name_enc" text,
	"phone_enc" text,
	"sender_enc" text,
	"status" text DEFAULT 'received' NOT NULL,
	"outcome" text,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notice_feedback_receipt_code_unique" UNIQUE("receipt_code")
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"place_code" text NOT NULL,
	"county_code" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"publisher" text NOT NULL,
	"contact" text,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "disclosure_attachments" ADD CONSTRAINT "disclosure_attachments_post_id_disclosure_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."disclosure_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosure_ledger" ADD CONSTRAINT "disclosure_ledger_post_id_disclosure_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."disclosure_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_feedback" ADD CONSTRAINT "notice_feedback_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disclosure_attachments_post_idx" ON "disclosure_attachments" USING btree ("post_id");--> statement-breakpoint
CREATE INDEX "disclosure_posts_place_idx" ON "disclosure_posts" USING btree ("place_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "disclosure_posts_period_idx" ON "disclosure_posts" USING btree ("period");--> statement-breakpoint
CREATE INDEX "notice_feedback_notice_idx" ON "notice_feedback" USING btree ("notice_id");--> statement-breakpoint
CREATE INDEX "notices_place_idx" ON "notices" USING btree ("place_code" text_pattern_ops);