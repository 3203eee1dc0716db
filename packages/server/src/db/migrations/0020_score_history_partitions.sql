-- score_history becomes a table partitioned by "rebuild" (see schema-scoring.ts). The rows so far
-- were written one by one: the existing table becomes partition 0 as it is (no rows copied).
CREATE SEQUENCE "score_history_rebuilds" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
DROP TRIGGER score_history_append_only ON "score_history";--> statement-breakpoint
ALTER TABLE "score_history" RENAME TO "score_history_0";--> statement-breakpoint
ALTER TABLE "score_history_0" ADD COLUMN "rebuild" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "score_history_0" DROP CONSTRAINT "score_history_pkey";--> statement-breakpoint
ALTER TABLE "score_history_0" ADD CONSTRAINT "score_history_0_pkey" PRIMARY KEY("id","rebuild");--> statement-breakpoint
ALTER TABLE "score_history_0" ADD CONSTRAINT "score_history_0_rebuild" CHECK ("rebuild" = 0);--> statement-breakpoint
ALTER INDEX "score_history_person_idx" RENAME TO "score_history_0_person_idx";--> statement-breakpoint
CREATE TABLE "score_history" (LIKE "score_history_0" INCLUDING DEFAULTS) PARTITION BY LIST ("rebuild");--> statement-breakpoint
ALTER TABLE "score_history" ADD CONSTRAINT "score_history_pkey" PRIMARY KEY("id","rebuild");--> statement-breakpoint
CREATE INDEX "score_history_person_idx" ON "score_history" USING btree ("person_id","at");--> statement-breakpoint
ALTER TABLE "score_history" ATTACH PARTITION "score_history_0" FOR VALUES IN (0);--> statement-breakpoint
ALTER SEQUENCE "score_history_id_seq" OWNED BY "score_history"."id";--> statement-breakpoint
CREATE TRIGGER score_history_append_only BEFORE UPDATE OR DELETE ON score_history
  FOR EACH ROW EXECUTE FUNCTION tasuki_append_only();
