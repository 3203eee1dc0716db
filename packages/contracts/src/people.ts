import { CONSENT_STATUSES, INDUSTRIES, LIFECYCLE_STAGES, TEMPERATURES } from "@tasuki/domain";
import { z } from "zod";
import {
  companyRefSchema,
  csvEnum,
  idSchema,
  instantSchema,
  optionalText,
  pageQuerySchema,
  pageSchema,
  shortText,
  teamRefSchema,
  userRefSchema,
  versionSchema,
} from "./common.ts";

const personFields = {
  familyName: shortText(100).describe("姓"),
  givenName: optionalText(100).describe("名"),
  familyNameKana: optionalText(100).describe("セイ (katakana; hiragana is converted)"),
  givenNameKana: optionalText(100).describe("メイ"),
  email: z.email().max(254).toLowerCase().nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional().describe("Any common form; stored as E.164"),
  department: optionalText().describe("部署"),
  title: optionalText().describe("役職"),
  companyId: idSchema.nullable().optional(),
  ownerId: idSchema.nullable().optional(),
  teamId: idSchema.nullable().optional(),
  temperature: z.enum(TEMPERATURES).nullable().optional().describe("温度感"),
  consentStatus: z.enum(CONSENT_STATUSES).optional().describe("特定電子メール法 consent"),
  source: optionalText(100).describe("Where the person came from, e.g. 展示会, Webフォーム"),
};

export const createPersonRequestSchema = z.object(personFields);
/** Stage is not updatable here: it moves only through `changePersonStage`, which keeps history. */
export const updatePersonRequestSchema = z.object(personFields).partial().extend({ version: versionSchema });
export type CreatePersonInput = z.output<typeof createPersonRequestSchema>;
export type UpdatePersonInput = z.output<typeof updatePersonRequestSchema>;

export const personSchema = z
  .object({
    id: idSchema,
    familyName: z.string(),
    givenName: z.string().nullable(),
    familyNameKana: z.string().nullable(),
    givenNameKana: z.string().nullable(),
    name: z.string().describe("姓 名"),
    email: z.string().nullable(),
    phone: z.string().nullable().describe("E.164"),
    department: z.string().nullable(),
    title: z.string().nullable(),
    company: companyRefSchema.nullable(),
    owner: userRefSchema.nullable(),
    team: teamRefSchema.nullable(),
    stage: z.enum(LIFECYCLE_STAGES),
    stageChangedAt: instantSchema,
    temperature: z.enum(TEMPERATURES).nullable(),
    consentStatus: z.enum(CONSENT_STATUSES),
    source: z.string().nullable(),
    score: z
      .object({ fit: z.number().int(), engagement: z.number().int(), total: z.number().int() })
      .nullable()
      .describe("The stored score (getPersonScore explains it); null when not scored yet"),
    createdAt: instantSchema,
    updatedAt: instantSchema,
    version: z.number().int(),
  })
  .meta({ id: "Person" });
export type PersonResponse = z.infer<typeof personSchema>;

export const PERSON_SORTS = [
  "createdAt",
  "updatedAt",
  "kana",
  "stageChangedAt",
  "scoreTotal",
  "scoreFit",
  "scoreEngagement",
] as const;
export const listPeopleQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional().describe("Name, フリガナ, email or company name"),
  stage: csvEnum(LIFECYCLE_STAGES).optional(),
  temperature: csvEnum(TEMPERATURES).optional(),
  industry: csvEnum(INDUSTRIES).optional(),
  teamId: idSchema.optional(),
  ownerId: idSchema.optional(),
  companyId: idSchema.optional(),
  sort: z
    .enum(PERSON_SORTS)
    .default("createdAt")
    .describe(
      "`kana` sorts 五十音順 by セイ メイ; `scoreTotal`/`scoreFit`/`scoreEngagement` by the stored score, people not scored yet after everyone scored (before them ascending)",
    ),
});
export const personPageSchema = pageSchema(personSchema);

export const changePersonStageRequestSchema = z
  .object({
    to: z.enum(LIFECYCLE_STAGES),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(1000)
      .optional()
      .describe("Why the stage changes; shown in the history"),
    definitionVersionId: idSchema
      .optional()
      .describe("The approved definition version the person meets for this stage; checked before moving"),
    version: versionSchema,
  })
  .refine((body) => body.reason !== undefined || body.definitionVersionId !== undefined, {
    path: ["reason"],
    message:
      "理由を書くか、満たしている定義（definitionVersionId）を指定してください / give a reason or cite the definition version the person meets",
  });

export const stageChangeSchema = z
  .object({
    id: idSchema,
    personId: idSchema,
    from: z.enum(LIFECYCLE_STAGES).nullable(),
    to: z.enum(LIFECYCLE_STAGES),
    changedAt: instantSchema,
    changedBy: userRefSchema.nullable(),
    reason: z.string().nullable(),
    definitionVersionId: idSchema.nullable(),
  })
  .meta({ id: "StageChange" });

export const changePersonStageResponseSchema = z.object({
  person: personSchema,
  stageChange: stageChangeSchema,
});

/** At most this many ids in one bulk request; "all matching the filter" sends the filter instead. */
export const BULK_IDS_MAX = 1000;

/**
 * Which people a bulk action applies to: the rows the user ticked (`ids`), or every person
 * matching the people list's filter (`filter`, the list's own query fields, as the list reads them).
 */
const peopleSelection = {
  ids: z.array(idSchema).min(1).max(BULK_IDS_MAX).optional().describe("The ticked people"),
  filter: listPeopleQuerySchema
    .omit({ cursor: true, limit: true, sort: true, order: true })
    .optional()
    .describe("Every person matching the people list's filter"),
};
const ONE_SELECTION_MESSAGE =
  "ids（選んだ人）か filter（絞り込みの全件）のどちらか一方を指定してください / send either ids or filter, not both";
function oneSelection(value: { ids?: unknown; filter?: unknown }, ctx: z.RefinementCtx) {
  if ((value.ids === undefined) === (value.filter === undefined))
    ctx.addIssue({ code: "custom", path: ["ids"], message: ONE_SELECTION_MESSAGE });
}

export const bulkUpdatePeopleRequestSchema = z
  .object({
    ...peopleSelection,
    set: z
      .object({
        ownerId: idSchema.nullable().optional().describe("New owner (null: unassigned)"),
        temperature: z.enum(TEMPERATURES).nullable().optional().describe("New 温度感"),
      })
      .refine((set) => set.ownerId !== undefined || set.temperature !== undefined, {
        message: "変更する項目（ownerId か temperature）を指定してください / set ownerId or temperature",
      }),
  })
  .superRefine(oneSelection);
export type BulkUpdatePeopleInput = z.output<typeof bulkUpdatePeopleRequestSchema>;

export const bulkUpdatePeopleResponseSchema = z
  .object({
    matched: z.number().int().describe("People selected"),
    updated: z.number().int().describe("People changed (one audit entry each)"),
    skipped: z.object({
      unchanged: z.number().int().describe("Already had the value"),
      forbidden: z.number().int().describe("Owned by another team: not yours to change"),
    }),
  })
  .meta({ id: "BulkUpdatePeopleResult" });

export const addCampaignMembersRequestSchema = z.object(peopleSelection).superRefine(oneSelection);
export type AddCampaignMembersInput = z.output<typeof addCampaignMembersRequestSchema>;

export const addCampaignMembersResponseSchema = z
  .object({
    matched: z.number().int().describe("People selected"),
    added: z.number().int().describe("New members, status `added`"),
    skipped: z.object({
      alreadyMember: z.number().int(),
      forbidden: z.number().int().describe("Owned by another team: not yours to add"),
    }),
  })
  .meta({ id: "AddCampaignMembersResult" });
