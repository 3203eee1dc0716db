import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LIMITS } from "./common.ts";
import * as contracts from "./index.ts";
import { type ValidationIssue, validationIssueMessage } from "./validation-messages.ts";

/** Words of zod's own messages and codes that must never reach a user. */
const RAW =
  /\bstring\b|too_small|too_big|invalid_type|invalid_value|invalid_format|Expected|expected|received|Invalid|undefined|NaN|\[object|小さすぎる|大きすぎる|無効な/;

const BAD_VALUES: unknown[] = [
  undefined,
  null,
  123,
  -1e15,
  1e15,
  1.5,
  "",
  " ",
  "x".repeat(LIMITS.textLong + 1),
  "not valid",
  "2026-13-45",
  "13-45",
  "a@",
  "25:99",
  true,
  [],
  [null],
  [{}],
  Array.from({ length: 400 }, () => "x"),
  {},
  { unknownKey: 1 },
];

const NESTED_BAD_VALUES: unknown[] = [null, 123, "", "x".repeat(LIMITS.textShort + 1), "not valid", []];

type Schema = z.ZodType;
const isSchema = (value: unknown): value is Schema => value instanceof z.ZodType;
const shapeOf = (schema: Schema): Record<string, Schema> | null => {
  const def = (schema as unknown as { def?: { type?: string; in?: Schema; innerType?: Schema } }).def;
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, Schema>;
  if (def?.type === "pipe" && def.in) return shapeOf(def.in);
  if (def?.innerType) return shapeOf(def.innerType);
  return null;
};

/** Every issue zod reports for bad values, at the top and in each field of every request/response schema. */
function issuesOf(schema: Schema): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const collect = (input: unknown) => {
    const result = schema.safeParse(input, { reportInput: true });
    if (!result.success) issues.push(...(result.error.issues as unknown as ValidationIssue[]));
  };
  for (const value of BAD_VALUES) collect(value);
  const shape = shapeOf(schema);
  if (shape) {
    for (const [key, field] of Object.entries(shape)) {
      for (const value of BAD_VALUES) collect({ [key]: value });
      const inner = shapeOf(field);
      if (inner)
        for (const [k] of Object.entries(inner))
          for (const value of NESTED_BAD_VALUES) collect({ [key]: { [k]: value } });
    }
  }
  return issues;
}

const schemas = (Object.entries(contracts) as [string, unknown][]).filter(
  (entry): entry is [string, Schema] => isSchema(entry[1]),
);

describe("validation messages", () => {
  it("finds the contract schemas to walk", () => {
    expect(schemas.length).toBeGreaterThan(50);
  });

  it("every issue of every contract schema reads as plain words in ja and en, never zod's wording", () => {
    const kinds = new Set<string>();
    let checked = 0;
    for (const [name, schema] of schemas) {
      for (const issue of issuesOf(schema)) {
        kinds.add(`${issue.code}:${String(issue.format ?? issue.origin ?? "")}`);
        for (const locale of ["ja", "en"] as const) {
          // The choices themselves are the API's words (`expectedCloseDate` as a sort key), not zod's.
          const choices = Array.isArray(issue.values) ? issue.values.map(String) : [];
          const message = choices.reduce(
            (m, c) => m.replaceAll(c, "…"),
            validationIssueMessage(issue, locale),
          );
          checked += 1;
          expect(message, `${name} ${issue.path.join(".")} ${issue.code} (${locale})`).not.toMatch(RAW);
          expect(message.trim().length).toBeGreaterThan(3);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    // The walk reaches each kind the brief names: required/type, too short/long, format, choices.
    for (const kind of [
      "invalid_type:",
      "too_small:number",
      "too_small:array",
      "too_big:array",
      "too_small:string",
      "too_big:string",
      "too_big:number",
      "invalid_format:email",
      "invalid_value:",
    ]) {
      expect([...kinds], kind).toContain(kind);
    }
  });

  it.each([
    [
      {
        code: "too_small",
        origin: "string",
        minimum: 1,
        inclusive: true,
        path: ["familyName"],
        message: "",
        input: "",
      },
      "「姓」は必須です。入力してください。",
      "Family name is required: enter a value.",
    ],
    [
      {
        code: "too_big",
        origin: "string",
        maximum: 200,
        inclusive: true,
        path: ["department"],
        message: "",
        input: "x".repeat(201),
      },
      "「部署」は200文字以内で入力してください（今は201文字）。",
      "Department must be at most 200 characters (now 201).",
    ],
    [
      { code: "invalid_format", format: "email", path: ["email"], message: "" },
      "「メールアドレス」はメールアドレスの形（例: taro@example.co.jp）で入力してください。",
      "Email address must be an email address (e.g. taro@example.com).",
    ],
    [
      { code: "invalid_format", format: "date", path: ["expectedCloseDate"], message: "" },
      "「受注予定日」は日付の形（例: 2026-09-30）で入力してください。",
      "Planned close date must be a date (e.g. 2026-09-30).",
    ],
    [
      {
        code: "too_big",
        origin: "number",
        maximum: 100,
        inclusive: true,
        path: ["fitRules", 0, "points"],
        message: "",
      },
      "「点数」は100以下にしてください。",
      "Points must be at most 100.",
    ],
    [
      { code: "invalid_value", values: ["hot", "warm", "cold"], path: ["temperature"], message: "" },
      "「温度感」は次のどれかにしてください: hot、warm、cold。",
      "Temperature must be one of: hot, warm, cold.",
    ],
    [
      { code: "invalid_type", expected: "string", path: ["familyName"], message: "" },
      "「姓」は必須です。入力してください。",
      "Family name is required: enter a value.",
    ],
    [
      { code: "invalid_type", expected: "number", path: ["amount"], message: "", input: "abc" },
      "「金額」は数値で入力してください。",
      "Amount must be a number.",
    ],
    [
      {
        code: "custom",
        path: ["endsOn"],
        message: "終了日は開始日以降にしてください / the end date must be on or after the start",
      },
      "終了日は開始日以降にしてください",
      "the end date must be on or after the start",
    ],
  ] as [ValidationIssue, string, string][])("%o", (issue, ja, en) => {
    expect(validationIssueMessage(issue, "ja")).toBe(ja);
    expect(validationIssueMessage(issue, "en")).toBe(en);
  });
});
