DROP INDEX "person_funnel_lead_idx";--> statement-breakpoint
DROP INDEX "person_funnel_mql_idx";--> statement-breakpoint
DROP INDEX "person_funnel_sal_idx";--> statement-breakpoint
DROP INDEX "person_funnel_sql_idx";--> statement-breakpoint
DROP INDEX "person_funnel_opportunity_idx";--> statement-breakpoint
DROP INDEX "person_funnel_won_idx";--> statement-breakpoint
CREATE INDEX "person_funnel_customer_idx" ON "person_funnel" USING btree ("customer_at","won_at") WHERE customer_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_lost_idx" ON "person_funnel" USING btree ("lost_at") WHERE lost_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_recycled_idx" ON "person_funnel" USING btree ("recycled_at") WHERE recycled_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_disqualified_idx" ON "person_funnel" USING btree ("disqualified_at") WHERE disqualified_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_lead_idx" ON "person_funnel" USING btree ("lead_at","mql_at","opportunity_at");--> statement-breakpoint
CREATE INDEX "person_funnel_mql_idx" ON "person_funnel" USING btree ("mql_at","lead_at","sal_at") WHERE mql_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_sal_idx" ON "person_funnel" USING btree ("sal_at","mql_at","sql_at") WHERE sal_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_sql_idx" ON "person_funnel" USING btree ("sql_at","sal_at","opportunity_at") WHERE sql_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_opportunity_idx" ON "person_funnel" USING btree ("opportunity_at","sql_at","won_at") WHERE opportunity_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_won_idx" ON "person_funnel" USING btree ("won_at","opportunity_at","customer_at") WHERE won_at is not null;