CREATE TABLE "campaign_members" (
	"campaign_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text DEFAULT 'added' NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	"added_by" uuid,
	CONSTRAINT "campaign_members_campaign_id_person_id_pk" PRIMARY KEY("campaign_id","person_id"),
	CONSTRAINT "campaign_members_status_check" CHECK (status in ('added', 'invited', 'registered', 'attended', 'responded'))
);
--> statement-breakpoint
ALTER TABLE "campaign_members" ADD CONSTRAINT "campaign_members_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD CONSTRAINT "campaign_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_members" ADD CONSTRAINT "campaign_members_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_members_person_idx" ON "campaign_members" USING btree ("person_id");