import { GOAL_PERIODS } from "@tasuki/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, inList, updatedAt, version } from "./columns.ts";
import { teams, users } from "./schema-core.ts";

/**
 * A revenue goal (目標) for a month, a quarter or a fiscal year (年度). Assumption overrides are
 * stored sparse: a step without a value uses the historical one, computed when the plan is read.
 */
export const goals = pgTable(
  "goals",
  {
    id: id(),
    name: text("name").notNull(),
    periodKind: text("period_kind").notNull(),
    fiscalYear: integer("fiscal_year").notNull(),
    fiscalYearStartMonth: integer("fiscal_year_start_month").notNull().default(4),
    quarter: integer("quarter"),
    month: text("month"),
    teamId: uuid("team_id").references(() => teams.id),
    ownerId: uuid("owner_id").references(() => users.id),
    assumptionOverrides: jsonb("assumption_overrides").notNull().default({}),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index("goals_fiscal_year_idx").on(t.fiscalYear, t.createdAt),
    check("goals_period_kind_check", inList("period_kind", GOAL_PERIODS)),
    check("goals_start_month_check", sql`fiscal_year_start_month between 1 and 12`),
    check("goals_quarter_check", sql`(period_kind = 'quarter') = (quarter is not null)`),
    check("goals_month_check", sql`(period_kind = 'month') = (month is not null)`),
  ],
);

/** The revenue target of each month of a goal's period, in yen. */
export const goalMonthTargets = pgTable(
  "goal_month_targets",
  {
    goalId: uuid("goal_id")
      .notNull()
      .references(() => goals.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    revenue: bigint("revenue", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.goalId, t.month] }),
    check("goal_month_targets_revenue_check", sql`revenue >= 0`),
  ],
);

/** Sales' status beside the pacing of one month: 今の数字, 必要な動き, いつまでに. */
export const goalComments = pgTable(
  "goal_comments",
  {
    id: id(),
    goalId: uuid("goal_id")
      .notNull()
      .references(() => goals.id, { onDelete: "cascade" }),
    month: text("month").notNull(),
    currentNumbers: text("current_numbers").notNull(),
    nextActions: text("next_actions").notNull(),
    dueOn: date("due_on"),
    authorId: uuid("author_id").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index("goal_comments_goal_idx").on(t.goalId, t.month, t.createdAt)],
);
