CREATE TABLE "business_calendars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid,
	"workdays" integer[],
	"work_start_minute" integer,
	"work_end_minute" integer,
	"national_holidays" boolean,
	"company_holidays" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "business_calendars_company_complete" CHECK (team_id is not null or (workdays is not null and work_start_minute is not null and work_end_minute is not null and national_holidays is not null and company_holidays is not null))
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"last_status_code" integer,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliveries_status_check" CHECK (status in ('pending', 'sending', 'delivered', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "handoffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"opportunity_id" uuid,
	"from_team_id" uuid NOT NULL,
	"to_team_id" uuid NOT NULL,
	"created_by" uuid,
	"why_now" text NOT NULL,
	"engaged_activity_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"temperature" text,
	"note" text,
	"assignee_user_id" uuid,
	"state" text DEFAULT 'pending' NOT NULL,
	"sla_policy_id" uuid NOT NULL,
	"sla_business_minutes" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"at_risk_at" timestamp with time zone NOT NULL,
	"at_risk_notified_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"escalated_to_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"rejection_reason_id" uuid,
	"rejection_comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "handoffs_state_check" CHECK (state in ('pending', 'accepted', 'rejected', 'expired_escalated')),
	CONSTRAINT "handoffs_temperature_check" CHECK (temperature is null or temperature in ('hot', 'warm', 'cold')),
	CONSTRAINT "handoffs_teams_check" CHECK (from_team_id <> to_team_id),
	CONSTRAINT "handoffs_rejection_check" CHECK (state <> 'rejected' or (rejection_reason_id is not null and rejection_comment is not null))
);
--> statement-breakpoint
CREATE TABLE "notification_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"config" jsonb NOT NULL,
	"secret" text,
	"events" text[] NOT NULL,
	"team_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "notification_channels_kind_check" CHECK (kind in ('slack', 'teams', 'chatwork', 'webhook'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"type" text NOT NULL,
	"handoff_id" uuid,
	"message_ja" text NOT NULL,
	"message_en" text NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rejection_reasons" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"label_ja" text NOT NULL,
	"label_en" text NOT NULL,
	"disqualifies" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "relay_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" text NOT NULL,
	"event_key" text NOT NULL,
	"handoff_id" uuid,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "relay_events_type_check" CHECK (type in ('handoff.created', 'handoff.accepted', 'handoff.rejected', 'handoff.at_risk', 'handoff.breached'))
);
--> statement-breakpoint
CREATE TABLE "relay_team_settings" (
	"team_id" uuid PRIMARY KEY NOT NULL,
	"assignment_mode" text DEFAULT 'queue' NOT NULL,
	"last_assigned_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "relay_team_settings_mode_check" CHECK (assignment_mode in ('queue', 'round_robin', 'least_loaded'))
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_team_id" uuid NOT NULL,
	"to_team_id" uuid NOT NULL,
	"goal" text NOT NULL,
	"business_minutes" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "sla_policies_goal_check" CHECK (goal in ('first_action', 'accept')),
	CONSTRAINT "sla_policies_minutes_check" CHECK (business_minutes > 0)
);
--> statement-breakpoint
ALTER TABLE "business_calendars" ADD CONSTRAINT "business_calendars_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_channel_id_notification_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."notification_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_event_id_relay_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."relay_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_from_team_id_teams_id_fk" FOREIGN KEY ("from_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_to_team_id_teams_id_fk" FOREIGN KEY ("to_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_sla_policy_id_sla_policies_id_fk" FOREIGN KEY ("sla_policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_escalated_to_user_id_users_id_fk" FOREIGN KEY ("escalated_to_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_rejection_reason_id_rejection_reasons_id_fk" FOREIGN KEY ("rejection_reason_id") REFERENCES "public"."rejection_reasons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_event_id_relay_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."relay_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_handoff_id_handoffs_id_fk" FOREIGN KEY ("handoff_id") REFERENCES "public"."handoffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_events" ADD CONSTRAINT "relay_events_handoff_id_handoffs_id_fk" FOREIGN KEY ("handoff_id") REFERENCES "public"."handoffs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_team_settings" ADD CONSTRAINT "relay_team_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relay_team_settings" ADD CONSTRAINT "relay_team_settings_last_assigned_user_id_users_id_fk" FOREIGN KEY ("last_assigned_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_from_team_id_teams_id_fk" FOREIGN KEY ("from_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_to_team_id_teams_id_fk" FOREIGN KEY ("to_team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendars_team_unique" ON "business_calendars" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendars_company_unique" ON "business_calendars" USING btree ((team_id is null)) WHERE team_id is null;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_idempotency_key_unique" ON "deliveries" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("next_attempt_at") WHERE status in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "deliveries_channel_idx" ON "deliveries" USING btree ("channel_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "handoffs_one_pending_per_person" ON "handoffs" USING btree ("person_id") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "handoffs_to_team_idx" ON "handoffs" USING btree ("to_team_id","state","due_at");--> statement-breakpoint
CREATE INDEX "handoffs_from_team_idx" ON "handoffs" USING btree ("from_team_id","created_at");--> statement-breakpoint
CREATE INDEX "handoffs_assignee_idx" ON "handoffs" USING btree ("assignee_user_id","state");--> statement-breakpoint
CREATE INDEX "handoffs_person_idx" ON "handoffs" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE INDEX "handoffs_created_idx" ON "handoffs" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "handoffs_pending_due_idx" ON "handoffs" USING btree ("due_at") WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX "handoffs_pending_at_risk_idx" ON "handoffs" USING btree ("at_risk_at") WHERE state = 'pending' and at_risk_notified_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_event_unique" ON "notifications" USING btree ("user_id","event_id");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "rejection_reasons_key_unique" ON "rejection_reasons" USING btree ("key");--> statement-breakpoint
CREATE UNIQUE INDEX "relay_events_key_unique" ON "relay_events" USING btree ("event_key");--> statement-breakpoint
CREATE INDEX "relay_events_handoff_idx" ON "relay_events" USING btree ("handoff_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_edge_unique" ON "sla_policies" USING btree ("from_team_id","to_team_id");