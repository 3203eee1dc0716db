ALTER TABLE "person_scores" DROP CONSTRAINT "person_scores_model_version_id_scoring_model_versions_id_fk";
--> statement-breakpoint
ALTER TABLE "score_history" DROP CONSTRAINT "score_history_person_id_people_id_fk";
--> statement-breakpoint
ALTER TABLE "score_history" DROP CONSTRAINT "score_history_model_version_id_scoring_model_versions_id_fk";
