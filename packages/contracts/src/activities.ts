import { ACTIVITY_TYPES } from "@tasuki/domain";
import { z } from "zod";
import {
  csvEnum,
  idSchema,
  instantSchema,
  jsonObjectSchema,
  LIMITS,
  pageQuerySchema,
  pageSchema,
  userRefSchema,
} from "./common.ts";

export const createActivityRequestSchema = z.object({
  personId: idSchema,
  type: z.enum(ACTIVITY_TYPES),
  occurredAt: instantSchema.optional().describe("Defaults to now"),
  source: z.string().trim().max(100).nullable().optional().describe("e.g. web, 名刺管理, import"),
  campaignId: idSchema.nullable().optional(),
  subject: z.string().trim().max(200).nullable().optional(),
  body: z.string().max(LIMITS.textLong).nullable().optional().describe("Markdown, for notes and call logs"),
  metadata: jsonObjectSchema
    .optional()
    .describe("e.g. { url } for a page view; at most 10 levels deep, 16 kB"),
});

export const createActivitiesRequestSchema = z.object({
  items: z.array(createActivityRequestSchema).min(1).max(LIMITS.activityBatchMax),
});

export const activitySchema = z
  .object({
    id: idSchema,
    personId: idSchema,
    companyId: idSchema.nullable(),
    type: z.enum(ACTIVITY_TYPES),
    occurredAt: instantSchema,
    source: z.string().nullable(),
    campaignId: idSchema.nullable(),
    subject: z.string().nullable(),
    body: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    createdBy: userRefSchema.nullable(),
    createdAt: instantSchema,
  })
  .meta({ id: "Activity" });

export const createActivitiesResponseSchema = z.object({
  items: z.array(activitySchema),
  count: z.number().int(),
});

/** One row of a person's timeline: an activity (notes included) or a stage change. */
export const timelineEntrySchema = z
  .object({
    kind: z.enum(["activity", "stage_change"]),
    id: idSchema,
    at: instantSchema,
    activity: activitySchema.nullable(),
    stageChange: z
      .object({
        from: z.string().nullable(),
        to: z.string(),
        reason: z.string().nullable(),
        changedBy: userRefSchema.nullable(),
        definitionVersionId: idSchema.nullable(),
      })
      .nullable(),
  })
  .meta({ id: "TimelineEntry" });

export const timelineQuerySchema = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
});
export const timelinePageSchema = z.object({
  items: z.array(timelineEntrySchema),
  nextCursor: z.string().nullable(),
});

export const listActivitiesQuerySchema = pageQuerySchema.extend({
  personId: idSchema.optional(),
  companyId: idSchema.optional(),
  campaignId: idSchema.optional(),
  type: csvEnum(ACTIVITY_TYPES).optional(),
  createdBy: idSchema.optional().describe("Logged by this user (the activity's `createdBy`)"),
  from: instantSchema.optional().describe("Occurred at or after"),
  to: instantSchema.optional().describe("Occurred before"),
});
export const activityPageSchema = pageSchema(activitySchema);
