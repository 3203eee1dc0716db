-- The search keys fold kana, width and romaji (tasuki_search_key, migration 0028). Re-adding the
-- generated columns fills them for every existing row in one pass; dropping a column drops its
-- trigram index, so both indexes are made again on the new columns.
ALTER TABLE "companies" drop column "search_text";--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "search_text" text GENERATED ALWAYS AS (tasuki_search_key(name, name_kana, corporate_number, domain)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "companies_search_trgm" ON "companies" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
ALTER TABLE "people" drop column "search_text";--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "search_text" text GENERATED ALWAYS AS (tasuki_search_key(family_name || coalesce(given_name, ''), coalesce(family_name_kana, '') || coalesce(given_name_kana, ''), email)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "people_search_trgm" ON "people" USING gin ("search_text" gin_trgm_ops);
