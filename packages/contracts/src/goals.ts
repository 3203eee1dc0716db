import { GOAL_PERIODS, PLAN_STAGES, PLAN_STEPS } from "@tasuki/domain";
import { z } from "zod";
import { analyticsRecordSchema } from "./analytics.ts";
import {
  dateSchema,
  idSchema,
  instantSchema,
  inYears,
  LIMITS,
  shortText,
  teamRefSchema,
  userRefSchema,
  versionSchema,
  yenSchema,
} from "./common.ts";

/** A JST calendar month, `YYYY-MM`. */
export const monthSchema = inYears(
  z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM の形式で入力してください / use the form YYYY-MM"),
).describe("A JST calendar month, YYYY-MM");

const rateSchema = z.number().gt(0).max(1).describe("Share converting to the next stage, 0 < rate ≤ 1");
const lagSchema = z.number().min(0).max(1250).describe("Business days (営業日) to the next stage");

function perStep<T extends z.ZodType>(value: T) {
  return z.object(
    Object.fromEntries(PLAN_STEPS.map((step) => [step, value])) as Record<(typeof PLAN_STEPS)[number], T>,
  );
}

/** Assumptions the goal overrides; a missing or null value means "use the historical value". */
export const assumptionOverridesSchema = z
  .object({
    averageDealSize: yenSchema.min(1).nullable().optional(),
    conversionRates: perStep(rateSchema.nullable().optional()).partial().optional(),
    lagBusinessDays: perStep(lagSchema.nullable().optional()).partial().optional(),
  })
  .meta({ id: "GoalAssumptionOverrides" });

export const monthlyTargetSchema = z.object({ month: monthSchema, revenue: yenSchema });

const goalScopeFields = {
  teamId: idSchema.nullable().optional().describe("Count only this team's records (owner's team)"),
  ownerId: idSchema.nullable().optional().describe("Count only this owner's records"),
};

export const createGoalRequestSchema = z
  .object({
    name: shortText(),
    periodKind: z.enum(GOAL_PERIODS),
    fiscalYear: z.number().int().min(2000).max(2100).describe("年度, named by the year it starts in"),
    fiscalYearStartMonth: z.number().int().min(1).max(12).default(4),
    quarter: z.number().int().min(1).max(4).nullable().optional().describe("1–4 for a quarter goal"),
    month: monthSchema.nullable().optional().describe("The month of a month goal"),
    totalTarget: yenSchema
      .optional()
      .describe("Spread evenly over the period's months (yen remainder first)"),
    monthlyTargets: z.array(monthlyTargetSchema).max(12).optional().describe("One per month of the period"),
    ...goalScopeFields,
    assumptions: assumptionOverridesSchema.optional(),
  })
  .superRefine((goal, ctx) => {
    if (goal.periodKind === "quarter" && !goal.quarter) {
      ctx.addIssue({
        code: "custom",
        path: ["quarter"],
        message: "四半期を選んでください / choose a quarter",
      });
    }
    if (goal.periodKind === "month" && !goal.month) {
      ctx.addIssue({ code: "custom", path: ["month"], message: "月を選んでください / choose a month" });
    }
    if ((goal.totalTarget === undefined) === (goal.monthlyTargets === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["monthlyTargets"],
        message:
          "期間の目標額か月別の目標額のどちらか一方を入力してください / give either totalTarget or monthlyTargets",
      });
    }
  });
export type CreateGoalInput = z.output<typeof createGoalRequestSchema>;

export const updateGoalRequestSchema = z.object({
  name: shortText().optional(),
  monthlyTargets: z.array(monthlyTargetSchema).max(12).optional(),
  ...goalScopeFields,
  assumptions: assumptionOverridesSchema
    .optional()
    .describe("Replaces the overrides; null values use history"),
  version: versionSchema,
});
export type UpdateGoalInput = z.output<typeof updateGoalRequestSchema>;

export const ASSUMPTION_SOURCES = ["override", "historical", "missing"] as const;
export const assumptionValueSchema = z
  .object({
    override: z.number().nullable(),
    historical: z.number().nullable().describe("From the analytics metric over the historical window"),
    /** How many records the historical value rests on (people entering the step, or won deals). */
    sampleSize: z.number().int().nullable(),
    effective: z.number().nullable(),
    source: z.enum(ASSUMPTION_SOURCES),
  })
  .meta({ id: "GoalAssumptionValue" });

export const goalAssumptionsSchema = z
  .object({
    averageDealSize: assumptionValueSchema,
    conversionRates: perStep(assumptionValueSchema),
    lagBusinessDays: perStep(assumptionValueSchema),
    historicalWindow: z.object({
      from: dateSchema,
      to: dateSchema.describe("Inclusive: the twelve whole JST months before the current one"),
      conversion: z.literal("getFunnel:cohort").describe("Historical rates: the cohort view of getFunnel"),
      lag: z.literal("getVelocity:median").describe("Historical lags: median business days of getVelocity"),
      dealSize: z
        .literal("getMarketingKpis:wonAmount")
        .describe("Historical deal size: won amount ÷ won deals of getMarketingKpis"),
    }),
  })
  .meta({ id: "GoalAssumptions" });

export const goalSummarySchema = z
  .object({
    id: idSchema,
    name: z.string(),
    periodKind: z.enum(GOAL_PERIODS),
    fiscalYear: z.number().int(),
    fiscalYearStartMonth: z.number().int(),
    quarter: z.number().int().nullable(),
    month: monthSchema.nullable(),
    months: z.array(monthSchema),
    monthlyTargets: z.array(monthlyTargetSchema),
    totalTarget: z.number().int(),
    team: teamRefSchema.nullable(),
    owner: userRefSchema.nullable(),
    createdBy: userRefSchema.nullable(),
    createdAt: instantSchema,
    updatedAt: instantSchema,
    version: z.number().int(),
  })
  .meta({ id: "GoalSummary" });

export const goalSchema = goalSummarySchema
  .extend({ assumptions: goalAssumptionsSchema })
  .meta({ id: "Goal" });

export const goalListSchema = z.object({ items: z.array(goalSummarySchema) });

const planCellSchema = z.object({
  month: monthSchema,
  required: z.number().describe("Expected number needed (fractional)"),
  count: z.number().int().describe("Whole number to plan for (running total rounded up)"),
  isPast: z.boolean(),
});

export const goalPlanSchema = z
  .object({
    goalId: idSchema,
    currentMonth: monthSchema,
    months: z.array(monthSchema),
    revenue: z.array(
      z.object({ month: monthSchema, target: z.number().int(), inGoal: z.boolean(), isPast: z.boolean() }),
    ),
    totalRevenue: z.number().int(),
    stages: z.array(
      z.object({
        stage: z.enum(PLAN_STAGES),
        cells: z.array(planCellSchema),
        total: z.number(),
        totalCount: z.number().int(),
        pastDueCount: z.number().int(),
      }),
    ),
    businessDaysPerMonth: z.number(),
    assumptions: goalAssumptionsSchema,
  })
  .meta({ id: "GoalPlan" });

export const GOAL_COMMENT_LIMIT = 2000;
export const goalCommentSchema = z
  .object({
    id: idSchema,
    goalId: idSchema,
    month: monthSchema,
    currentNumbers: z.string().describe("今の数字"),
    nextActions: z.string().describe("必要な動き"),
    dueOn: dateSchema.nullable().describe("いつまでに"),
    author: userRefSchema.nullable(),
    createdAt: instantSchema,
    updatedAt: instantSchema,
    version: z.number().int(),
  })
  .meta({ id: "GoalComment" });

const commentFields = {
  currentNumbers: z.string().trim().min(1).max(GOAL_COMMENT_LIMIT),
  nextActions: z.string().trim().min(1).max(GOAL_COMMENT_LIMIT),
  dueOn: dateSchema.nullable().optional(),
};
export const createGoalCommentRequestSchema = z.object({ month: monthSchema, ...commentFields });
export const updateGoalCommentRequestSchema = z.object({
  currentNumbers: commentFields.currentNumbers.optional(),
  nextActions: commentFields.nextActions.optional(),
  dueOn: commentFields.dueOn,
  version: versionSchema,
});
export const goalCommentParamsSchema = z.object({ id: idSchema, commentId: idSchema });

export const MONTH_STATUSES = ["closed", "current", "future"] as const;
export const goalPacingSchema = z
  .object({
    goalId: idSchema,
    method: z
      .literal("pace_ratio")
      .describe(
        "Closed months as they happened; the current and later months at target × pace ratio (actual ÷ target over closed months, 1 before any closed); the current month never below its actual",
      ),
    currentMonth: monthSchema,
    paceRatio: z.number().nullable().describe("Actual ÷ target over the judged closed months"),
    firstDataMonth: monthSchema
      .nullable()
      .describe("The first month anything was recorded; earlier months are never judged short"),
    targetRevenue: z.number().int(),
    actualRevenue: z.number().int(),
    projectedRevenue: z.number().int(),
    projectedGap: z.number().int().describe("Projected minus target; negative is short"),
    revenue: z.array(
      z.object({
        month: monthSchema,
        status: z.enum(MONTH_STATUSES),
        target: z.number().int(),
        actual: z.number().int().nullable(),
        judged: z
          .boolean()
          .describe("Closed, in the goal period and on or after firstDataMonth: can be short"),
        projected: z.number().int(),
        cumulativeTarget: z.number().int(),
        cumulativeActual: z.number().int().nullable(),
        cumulativeProjected: z.number().int(),
      }),
    ),
    stages: z.array(
      z.object({
        stage: z.enum(PLAN_STAGES),
        cells: z.array(
          z.object({
            month: monthSchema,
            status: z.enum(MONTH_STATUSES),
            planned: z.number().int(),
            actual: z.number().int().nullable(),
            judged: z
              .boolean()
              .describe("Closed, in the goal period and on or after firstDataMonth: can be short"),
          }),
        ),
        catchUp: z.number().int().describe("Planned minus actual over the judged months, never negative"),
        neededThisMonth: z.number().int(),
      }),
    ),
    comments: z.array(goalCommentSchema),
  })
  .meta({ id: "GoalPacing" });

/**
 * One goal page in one response: the goal, its plan and its pacing exactly as getGoal, getGoalPlan
 * and getGoalPacing return them, worked out from one read of the history.
 */
export const goalViewSchema = z
  .object({ goal: goalSchema, plan: goalPlanSchema, pacing: goalPacingSchema })
  .meta({ id: "GoalView" });

export const goalRecordsQuerySchema = z.object({
  stage: z.enum(PLAN_STAGES),
  month: monthSchema,
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
});

/**
 * The records behind one pacing actual, listed by listAnalyticsRecords with the same filter that
 * counted them: won deals (`kpi` wonAmount) or people first reaching the stage (`funnel_stage`, period).
 */
export const goalRecordPageSchema = z
  .object({
    stage: z.enum(PLAN_STAGES),
    month: monthSchema,
    total: z.number().int(),
    items: z.array(analyticsRecordSchema),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "GoalRecordPage" });
