import {
  DEFINITION_VERSION_STATUSES,
  LIFECYCLE_STAGES,
  MATRIX_TEMPERATURES,
  SCORE_BANDS,
  TEMPERATURES,
} from "@tasuki/domain";
import { z } from "zod";
import { dateSchema, idSchema, instantSchema, userRefSchema } from "./common.ts";
import { jobSchema } from "./definitions.ts";

/** A rule's optional English name, shown in English mode; blank means "use the Japanese label". */
const ruleLabelEn = z
  .string()
  .trim()
  .max(100)
  .optional()
  .describe("The rule's name in English mode; the label is shown when absent or blank");

export const scoringModelConfigSchema = z
  .object({
    fitRules: z
      .array(
        z.object({
          label: z.string().trim().min(1).max(100),
          labelEn: ruleLabelEn,
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
          labelEn: ruleLabelEn,
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

/** One side's signature on a scoring model version, with what the signer wrote (null: nothing). */
const scoringApprovalSchema = z.object({
  by: userRefSchema,
  at: instantSchema,
  comment: z.string().nullable(),
});

export const scoringModelVersionSchema = z
  .object({
    id: idSchema,
    number: z.number().int(),
    status: z.enum(DEFINITION_VERSION_STATUSES),
    config: scoringModelConfigSchema,
    changeNote: z.string().nullable(),
    author: userRefSchema.nullable(),
    createdAt: instantSchema,
    marketingApproval: scoringApprovalSchema.nullable(),
    salesApproval: scoringApprovalSchema.nullable(),
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

/** The scoring model has no prose apart from its rules (each rule's label sits on its own row). */
export const approveScoringModelRequestSchema = z.object({ comment: z.string().trim().max(2000).optional() });

export const approveScoringModelResponseSchema = z.object({
  model: scoringModelSchema,
  rescore: jobSchema.nullable(),
});

export const scoreLineSchema = z.object({
  part: z.enum(["fit", "engagement"]),
  kind: z.enum(["rule", "activity", "decay", "cap"]),
  label: z.string(),
  labelEn: z.string().optional().describe("The rule's English name, when it has one"),
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

export const CALIBRATION_TEMPERATURES = MATRIX_TEMPERATURES;

export const calibrationQuerySchema = z.object({ from: dateSchema, to: dateSchema });

const outcomeCountsSchema = z.object({
  people: z.number().int(),
  reachedSql: z.number().int(),
  reachedOpportunity: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  winRate: z.number().nullable().describe("won / (won + lost); only closed deals count"),
});

const rankingQualitySchema = z.object({
  auc: z.number().nullable().describe("Chance a random converter scores above a random non-converter"),
  topConversion: z
    .number()
    .nullable()
    .describe("Share of the top `topShare` by score that reached an opportunity"),
  topWon: z.number().nullable().describe("Share of the top `topShare` by score that won"),
});

const ruleCoefficientSchema = z.object({
  index: z.number().int().describe("Position of the rule in fitRules / engagementRules"),
  label: z.string(),
  labelEn: z.string().optional().describe("The rule's English name, when it has one"),
  currentPoints: z.number().int(),
  coefficient: z
    .number()
    .describe("Log-odds of reaching an opportunity: per firing (fit) or per fresh activity (engagement)"),
  suggestedPoints: z.number().int(),
  exposure: z.number().describe("Fit: share of people it fired for. Engagement: mean decayed activities"),
  evidence: z.boolean().describe("False when the rule never applied in the sample; its points are kept"),
});

export const ruleReweightingSchema = z
  .object({
    evaluation: z
      .enum(["held_out", "in_sample"])
      .describe("held_out: fitted on 3/4 of the cohort (by person id), measured on the other 1/4"),
    trainPeople: z.number().int(),
    evaluatedPeople: z.number().int(),
    evaluatedConverted: z.number().int(),
    topShare: z.number(),
    intercept: z.number(),
    converged: z.boolean(),
    scale: z.number().describe("Points per unit of log-odds"),
    fit: z.array(ruleCoefficientSchema),
    engagement: z.array(ruleCoefficientSchema),
    current: rankingQualitySchema,
    suggested: rankingQualitySchema,
  })
  .meta({ id: "RuleReweighting" });

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
      outcomeCountsSchema.extend({
        band: z.enum(SCORE_BANDS),
        temperature: z.enum(CALIBRATION_TEMPERATURES),
      }),
    ),
    bands: z
      .array(
        z.object({
          band: z.enum(SCORE_BANDS),
          people: z.number().int(),
          minTotal: z.number().int().nullable(),
          maxTotal: z.number().int().nullable(),
        }),
      )
      .describe("Score bands by decile: 高 = deciles 8–10 (top 30%), 中 = 4–7, 低 = 1–3"),
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
    rules: ruleReweightingSchema
      .nullable()
      .describe("Points of every rule fitted to outcomes; null without both outcomes in the cohort"),
    suggestedConfig: scoringModelConfigSchema
      .nullable()
      .describe(
        "Ready to propose: the model in force with the fitted points per rule (weights 1:1), or with the suggested fit/engagement weights when no per-rule fit was possible",
      ),
  })
  .meta({ id: "ScoringCalibration" });

export const CALIBRATION_OUTCOMES = ["reachedSql", "reachedOpportunity", "won", "lost"] as const;

export const listCalibrationPeopleQuerySchema = calibrationQuerySchema.extend({
  decile: z.coerce.number().int().min(1).max(10).optional().describe("1 = lowest tenth by total score"),
  band: z.enum(SCORE_BANDS).optional().describe("高 = deciles 8–10, 中 = 4–7, 低 = 1–3"),
  temperature: z.enum(CALIBRATION_TEMPERATURES).optional().describe("`none` = not set"),
  outcome: z.enum(CALIBRATION_OUTCOMES).optional().describe("Only people who reached this outcome"),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const calibrationPersonSchema = z
  .object({
    person: z.object({
      id: idSchema,
      name: z.string().describe("姓 名"),
      companyName: z.string().nullable(),
      stage: z.enum(LIFECYCLE_STAGES),
      temperature: z.enum(TEMPERATURES).nullable(),
    }),
    fit: z.number().int().describe("As of entry + asOfDays, as counted in the report"),
    engagement: z.number().int(),
    total: z.number().int(),
    decile: z.number().int(),
    band: z.enum(SCORE_BANDS),
    holdout: z.boolean().describe("Held out of the per-rule fit, used to measure its lift"),
    reachedSql: z.boolean(),
    reachedOpportunity: z.boolean(),
    won: z.boolean(),
    lost: z.boolean(),
  })
  .meta({ id: "CalibrationPerson" });

export const calibrationPeoplePageSchema = z.object({
  items: z.array(calibrationPersonSchema),
  nextCursor: z.string().nullable(),
  matched: z.number().int().describe("How many people of the cohort match the filter (all pages)"),
});
