CREATE TABLE "score_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model_version_id" uuid NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "person_scores" ADD COLUMN "engagement_raw" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "score_runs" ADD CONSTRAINT "score_runs_model_version_id_scoring_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."scoring_model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "score_runs_as_of_idx" ON "score_runs" USING btree ("as_of");--> statement-breakpoint
CREATE INDEX "activities_person_day_idx" ON "activities" USING btree ("person_id",(((occurred_at at time zone 'UTC') + interval '9 hours')::date),"type","occurred_at","campaign_id");