import {
  ANALYTICS_STAGES,
  EMPLOYEE_BANDS,
  FUNNEL_STAGES,
  INDUSTRIES,
  LIFECYCLE_STAGES,
  MARKETING_KPIS,
  OPPORTUNITY_STAGES,
} from "@tasuki/domain";
import { z } from "zod";
import { dateSchema, idSchema, instantSchema, inYears, LIMITS } from "./common.ts";

/**
 * The filter every analytics operation takes (and the goals service passes to funnel/velocity).
 * Dates are JST calendar days, both inclusive; the default period is the twelve whole months
 * before today plus this month. Every other field narrows by the person's current attributes.
 */
export const analyticsFilterSchema = z.object({
  from: dateSchema.optional().describe("First JST day of the period (inclusive)"),
  to: dateSchema.optional().describe("Last JST day of the period (inclusive)"),
  teamId: idSchema.optional().describe("The person's current team"),
  ownerId: idSchema.optional().describe("The person's current owner"),
  campaignId: idSchema.optional().describe("People with at least one activity credited to the campaign"),
  industry: z.enum(INDUSTRIES).optional().describe("The industry of the person's company"),
  employeeBand: z.enum(EMPLOYEE_BANDS).optional().describe("The employee band of the person's company"),
  source: z.string().trim().min(1).max(LIMITS.textShort).optional().describe("The person's source (流入元)"),
});
export type AnalyticsFilterInput = z.infer<typeof analyticsFilterSchema>;

/** The filter as applied: the period is always explicit in responses. */
export const resolvedAnalyticsFilterSchema = analyticsFilterSchema
  .extend({ from: dateSchema, to: dateSchema })
  .meta({ id: "AnalyticsFilter" });
export type AnalyticsFilter = z.infer<typeof resolvedAnalyticsFilterSchema>;

export const ANALYTICS_VIEWS = ["cohort", "period"] as const;
export type AnalyticsView = (typeof ANALYTICS_VIEWS)[number];

const monthSchema = inYears(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)).describe("JST month, YYYY-MM");
const rateSchema = z.number().nullable().describe("0–1; null when the denominator is 0");
const funnelStageSchema = z.enum(FUNNEL_STAGES);

/** Says which records a response counted: call listAnalyticsRecords with this metric and the cell's coordinates. */
const recordsSchema = z
  .object({ operationId: z.literal("listAnalyticsRecords"), metric: z.string() })
  .meta({ id: "AnalyticsRecordsRef" });

export const funnelQuerySchema = analyticsFilterSchema.extend({
  view: z.enum(ANALYTICS_VIEWS).default("cohort"),
});

const funnelStepSchema = z.object({
  fromStage: funnelStageSchema,
  toStage: funnelStageSchema,
  entered: z.number().int().describe("People who first reached fromStage in the period (or month)"),
  converted: z
    .number()
    .int()
    .describe(
      "Cohort: of those, reached toStage (any time). Period: first reached toStage in the same window",
    ),
  rate: rateSchema,
});
export type FunnelStep = z.infer<typeof funnelStepSchema>;

export const funnelSchema = z
  .object({
    filter: resolvedAnalyticsFilterSchema,
    view: z.enum(ANALYTICS_VIEWS),
    stages: z
      .array(z.object({ stage: z.enum(ANALYTICS_STAGES), people: z.number().int() }))
      .describe(
        "Cohort: people who entered (lead) in the period and ever reached the stage. Period: people who first reached it in the period",
      ),
    steps: z.array(funnelStepSchema),
    months: z.array(z.object({ month: monthSchema, steps: z.array(funnelStepSchema) })),
    records: recordsSchema,
  })
  .meta({ id: "Funnel" });
export type Funnel = z.infer<typeof funnelSchema>;

const velocityStepSchema = z.object({
  fromStage: funnelStageSchema,
  toStage: funnelStageSchema,
  people: z.number().int().describe("People who first reached toStage in the window, after fromStage"),
  medianDays: z.number().nullable().describe("Median business days; null without people"),
  meanDays: z.number().nullable().describe("Mean business days; null without people"),
});
export type VelocityStep = z.infer<typeof velocityStepSchema>;

export const velocitySchema = z
  .object({
    filter: resolvedAnalyticsFilterSchema,
    steps: z.array(velocityStepSchema),
    months: z.array(z.object({ month: monthSchema, steps: z.array(velocityStepSchema) })),
    records: recordsSchema,
  })
  .meta({ id: "Velocity" });
export type Velocity = z.infer<typeof velocitySchema>;

export const stageProgressionSchema = z
  .object({
    filter: resolvedAnalyticsFilterSchema,
    stages: z.array(
      z.object({
        stage: z.enum(LIFECYCLE_STAGES),
        moves: z.number().int().describe("Stage changes into the stage, re-entries included"),
        people: z.number().int().describe("Distinct people among those moves"),
      }),
    ),
    months: z.array(
      z.object({
        month: monthSchema,
        stages: z.array(
          z.object({ stage: z.enum(LIFECYCLE_STAGES), moves: z.number().int(), people: z.number().int() }),
        ),
      }),
    ),
    records: recordsSchema,
  })
  .meta({ id: "StageProgression" });
export type StageProgression = z.infer<typeof stageProgressionSchema>;

const reasonSchema = z.object({ id: idSchema, key: z.string(), labelJa: z.string(), labelEn: z.string() });
export const reasonTrendSchema = z
  .object({
    filter: resolvedAnalyticsFilterSchema,
    reasons: z.array(reasonSchema.extend({ count: z.number().int(), share: rateSchema })),
    total: z.number().int(),
    months: z.array(
      z.object({
        month: monthSchema,
        total: z.number().int(),
        reasons: z.array(z.object({ reasonId: idSchema, count: z.number().int() })),
      }),
    ),
    records: recordsSchema,
  })
  .meta({ id: "ReasonTrend" });
export type ReasonTrend = z.infer<typeof reasonTrendSchema>;

const responseCellSchema = z.object({
  touched: z.number().int().describe("People with any marketing touch in the window"),
  responded: z.number().int().describe("Of those, people with a response activity"),
  rate: rateSchema,
});
export const industryResponseSchema = z
  .object({
    filter: resolvedAnalyticsFilterSchema,
    industries: z.array(
      responseCellSchema.extend({
        industry: z.enum(INDUSTRIES).nullable().describe("null: company unknown or without industry"),
        months: z.array(responseCellSchema.extend({ month: monthSchema })),
      }),
    ),
    records: recordsSchema,
  })
  .meta({ id: "IndustryResponse" });
export type IndustryResponse = z.infer<typeof industryResponseSchema>;

const kpiValueSchema = z.object({
  value: z
    .number()
    .nullable()
    .describe("A count, a yen amount, or a 0–1 rate (null when the denominator is 0)"),
  numerator: z.number().int().nullable().describe("Rates: the counted records"),
  denominator: z.number().int().nullable().describe("Rates: the base"),
});
export const marketingKpisSchema = z
  .object({
    filter: resolvedAnalyticsFilterSchema,
    kpis: z.array(kpiValueSchema.extend({ kpi: z.enum(MARKETING_KPIS) })),
    months: z.array(
      z.object({ month: monthSchema, kpis: z.array(kpiValueSchema.extend({ kpi: z.enum(MARKETING_KPIS) })) }),
    ),
    records: recordsSchema,
  })
  .meta({ id: "MarketingKpis" });
export type MarketingKpis = z.infer<typeof marketingKpisSchema>;

/**
 * パイプライン金額 as every screen shows it (board, home, dashboard tile): open deals as of now,
 * whenever created. No period: the pipeline is a snapshot. Person filters as in analytics;
 * `dealOwnerId` narrows to the deals a user owns (the board's and home page's 「自分の商談」).
 */
export const pipelineQuerySchema = analyticsFilterSchema.omit({ from: true, to: true }).extend({
  dealOwnerId: idSchema.optional().describe("The deal's owner (opportunities.owner_id)"),
});
export type PipelineQuery = z.infer<typeof pipelineQuerySchema>;

const pipelineAmountSchema = z.object({
  count: z.number().int().describe("Open deals"),
  amount: z.number().describe("Sum of their amounts, yen"),
});
export const pipelineSchema = pipelineAmountSchema
  .extend({
    stages: z.array(pipelineAmountSchema.extend({ stage: z.enum(OPPORTUNITY_STAGES) })),
    records: recordsSchema.extend({ kpi: z.literal("pipelineAmount") }),
  })
  .meta({ id: "Pipeline" });
export type Pipeline = z.infer<typeof pipelineSchema>;

/** What a number can be drilled into; each names the cell coordinates it needs. */
export const ANALYTICS_METRICS = [
  "funnel_stage",
  "funnel_step",
  "velocity",
  "progression",
  "lost_reasons",
  "rejection_reasons",
  "industry_response",
  "kpi",
] as const;
export type AnalyticsMetric = (typeof ANALYTICS_METRICS)[number];

export const ANALYTICS_PARTS = ["entered", "converted"] as const;

export const listAnalyticsRecordsQuerySchema = analyticsFilterSchema.extend({
  metric: z.enum(ANALYTICS_METRICS),
  view: z.enum(ANALYTICS_VIEWS).default("cohort").describe("funnel_stage, funnel_step"),
  stage: z.enum(LIFECYCLE_STAGES).optional().describe("funnel_stage, progression"),
  fromStage: funnelStageSchema.optional().describe("funnel_step, velocity"),
  toStage: funnelStageSchema.optional().describe("funnel_step, velocity"),
  part: z
    .enum(ANALYTICS_PARTS)
    .default("entered")
    .describe(
      "funnel_step: entered or converted; industry_response and rate KPIs: entered = base, converted = counted",
    ),
  month: monthSchema.optional().describe("Narrow to one JST month of the cell"),
  reasonId: idSchema.optional().describe("lost_reasons, rejection_reasons"),
  responseIndustry: z
    .enum([...INDUSTRIES, "none"])
    .optional()
    .describe("industry_response: the row's industry, `none` for people without one"),
  kpi: z.enum(MARKETING_KPIS).optional().describe("kpi"),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
});
export type ListAnalyticsRecordsQuery = z.infer<typeof listAnalyticsRecordsQuerySchema>;

export const ANALYTICS_RECORD_KINDS = [
  "person",
  "opportunity",
  "handoff",
  "activity",
  "stage_change",
] as const;

export const analyticsRecordSchema = z
  .object({
    kind: z.enum(ANALYTICS_RECORD_KINDS),
    id: idSchema,
    personId: idSchema.nullable(),
    personName: z.string().nullable().describe("姓 名"),
    companyName: z.string().nullable(),
    /** The instant that placed the record in the cell (stage reached, closed, decided, occurred). */
    at: instantSchema,
    label: z.string().nullable().describe("Stage, reason, activity type or opportunity name"),
    amount: z.number().int().nullable(),
    businessDays: z.number().int().nullable().describe("velocity: business days of this person's step"),
  })
  .meta({ id: "AnalyticsRecord" });
export type AnalyticsRecord = z.infer<typeof analyticsRecordSchema>;

export const analyticsRecordPageSchema = z
  .object({
    total: z.number().int().describe("How many records the number counted; equals the number drilled into"),
    items: z.array(analyticsRecordSchema),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "AnalyticsRecordPage" });
export type AnalyticsRecordPage = z.infer<typeof analyticsRecordPageSchema>;
