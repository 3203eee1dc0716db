import { EMPLOYEE_BANDS, INDUSTRIES, PREFECTURES } from "@tasuki/domain";
import { z } from "zod";
import {
  csvEnum,
  idSchema,
  instantSchema,
  optionalText,
  pageQuerySchema,
  pageSchema,
  shortText,
  userRefSchema,
  versionSchema,
} from "./common.ts";

const companyFields = {
  name: shortText(),
  nameKana: optionalText().describe("フリガナ (katakana; hiragana is converted)"),
  corporateNumber: z
    .string()
    .trim()
    .max(20)
    .nullable()
    .optional()
    .describe("法人番号: 13 digits, check digit verified"),
  industry: z.enum(INDUSTRIES).nullable().optional(),
  employeeBand: z.enum(EMPLOYEE_BANDS).nullable().optional(),
  prefecture: z.enum(PREFECTURES).nullable().optional(),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/,
      "example.co.jp の形式で入力してください / use a form like example.co.jp",
    )
    .max(253)
    .nullable()
    .optional(),
  address: optionalText(300).describe("所在地 after the prefecture: 市区町村・番地・建物"),
  ownerId: idSchema.nullable().optional(),
};

export const createCompanyRequestSchema = z.object(companyFields);
export const updateCompanyRequestSchema = z
  .object(companyFields)
  .partial()
  .extend({ version: versionSchema });
export type CreateCompanyInput = z.output<typeof createCompanyRequestSchema>;
export type UpdateCompanyInput = z.output<typeof updateCompanyRequestSchema>;

export const companySchema = z
  .object({
    id: idSchema,
    name: z.string(),
    nameKana: z.string().nullable(),
    corporateNumber: z.string().nullable(),
    industry: z.enum(INDUSTRIES).nullable(),
    employeeBand: z.enum(EMPLOYEE_BANDS).nullable(),
    prefecture: z.enum(PREFECTURES).nullable(),
    domain: z.string().nullable(),
    address: z.string().nullable(),
    owner: userRefSchema.nullable(),
    peopleCount: z.number().int(),
    openOpportunityCount: z.number().int(),
    createdAt: instantSchema,
    updatedAt: instantSchema,
    version: z.number().int(),
  })
  .meta({ id: "Company" });
export type CompanyResponse = z.infer<typeof companySchema>;

export const COMPANY_SORTS = ["createdAt", "updatedAt", "name", "kana"] as const;
export const listCompaniesQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional().describe("Name, フリガナ, 法人番号 or domain"),
  industry: csvEnum(INDUSTRIES).optional(),
  employeeBand: csvEnum(EMPLOYEE_BANDS).optional(),
  prefecture: csvEnum(PREFECTURES).optional(),
  ownerId: idSchema.optional(),
  sort: z.enum(COMPANY_SORTS).default("createdAt"),
});
export const companyPageSchema = pageSchema(companySchema);
