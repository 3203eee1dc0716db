ALTER TABLE "opportunities" ADD COLUMN "renewal_on" date;--> statement-breakpoint
CREATE INDEX "opportunities_renewal_idx" ON "opportunities" USING btree ("renewal_on");