ALTER TABLE "scoring_model_versions" ADD COLUMN "marketing_approval_comment" text;--> statement-breakpoint
ALTER TABLE "scoring_model_versions" ADD COLUMN "sales_approval_comment" text;