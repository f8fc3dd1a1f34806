CREATE INDEX "tickets_county_place_idx" ON "tickets" USING btree ("county_code","place_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "tickets_county_deadline_idx" ON "tickets" USING btree ("county_code","deadline_at");--> statement-breakpoint
CREATE INDEX "tickets_county_closed_idx" ON "tickets" USING btree ("county_code","closed_at");