import { z } from "zod";

/** Shared limits: the API, the UI and the CLI agree on them. */
export const LIMITS = {
  pageSizeDefault: 50,
  pageSizeMax: 200,
  activityBatchMax: 1000,
  textShort: 200,
  textLong: 20_000,
  amountMax: 1_000_000_000_000,
} as const;

export const idSchema = z.uuid();
export const idParamsSchema = z.object({ id: idSchema });

/** Instants are ISO 8601 with an offset; responses are UTC (`Z`), the UI shows JST. */
export const instantSchema = z.iso.datetime({ offset: true });
/** A calendar date in JST, `YYYY-MM-DD`. */
export const dateSchema = z.iso.date();
export const yenSchema = z.number().int().min(0).max(LIMITS.amountMax).describe("Japanese yen, no decimals");

export const shortText = (max: number = LIMITS.textShort) => z.string().trim().min(1).max(max);
export const optionalText = (max: number = LIMITS.textShort) =>
  z.string().trim().max(max).nullable().optional();

/** Optimistic concurrency: updates send the version they read; a stale one gets `version_conflict`. */
export const versionSchema = z
  .number()
  .int()
  .min(1)
  .describe("The version you read; the update fails if it changed");

export const SORT_ORDERS = ["asc", "desc"] as const;

/** A comma-separated list in a query string: `stage=mql,sal`. */
export function csvEnum<T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .transform((value) => value.split(",").filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1))
    .describe(`Comma-separated: ${values.join(", ")}`);
}

export const pageQuerySchema = z.object({
  cursor: z.string().max(500).optional().describe("`nextCursor` from the previous page"),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
  order: z.enum(SORT_ORDERS).default("desc"),
});

/** A page of items; `nextCursor` is null on the last page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const userRefSchema = z.object({ id: idSchema, name: z.string() }).meta({ id: "UserRef" });
export const companyRefSchema = z.object({ id: idSchema, name: z.string() }).meta({ id: "CompanyRef" });
export const teamRefSchema = z
  .object({ id: idSchema, key: z.string(), name: z.string() })
  .meta({ id: "TeamRef" });
