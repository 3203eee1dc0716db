import { DEFINITION_KEY_PATTERN, DEFINITION_VERSION_STATUSES, LIFECYCLE_STAGES } from "@tasuki/domain";
import { z } from "zod";
import { dateSchema, idSchema, instantSchema, userRefSchema } from "./common.ts";

export const expressionSchema = z
  .string()
  .min(1)
  .max(2000)
  .describe(
    "A condition in the rule language, e.g. `company.employees >= 50 && count('資料請求', days(30)) >= 1`",
  );

export const ruleErrorSchema = z
  .object({
    code: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    start: z.number().int(),
    end: z.number().int(),
    message: z.string(),
  })
  .meta({ id: "RuleError" });

export const validateExpressionRequestSchema = z.object({ expression: z.string().max(5000) });
export const validateExpressionResponseSchema = z.object({
  valid: z.boolean(),
  type: z.literal("bool").nullable(),
  errors: z.array(ruleErrorSchema),
});

export const createDefinitionRequestSchema = z.object({
  key: z
    .string()
    .regex(
      DEFINITION_KEY_PATTERN,
      "英小文字・数字・_ の2〜40文字で、英字で始めてください（例: mql） / 2–40 lowercase letters, digits or _, starting with a letter (e.g. mql)",
    ),
  nameJa: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  description: z
    .string()
    .trim()
    .min(1)
    .max(5000)
    .describe("The definition in plain words, as both sides read it"),
  targetStage: z.enum(LIFECYCLE_STAGES).nullable().optional(),
  autoAdvance: z.boolean().default(false),
  marketingOwnerId: idSchema,
  salesOwnerId: idSchema,
  expression: expressionSchema,
});
export type CreateDefinitionInput = z.output<typeof createDefinitionRequestSchema>;

export const draftDefinitionRequestSchema = z.object({
  expression: expressionSchema,
  description: z.string().trim().min(1).max(5000).optional(),
  changeNote: z
    .string()
    .trim()
    .max(2000)
    .nullable()
    .optional()
    .describe("Why this version; may be empty on a draft, required to propose (the draft's note counts)"),
});
export type DraftDefinitionInput = z.output<typeof draftDefinitionRequestSchema>;

export const approveDefinitionRequestSchema = z.object({
  comment: z.string().trim().max(2000).optional(),
  proseMatchesRule: z
    .boolean()
    .optional()
    .describe(
      "The signer confirms the plain-words description and the rule say the same thing; an approval without `true` is refused",
    ),
});
export const rejectDefinitionRequestSchema = z.object({
  comment: z.string().trim().min(1).max(2000).describe("Why; the authors read this"),
});
export const commentDefinitionRequestSchema = z.object({ body: z.string().trim().min(1).max(5000) });

export const definitionCommentSchema = z
  .object({ id: idSchema, author: userRefSchema.nullable(), body: z.string(), createdAt: instantSchema })
  .meta({ id: "DefinitionComment" });

const definitionSignatureSchema = z.object({
  by: userRefSchema,
  at: instantSchema,
  proseMatchesRule: z
    .boolean()
    .describe(
      "The signer confirmed that the description and the rule match (false on signatures before this check)",
    ),
});

export const definitionVersionSchema = z
  .object({
    id: idSchema,
    number: z.number().int(),
    status: z.enum(DEFINITION_VERSION_STATUSES),
    expression: z.string(),
    description: z.string(),
    changeNote: z.string().nullable(),
    author: userRefSchema.nullable(),
    createdAt: instantSchema,
    proposedAt: instantSchema.nullable(),
    marketingApproval: definitionSignatureSchema.nullable(),
    salesApproval: definitionSignatureSchema.nullable(),
    rejection: z.object({ by: userRefSchema, at: instantSchema, comment: z.string() }).nullable(),
    approvedAt: instantSchema.nullable(),
    comments: z.array(definitionCommentSchema),
  })
  .meta({ id: "DefinitionVersion" });

export const definitionSchema = z
  .object({
    id: idSchema,
    key: z.string(),
    nameJa: z.string(),
    nameEn: z.string(),
    targetStage: z.enum(LIFECYCLE_STAGES).nullable(),
    autoAdvance: z.boolean(),
    marketingOwner: userRefSchema.nullable(),
    salesOwner: userRefSchema.nullable(),
    current: definitionVersionSchema.nullable().describe("The approved version in force"),
    open: definitionVersionSchema.nullable().describe("The draft or proposed version, if any"),
    createdAt: instantSchema,
  })
  .meta({ id: "Definition" });

export const definitionDetailSchema = definitionSchema
  .extend({ versions: z.array(definitionVersionSchema).describe("All versions, newest first") })
  .meta({ id: "DefinitionDetail" });

export const definitionListSchema = z.object({ items: z.array(definitionSchema) });
export const versionParamsSchema = z.object({ id: idSchema, versionId: idSchema });

export const jobSchema = z
  .object({
    id: idSchema,
    kind: z.string(),
    status: z.enum(["queued", "running", "succeeded", "failed"]),
    progress: z.object({ done: z.number().int(), total: z.number().int() }),
    result: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
    createdAt: instantSchema,
    startedAt: instantSchema.nullable(),
    finishedAt: instantSchema.nullable(),
  })
  .meta({ id: "Job" });

export const approveDefinitionResponseSchema = z.object({
  definition: definitionDetailSchema,
  sweep: jobSchema
    .nullable()
    .describe("Re-evaluation of everyone, started when this approval completed the version"),
});

export const impactQuerySchema = z.object({
  from: dateSchema.describe("Cohort: people created on or after this date (JST)"),
  to: dateSchema.describe("…and before this date; activities are counted up to it"),
});

const outcomeGroupSchema = z.object({
  people: z.number().int(),
  reachedSal: z.number().int(),
  reachedSql: z.number().int(),
  reachedOpportunity: z.number().int(),
  won: z.number().int(),
  lost: z.number().int(),
  winRate: z.number().nullable().describe("won / (won + lost), null when nothing closed"),
  revenue: z.number().int().describe("Won opportunity amounts, yen"),
  samples: z.array(z.object({ id: idSchema, name: z.string(), stage: z.enum(LIFECYCLE_STAGES) })),
});

export const impactSchema = z
  .object({
    from: dateSchema,
    to: dateSchema,
    cohort: z.number().int(),
    currentVersion: z.object({ id: idSchema, number: z.number().int() }).nullable(),
    proposedVersion: z.object({ id: idSchema, number: z.number().int() }),
    qualifiesCurrent: z.number().int(),
    qualifiesProposed: z.number().int(),
    groups: z.object({
      both: outcomeGroupSchema,
      currentOnly: outcomeGroupSchema,
      proposedOnly: outcomeGroupSchema,
      neither: outcomeGroupSchema,
    }),
    elapsedMs: z.number().int(),
  })
  .meta({ id: "DefinitionImpact" });

export const personDefinitionsSchema = z.object({
  items: z.array(
    z.object({
      definition: z.object({ id: idSchema, key: z.string(), nameJa: z.string(), nameEn: z.string() }),
      version: z.object({ id: idSchema, number: z.number().int(), expression: z.string() }),
      satisfied: z.boolean(),
    }),
  ),
});
