CREATE TABLE "analytics_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "business_days" (
	"day" date PRIMARY KEY NOT NULL,
	"ordinal" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_funnel" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"company_id" uuid,
	"owner_id" uuid,
	"team_id" uuid,
	"source" text,
	"industry" text,
	"employee_band" text,
	"lead_at" timestamp with time zone,
	"mql_at" timestamp with time zone,
	"sal_at" timestamp with time zone,
	"sql_at" timestamp with time zone,
	"opportunity_at" timestamp with time zone,
	"won_at" timestamp with time zone,
	"lost_at" timestamp with time zone,
	"customer_at" timestamp with time zone,
	"recycled_at" timestamp with time zone,
	"disqualified_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "person_funnel" ADD CONSTRAINT "person_funnel_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_funnel_lead_idx" ON "person_funnel" USING btree ("lead_at");--> statement-breakpoint
CREATE INDEX "person_funnel_mql_idx" ON "person_funnel" USING btree ("mql_at") WHERE mql_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_sal_idx" ON "person_funnel" USING btree ("sal_at") WHERE sal_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_sql_idx" ON "person_funnel" USING btree ("sql_at") WHERE sql_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_opportunity_idx" ON "person_funnel" USING btree ("opportunity_at") WHERE opportunity_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_won_idx" ON "person_funnel" USING btree ("won_at") WHERE won_at is not null;--> statement-breakpoint
CREATE INDEX "person_funnel_company_idx" ON "person_funnel" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "person_funnel_owner_idx" ON "person_funnel" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "person_funnel_team_idx" ON "person_funnel" USING btree ("team_id");