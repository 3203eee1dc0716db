import { CAMPAIGN_TYPES } from "@tasuki/domain";
import { z } from "zod";
import {
  csvEnum,
  dateSchema,
  idSchema,
  instantSchema,
  pageQuerySchema,
  pageSchema,
  shortText,
  userRefSchema,
  yenSchema,
} from "./common.ts";

export const createCampaignRequestSchema = z
  .object({
    name: shortText(),
    type: z.enum(CAMPAIGN_TYPES),
    startsOn: dateSchema,
    endsOn: dateSchema.nullable().optional(),
    budget: yenSchema.default(0),
  })
  .refine((c) => !c.endsOn || c.endsOn >= c.startsOn, {
    path: ["endsOn"],
    message: "終了日は開始日以降にしてください / endsOn must not be before startsOn",
  });

export const campaignSchema = z
  .object({
    id: idSchema,
    name: z.string(),
    type: z.enum(CAMPAIGN_TYPES),
    startsOn: dateSchema,
    endsOn: dateSchema.nullable(),
    budget: z.number().int(),
    createdBy: userRefSchema.nullable(),
    createdAt: instantSchema,
    version: z.number().int(),
  })
  .meta({ id: "Campaign" });

export const CAMPAIGN_SORTS = ["createdAt", "startsOn", "name"] as const;
export const listCampaignsQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  type: csvEnum(CAMPAIGN_TYPES).optional(),
  sort: z.enum(CAMPAIGN_SORTS).default("startsOn"),
});
export const campaignPageSchema = pageSchema(campaignSchema);
