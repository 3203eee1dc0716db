ALTER TABLE "handoffs" DROP CONSTRAINT "handoffs_state_check";--> statement-breakpoint
DROP INDEX "handoffs_one_pending_per_person";--> statement-breakpoint
ALTER TABLE "handoffs" ADD COLUMN "response_business_minutes" integer;--> statement-breakpoint
ALTER TABLE "rejection_reasons" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "rejection_reasons" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "handoffs_one_open_per_person" ON "handoffs" USING btree ("person_id") WHERE state in ('pending', 'expired_escalated');--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_state_check" CHECK (state in ('pending', 'accepted', 'rejected', 'expired_escalated', 'withdrawn'));