import { z } from "zod";

/** Shared limits: the API, the UI and the CLI agree on them. */
export const LIMITS = {
  pageSizeDefault: 50,
  pageSizeMax: 200,
  activityBatchMax: 1000,
  textShort: 200,
  textLong: 20_000,
  amountMax: 1_000_000_000_000,
  /** The largest value of a PostgreSQL `integer` column (versions, counts). */
  int4Max: 2_147_483_647,
  /** Dates and instants outside these years are refused before they reach SQL. */
  yearMin: 1900,
  yearMax: 2100,
  /** Free-form JSON (activity `metadata`): nesting depth and serialized size. */
  jsonDepthMax: 10,
  jsonBytesMax: 16 * 1024,
} as const;

export const idSchema = z.uuid();
export const idParamsSchema = z.object({ id: idSchema });

const inYearRange = (value: string) => {
  // A value without a leading year already failed its format check; one message is enough.
  if (!/^\d{4}/.test(value)) return true;
  const year = Number(value.slice(0, 4));
  return year >= LIMITS.yearMin && year <= LIMITS.yearMax;
};
const YEAR_RANGE_MESSAGE = `${LIMITS.yearMin}〜${LIMITS.yearMax}年の範囲で指定してください / use a date between ${LIMITS.yearMin}-01-01 and ${LIMITS.yearMax}-12-31`;
/** Refuses a `YYYY…` string (date, instant, month) outside the years 1900–2100. */
export const inYears = <T extends z.ZodType<string>>(schema: T) =>
  schema.refine(inYearRange, YEAR_RANGE_MESSAGE);

/**
 * Instants are ISO 8601 with an offset; responses are UTC (`Z`), the UI shows JST.
 * Years 1900–2100 only, so no absurd period reaches SQL (or a loop over its days).
 */
export const instantSchema = inYears(z.iso.datetime({ offset: true }));
/** A calendar date in JST, `YYYY-MM-DD`, years 1900–2100. */
export const dateSchema = inYears(z.iso.date());
/** Whole yen, never negative: a minus sign is refused with this message, never dropped. */
export const yenSchema = z
  .number()
  .int("円単位の整数で入力してください / use whole yen, no decimals")
  .min(0, "金額は0円以上で入力してください（マイナスは使えません） / the amount cannot be negative")
  .max(LIMITS.amountMax, "金額は1兆円以内で入力してください / the amount can be at most ¥1,000,000,000,000")
  .describe("Japanese yen, no decimals");

export const shortText = (max: number = LIMITS.textShort) => z.string().trim().min(1).max(max);
export const optionalText = (max: number = LIMITS.textShort) =>
  z.string().trim().max(max).nullable().optional();

/** Optimistic concurrency: updates send the version they read; a stale one gets `version_conflict`. */
export const versionSchema = z
  .number()
  .int()
  .min(1)
  .max(LIMITS.int4Max)
  .describe("The version you read; the update fails if it changed");

function jsonDepth(value: unknown): number {
  // Iterative, so a hostile 5,000-deep value cannot overflow the stack here.
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    if (deepest > LIMITS.jsonDepthMax) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Free-form JSON object (activity `metadata`): at most 10 levels deep and 16 kB as JSON. */
export const jsonObjectSchema = z
  .record(z.string(), z.unknown())
  .refine(
    (value) => jsonDepth(value) <= LIMITS.jsonDepthMax,
    `入れ子は${LIMITS.jsonDepthMax}階層までにしてください / nest at most ${LIMITS.jsonDepthMax} levels deep`,
  )
  .refine(
    (value) => new TextEncoder().encode(JSON.stringify(value)).length <= LIMITS.jsonBytesMax,
    `JSON で${LIMITS.jsonBytesMax / 1024}KB以内にしてください / keep it within ${LIMITS.jsonBytesMax / 1024} kB as JSON`,
  );

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
