CREATE TABLE "person_scores" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"fit" integer NOT NULL,
	"engagement" integer NOT NULL,
	"total" integer NOT NULL,
	"model_version_id" uuid NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "score_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"fit" integer NOT NULL,
	"engagement" integer NOT NULL,
	"total" integer NOT NULL,
	"model_version_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scoring_model_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" integer NOT NULL,
	"status" text NOT NULL,
	"config" jsonb NOT NULL,
	"change_note" text,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"proposed_at" timestamp with time zone,
	"marketing_approver_id" uuid,
	"marketing_approved_at" timestamp with time zone,
	"sales_approver_id" uuid,
	"sales_approved_at" timestamp with time zone,
	"rejected_by" uuid,
	"rejected_at" timestamp with time zone,
	"rejection_comment" text,
	"approved_at" timestamp with time zone,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "scoring_model_versions_status_check" CHECK (status in ('draft', 'proposed', 'approved', 'rejected', 'superseded')),
	CONSTRAINT "scoring_model_versions_two_people" CHECK (marketing_approver_id is null or marketing_approver_id is distinct from sales_approver_id)
);
--> statement-breakpoint
ALTER TABLE "person_scores" ADD CONSTRAINT "person_scores_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_scores" ADD CONSTRAINT "person_scores_model_version_id_scoring_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."scoring_model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_history" ADD CONSTRAINT "score_history_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_history" ADD CONSTRAINT "score_history_model_version_id_scoring_model_versions_id_fk" FOREIGN KEY ("model_version_id") REFERENCES "public"."scoring_model_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_model_versions" ADD CONSTRAINT "scoring_model_versions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_model_versions" ADD CONSTRAINT "scoring_model_versions_marketing_approver_id_users_id_fk" FOREIGN KEY ("marketing_approver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_model_versions" ADD CONSTRAINT "scoring_model_versions_sales_approver_id_users_id_fk" FOREIGN KEY ("sales_approver_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_model_versions" ADD CONSTRAINT "scoring_model_versions_rejected_by_users_id_fk" FOREIGN KEY ("rejected_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_scores_total_idx" ON "person_scores" USING btree ("total");--> statement-breakpoint
CREATE INDEX "score_history_person_idx" ON "score_history" USING btree ("person_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_model_versions_number_unique" ON "scoring_model_versions" USING btree ("number");--> statement-breakpoint
CREATE TRIGGER score_history_append_only BEFORE UPDATE OR DELETE ON score_history
  FOR EACH ROW EXECUTE FUNCTION tasuki_append_only();
