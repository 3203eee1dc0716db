import { DEFINITION_VERSION_STATUSES } from "@tasuki/domain";
import { z } from "zod";
import { dateSchema, idSchema, instantSchema, userRefSchema } from "./common.ts";
import { jobSchema } from "./definitions.ts";

export const scoringModelConfigSchema = z
  .object({
    fitRules: z
      .array(
        z.object({
          label: z.string().trim().min(1).max(100),
          condition: z
            .string()
            .min(1)
            .max(2000)
            .describe("Rule language, profile only, e.g. `company.employees >= 100`"),
          points: z.number().int().min(-100).max(100),
        }),
      )
      .max(50),
    engagementRules: z
      .array(
        z.object({
          label: z.string().trim().min(1).max(100),
          activities: z
            .array(z.string().min(1).max(50))
            .min(1)
            .max(10)
            .describe("Activity words: 資料請求, ウェビナー, 展示会 …"),
          points: z.number().int().min(-100).max(100),
          maxPerDay: z.number().int().min(1).max(100).default(1),
        }),
      )
      .max(50),
    halfLifeDays: z.number().min(1).max(3650).default(30),
    weights: z
      .object({ fit: z.number().min(0).max(10), engagement: z.number().min(0).max(10) })
      .default({ fit: 1, engagement: 1 }),
  })
  .meta({ id: "ScoringModelConfig" });

export const scoringModelVersionSchema = z
  .object({
    id: idSchema,
    number: z.number().int(),
    status: z.enum(DEFINITION_VERSION_STATUSES),
    config: scoringModelConfigSchema,
    changeNote: z.string().nullable(),
    author: userRefSchema.nullable(),
    createdAt: instantSchema,
    marketingApproval: z.object({ by: userRefSchema, at: instantSchema }).nullable(),
    salesApproval: z.object({ by: userRefSchema, at: instantSchema }).nullable(),
    rejection: z.object({ by: userRefSchema, at: instantSchema, comment: z.string() }).nullable(),
    approvedAt: instantSchema.nullable(),
  })
  .meta({ id: "ScoringModelVersion" });

export const scoringModelSchema = z.object({
  current: scoringModelVersionSchema.nullable(),
  open: scoringModelVersionSchema.nullable(),
  versions: z.array(scoringModelVersionSchema),
});

export const proposeScoringModelRequestSchema = z.object({
  config: scoringModelConfigSchema,
  changeNote: z.string().trim().max(2000).nullable().optional(),
});

export const approveScoringModelResponseSchema = z.object({
  model: scoringModelSchema,
  rescore: jobSchema.nullable(),
});

export const scoreLineSchema = z.object({
  part: z.enum(["fit", "engagement"]),
  kind: z.enum(["rule", "activity", "decay", "cap"]),
  label: z.string(),
  points: z.number().int(),
  ageDays: z.number().int().optional(),
});

export const personScoreSchema = z
  .object({
    personId: idSchema,
    fit: z.number().int(),
    engagement: z.number().int(),
    total: z.number().int(),
    computedAt: instantSchema
      .nullable()
      .describe("When the stored score was computed; null when not scored yet"),
    modelVersion: z.object({ id: idSchema, number: z.number().int() }).nullable(),
    explanation: z.array(scoreLineSchema).describe("Lines of each part add up to that part"),
  })
  .meta({ id: "PersonScore" });

export const scoreHistorySchema = z.object({
  items: z.array(
    z.object({
      at: instantSchema,
      fit: z.number().int(),
      engagement: z.number().int(),
      total: z.number().int(),
      reason: z.string(),
      modelVersionNumber: z.number().int(),
    }),
  ),
});

export const calibrationQuerySchema = z.object({ from: dateSchema, to: dateSchema });

const outcomeCountsSchema = z.object({
  people: z.number().int(),
  reachedSql: z.number().int(),
  reachedOpportunity: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  winRate: z.number().nullable().describe("won / (won + lost); only closed deals count"),
});

export const scoringCalibrationSchema = z
  .object({
    from: dateSchema,
    to: dateSchema,
    asOfDays: z.number().int().describe("Each person is scored as of this many days after entering"),
    modelVersion: z.object({ id: idSchema, number: z.number().int() }).nullable(),
    cohort: z.number().int(),
    sampled: z
      .boolean()
      .describe("True when the cohort was larger than the limit and the first people by id were used"),
    deciles: z.array(
      outcomeCountsSchema.extend({
        decile: z.number().int(),
        minTotal: z.number().int(),
        maxTotal: z.number().int(),
      }),
    ),
    agreement: z.array(
      outcomeCountsSchema.extend({ band: z.enum(["high", "middle", "low"]), temperature: z.string() }),
    ),
    regression: z
      .object({ intercept: z.number(), fit: z.number(), engagement: z.number(), converged: z.boolean() })
      .nullable(),
    current: z.object({
      weights: z.object({ fit: z.number(), engagement: z.number() }),
      auc: z.number().nullable(),
    }),
    suggested: z
      .object({ weights: z.object({ fit: z.number(), engagement: z.number() }), auc: z.number().nullable() })
      .nullable(),
    suggestedConfig: scoringModelConfigSchema
      .nullable()
      .describe("The model in force with the suggested weights, ready to propose"),
  })
  .meta({ id: "ScoringCalibration" });
