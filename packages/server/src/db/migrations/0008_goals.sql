CREATE TABLE "goal_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"goal_id" uuid NOT NULL,
	"month" text NOT NULL,
	"current_numbers" text NOT NULL,
	"next_actions" text NOT NULL,
	"due_on" date,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_month_targets" (
	"goal_id" uuid NOT NULL,
	"month" text NOT NULL,
	"revenue" bigint NOT NULL,
	CONSTRAINT "goal_month_targets_goal_id_month_pk" PRIMARY KEY("goal_id","month"),
	CONSTRAINT "goal_month_targets_revenue_check" CHECK (revenue >= 0)
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"period_kind" text NOT NULL,
	"fiscal_year" integer NOT NULL,
	"fiscal_year_start_month" integer DEFAULT 4 NOT NULL,
	"quarter" integer,
	"month" text,
	"team_id" uuid,
	"owner_id" uuid,
	"assumption_overrides" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "goals_period_kind_check" CHECK (period_kind in ('month', 'quarter', 'fiscal_year')),
	CONSTRAINT "goals_start_month_check" CHECK (fiscal_year_start_month between 1 and 12),
	CONSTRAINT "goals_quarter_check" CHECK ((period_kind = 'quarter') = (quarter is not null)),
	CONSTRAINT "goals_month_check" CHECK ((period_kind = 'month') = (month is not null))
);
--> statement-breakpoint
ALTER TABLE "goal_comments" ADD CONSTRAINT "goal_comments_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_comments" ADD CONSTRAINT "goal_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_month_targets" ADD CONSTRAINT "goal_month_targets_goal_id_goals_id_fk" FOREIGN KEY ("goal_id") REFERENCES "public"."goals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "goal_comments_goal_idx" ON "goal_comments" USING btree ("goal_id","month","created_at");--> statement-breakpoint
CREATE INDEX "goals_fiscal_year_idx" ON "goals" USING btree ("fiscal_year","created_at");