DROP INDEX "person_scores_total_idx";--> statement-breakpoint
CREATE INDEX "person_scores_fit_idx" ON "person_scores" USING btree ("fit","person_id");--> statement-breakpoint
CREATE INDEX "person_scores_engagement_idx" ON "person_scores" USING btree ("engagement","person_id");--> statement-breakpoint
CREATE INDEX "person_scores_total_idx" ON "person_scores" USING btree ("total","person_id");