-- The rescore counts activities per person, JST day and type from activities_person_day_idx alone.
-- Stored as a date and a small integer (generated columns), the day and type cost less per row than
-- the expression over occurred_at and the text they replace (bench/RESCORE.md, session 8). One
-- ALTER TABLE adds both, so the table is rewritten once; the old index goes first, so the rewrite
-- does not rebuild it.
DROP INDEX "activities_person_day_idx";--> statement-breakpoint
ALTER TABLE "activities"
  ADD COLUMN "jst_day" date GENERATED ALWAYS AS (((occurred_at at time zone 'UTC') + interval '9 hours')::date) STORED NOT NULL,
  ADD COLUMN "type_code" smallint GENERATED ALWAYS AS ((case type when 'business_card_exchange' then 1 when 'document_request' then 2 when 'inquiry' then 3 when 'email_open' then 4 when 'email_click' then 5 when 'page_view' then 6 when 'webinar' then 7 when 'call' then 8 when 'meeting' then 9 when 'note' then 10 end)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "activities_person_day_idx" ON "activities" USING btree ("person_id","jst_day","type_code","occurred_at","campaign_id");
