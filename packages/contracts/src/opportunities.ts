import { OPPORTUNITY_OUTCOMES, OPPORTUNITY_STAGES } from "@tasuki/domain";
import { z } from "zod";
import {
  companyRefSchema,
  csvEnum,
  dateSchema,
  idSchema,
  instantSchema,
  pageQuerySchema,
  pageSchema,
  shortText,
  userRefSchema,
  versionSchema,
  yenSchema,
} from "./common.ts";

export const createOpportunityRequestSchema = z.object({
  name: shortText(),
  companyId: idSchema,
  personId: idSchema.nullable().optional(),
  ownerId: idSchema.nullable().optional().describe("Defaults to the creator"),
  amount: yenSchema,
  stage: z.enum(OPPORTUNITY_STAGES).default("discovery"),
  expectedCloseDate: dateSchema.nullable().optional(),
  renewalOn: dateSchema.nullable().optional().describe("契約更新日: when the contract comes up for renewal"),
});
export type CreateOpportunityInput = z.output<typeof createOpportunityRequestSchema>;

export const updateOpportunityRequestSchema = z.object({
  name: shortText().optional(),
  personId: idSchema.nullable().optional(),
  ownerId: idSchema.nullable().optional(),
  amount: yenSchema.optional(),
  stage: z.enum(OPPORTUNITY_STAGES).optional(),
  expectedCloseDate: dateSchema.nullable().optional(),
  renewalOn: dateSchema
    .nullable()
    .optional()
    .describe("契約更新日; null clears it. The only field a closed (won or lost) deal accepts"),
  version: versionSchema,
});
export type UpdateOpportunityInput = z.output<typeof updateOpportunityRequestSchema>;

export const closeOpportunityRequestSchema = z.object({
  outcome: z.enum(OPPORTUNITY_OUTCOMES),
  lostReasonId: idSchema.nullable().optional().describe("Required when lost"),
  note: z.string().trim().max(2000).nullable().optional(),
  closedOn: dateSchema.optional().describe("Defaults to today (JST)"),
  version: versionSchema,
});
export type CloseOpportunityInput = z.output<typeof closeOpportunityRequestSchema>;

export const reopenOpportunityRequestSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1, "再開する理由を入力してください / give the reason for reopening")
    .max(1000, "理由は1000文字以内にしてください / keep the reason within 1,000 characters")
    .describe("Why the closed deal is reopened; kept in the audit log"),
  stage: z
    .enum(OPPORTUNITY_STAGES)
    .optional()
    .describe("The open stage the deal goes back to; defaults to the stage it was closed at"),
  version: versionSchema,
});
export type ReopenOpportunityInput = z.output<typeof reopenOpportunityRequestSchema>;

export const lostReasonSchema = z
  .object({ id: idSchema, key: z.string(), labelJa: z.string(), labelEn: z.string(), active: z.boolean() })
  .meta({ id: "LostReason" });

export const opportunitySchema = z
  .object({
    id: idSchema,
    name: z.string(),
    company: companyRefSchema,
    person: z.object({ id: idSchema, name: z.string() }).nullable(),
    owner: userRefSchema.nullable(),
    amount: z.number().int(),
    stage: z.enum(OPPORTUNITY_STAGES),
    expectedCloseDate: dateSchema.nullable(),
    outcome: z.enum(OPPORTUNITY_OUTCOMES).nullable(),
    lostReason: lostReasonSchema.nullable(),
    closeNote: z.string().nullable(),
    closedOn: dateSchema.nullable(),
    renewalOn: dateSchema
      .nullable()
      .describe("契約更新日 (JST date), when the contract comes up for renewal"),
    createdAt: instantSchema,
    updatedAt: instantSchema,
    version: z.number().int(),
  })
  .meta({ id: "Opportunity" });

export const OPPORTUNITY_SORTS = [
  "createdAt",
  "updatedAt",
  "amount",
  "expectedCloseDate",
  "renewalOn",
] as const;
export const OPPORTUNITY_STATUSES = ["open", "won", "lost"] as const;
export const listOpportunitiesQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional().describe("Opportunity or company name"),
  stage: csvEnum(OPPORTUNITY_STAGES).optional(),
  status: csvEnum(OPPORTUNITY_STATUSES).optional(),
  ownerId: idSchema.optional(),
  companyId: idSchema.optional(),
  personId: idSchema.optional(),
  expectedCloseFrom: dateSchema
    .optional()
    .describe("Expected close on or after this JST date (deals without one are left out)"),
  expectedCloseTo: dateSchema
    .optional()
    .describe("Expected close on or before this JST date (deals without one are left out)"),
  renewalFrom: dateSchema
    .optional()
    .describe("契約更新日 on or after this JST date (deals without one are left out)"),
  renewalTo: dateSchema
    .optional()
    .describe("契約更新日 on or before this JST date (deals without one are left out)"),
  sort: z.enum(OPPORTUNITY_SORTS).default("createdAt"),
});
export const opportunityPageSchema = pageSchema(opportunitySchema);
export const lostReasonListSchema = z.object({ items: z.array(lostReasonSchema) });
