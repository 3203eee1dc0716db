import { describe, expect, it } from "vitest";
import {
  type CheckedExpression,
  checkExpression,
  createRuleEnvironment,
  expressionCost,
  type RuleError,
} from "./check.ts";
import { compileExpression, evaluateExpression } from "./evaluate.ts";
import { DAY_MS, type RuleFacts, vocabularyValues } from "./facts.ts";
import { FREEMAIL_DOMAINS, NEVER_DAYS, RULE_BUDGET, resolveActivityTerms } from "./vocabulary.ts";

function errorOf(source: string): RuleError {
  const result = checkExpression(source);
  if (result.ok) throw new Error(`expected an error for ${source}`);
  return result.errors[0]!;
}

describe("checkExpression", () => {
  it("accepts the issue's example and resolves activity words", () => {
    const result = checkExpression(
      "company.employees >= 50 && count('資料請求', days(30)) >= 1 && !(person.email_domain in freemail)",
    );
    expect(result.ok).toBe(true);
    const combos = checkExpression(
      "count_any(['ウェビナー', '展示会'], days(90)) >= 2 || last('問い合わせ') <= 7",
    );
    expect(combos.ok).toBe(true);
  });

  it.each([
    ["company.employees >= (50", "unbalanced", 1, 25, "閉じ括弧"],
    ["company.foo > 1", "unknown_field", 1, 9, "「foo」という項目はありません"],
    ['company.employees > "50"', "type_mismatch", 1, 1, "型が合いません"],
    [
      "count('展示会場', days(30)) > 0",
      "unknown_activity_type",
      1,
      7,
      "「展示会場」という活動の種類はありません",
    ],
    ["employee > 3", "unknown_name", 1, 1, "「employee」という名前は使えません"],
    ["company.employees", "not_boolean", 1, 1, "true か false"],
    ["person.title < '課長'", "unsupported", 1, 1, "文字列の大小比較"],
    ["company.employees * 2 > 100", "unsupported", 1, 1, "演算子「*」"],
    ["[1,2].exists(x, x > 1)", "unsupported", 1, 1, "使えません"],
    ["count('資料請求', days(0)) > 0", "unsupported", 1, 15, "days(30)"],
    ["person.title.matches('部長')", "unsupported", 1, 1, "matches"],
    ["company.employees > 1.5", "unsupported", 1, 21, "小数"],
    ["company.employees > 10000000000", "literal_range", 1, 21, "±"],
  ])("%s → %s at %i:%i", (source, code, line, column, text) => {
    const error = errorOf(source);
    expect(error.code).toBe(code);
    expect({ line: error.line, column: error.column }).toEqual({ line, column });
    expect(error.message.ja).toContain(text);
    expect(error.message.en.length).toBeGreaterThan(10);
  });

  it("reports positions on later lines", () => {
    const error = errorOf("company.employees >= 50 &&\n  person.titel == '部長'");
    expect(error.code).toBe("unknown_field");
    expect(error.line).toBe(2);
    expect(error.column).toBe(10);
  });

  it("refuses empty and oversized expressions", () => {
    expect(errorOf("  ").code).toBe("syntax");
    expect(errorOf(`person.title == '${"x".repeat(2100)}'`).code).toBe("too_long");
  });
});

const lastClauses = (n: number) =>
  Array.from({ length: n }, (_, i) => `last('問い合わせ') > ${i}`).join(" || ");
const titleClauses = (n: number) =>
  Array.from({ length: n }, (_, i) => `person.title == 't${i}'`).join(" || ");
const nestedNots = (n: number) => `${"!(".repeat(n)}true${")".repeat(n)}`;

describe("the cost budget", () => {
  it.each([
    // [what, source, limit named, count found]
    ["the issue's 80-clause last() preview", lastClauses(80), "activityCalls", 80],
    [
      "21 activity calls",
      Array.from({ length: 21 }, () => "count('資料請求', days(30)) >= 1").join(" && "),
      "activityCalls",
      21,
    ],
    ["41 clauses without calls", titleClauses(41), "clauses", 41],
    ["21 levels of negation", nestedNots(21), "depth", 22],
    [
      "nested conditionals",
      `${Array.from({ length: 20 }, () => "person.title == 'a' ? ").join("")}true${" : false".repeat(20)}`,
      "depth",
      22,
    ],
  ] as const)("refuses %s, naming the limit and the count found", (_what, source, limit, found) => {
    const error = errorOf(source);
    expect(error.code).toBe("too_costly");
    const max = {
      activityCalls: RULE_BUDGET.maxActivityCalls,
      clauses: RULE_BUDGET.maxClauses,
      depth: RULE_BUDGET.maxDepth,
    }[limit];
    for (const text of [error.message.ja, error.message.en]) {
      expect(text).toContain(String(found));
      expect(text).toContain(String(max));
    }
    expect(error.end).toBeGreaterThan(error.start);
  });

  it.each([
    ["20 activity calls", lastClauses(20), { activityCalls: 20, clauses: 20 }],
    ["40 clauses", titleClauses(40), { activityCalls: 0, clauses: 40 }],
    ["a long chain of && as one level", titleClauses(40).replaceAll("||", "&&"), { depth: 3 }],
    ["20 levels of negation", nestedNots(19), { depth: 20 }],
  ])("accepts %s", (_what, source, expected) => {
    const result = checkExpression(source);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(expressionCost(result.expression)).toMatchObject(expected);
  });

  it("keeps the length limit in the budget", () => {
    const error = errorOf(`person.title == '${"x".repeat(RULE_BUDGET.maxLength)}'`);
    expect(error.code).toBe("too_long");
    expect(error.message.ja).toContain(String(RULE_BUDGET.maxLength));
  });
});

const now = new Date("2026-11-20T03:00:00Z");
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const facts = (over: Partial<RuleFacts> = {}): RuleFacts => ({
  person: {
    stage: "lead",
    temperature: null,
    title: "部長",
    department: "情報システム部",
    email: "taro@example.co.jp",
    source: "展示会",
    consentStatus: "opted_in",
    stageChangedAt: daysAgo(10),
    createdAt: daysAgo(40),
  },
  company: {
    name: "株式会社テスト",
    industry: "manufacturing",
    employeeBand: "100-299",
    prefecture: "東京都",
    domain: "example.co.jp",
  },
  score: { fit: 0, engagement: 0, total: 0 },
  activities: [
    { type: "document_request", campaignType: null, occurredAt: daysAgo(3) },
    { type: "business_card_exchange", campaignType: "exhibition", occurredAt: daysAgo(20) },
    { type: "inquiry", campaignType: null, occurredAt: daysAgo(45) },
    { type: "document_request", campaignType: null, occurredAt: daysAgo(-1) }, // in the future: never counts
  ],
  ...over,
});

function evaluate(source: string, f: RuleFacts = facts()): boolean {
  const result = checkExpression(source);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return evaluateExpression(result.expression, f, now);
}

const EVALUATE_CASES: [string, boolean][] = [
  ["company.employees >= 50 && count('資料請求', days(30)) >= 1 && !(person.email_domain in freemail)", true],
  ["count('資料請求', days(2)) >= 1", false],
  ["count('document_request', days(30)) == 1", true],
  ["count_any(['ウェビナー', '展示会'], days(90)) == 1", true],
  ["last('問い合わせ') == 45", true],
  ["last('ウェビナー') == 99999", true],
  ["person.days_in_stage == 10 && person.days_since_created == 40", true],
  ["person.temperature == ''", true],
  [
    "person.title.contains('部') && person.department.startsWith('情報') && company.domain.endsWith('.jp')",
    true,
  ],
  ["company.industry in ['manufacturing', 'it_software'] ? score.total >= 0 : false", true],
  ["score.total + 10 > 5 - -1", true],
];

describe("evaluateExpression", () => {
  it.each(EVALUATE_CASES)("%s → %s", (source, expected) => {
    expect(evaluate(source)).toBe(expected);
  });

  it("reads a freemail address and a missing company as empty values", () => {
    const f = facts({ company: null });
    f.person.email = "someone@gmail.com";
    expect(
      evaluate("person.email_domain in freemail && company.employees == 0 && company.industry == ''", f),
    ).toBe(true);
  });

  it("counts only activities after activitySince (a recycled person needs fresh engagement)", () => {
    expect(evaluate("count('資料請求', days(30)) >= 1", facts({ activitySince: daysAgo(1) }))).toBe(false);
    expect(evaluate("count('資料請求', days(30)) >= 1", facts({ activitySince: daysAgo(5) }))).toBe(true);
  });
});

/**
 * The evaluator as it was before environments were cached: a fresh clone of the environment per
 * call, with the activity functions registered as closures over this person and moment. Kept
 * here as the reference the cached evaluator must agree with.
 */
function uncachedEvaluate(expression: CheckedExpression, f: RuleFacts, at: Date): boolean {
  const since = f.activitySince?.getTime() ?? Number.NEGATIVE_INFINITY;
  const nowMs = at.getTime();
  const matching = (terms: string[]) => {
    const matcher = resolveActivityTerms(terms);
    if ("unknown" in matcher) return [];
    return f.activities.filter((a) => {
      const t = a.occurredAt.getTime();
      if (t > nowMs || t <= since) return false;
      return (
        matcher.activityTypes.includes(a.type as never) ||
        (a.campaignType !== null && matcher.campaignTypes.includes(a.campaignType as never))
      );
    });
  };
  const countIn = (terms: string[], days: bigint) =>
    BigInt(matching(terms).filter((a) => a.occurredAt.getTime() > nowMs - Number(days) * DAY_MS).length);
  const env = createRuleEnvironment()
    .registerFunction("count(string, int): int", (term: string, days: bigint) => countIn([term], days))
    .registerFunction("count_any(list<string>, int): int", (terms: string[], days: bigint) =>
      countIn(terms, days),
    )
    .registerFunction("last(string): int", (term: string) => {
      const times = matching([term]).map((a) => a.occurredAt.getTime());
      if (times.length === 0) return BigInt(NEVER_DAYS);
      return BigInt(Math.floor((nowMs - Math.max(...times)) / DAY_MS));
    })
    .registerFunction("days(int): int", (days: bigint) => days);
  const values = vocabularyValues(f, at);
  const cel = (r: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? BigInt(v) : v]));
  const context = {
    person: cel(values.person),
    company: cel(values.company),
    score: cel(values.score),
    freemail: [...FREEMAIL_DOMAINS],
  };
  return env.evaluate(expression.source, context) === true;
}

describe("cached evaluation", () => {
  const variants: [string, RuleFacts, Date][] = [
    ["the base person", facts(), now],
    ["a recycled person", facts({ activitySince: daysAgo(1) }), now],
    [
      "no company, freemail",
      { ...facts({ company: null }), person: { ...facts().person, email: "a@gmail.com" } },
      now,
    ],
    ["no activities", facts({ activities: [] }), now],
    ["a hot scored person", { ...facts(), score: { fit: 80, engagement: 40, total: 60 } }, now],
    ["four days later", facts(), new Date(now.getTime() + 4 * DAY_MS)],
    ["a month earlier", facts(), daysAgo(30)],
  ];
  const sources = [
    ...EVALUATE_CASES.map(([source]) => source),
    "person.email_domain in freemail && company.employees == 0 && company.industry == ''",
    "count('資料請求', days(30)) >= 1",
    "score.total >= 60 || last('問い合わせ') <= 7",
    "count_any(['電話', '商談'], days(30)) >= 1 && person.consent != 'opted_out'",
  ];

  it.each(sources)("agrees with per-call environments for %s", (source) => {
    const result = checkExpression(source);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const compiled = compileExpression(result.expression);
    // Several people in turn through one compiled expression and one cache entry, twice over:
    // nothing of one person's evaluation may leak into the next.
    for (let round = 0; round < 2; round++) {
      for (const [what, f, at] of variants) {
        const expected = uncachedEvaluate(result.expression, f, at);
        expect({ what, result: compiled(f, at) }).toEqual({ what, result: expected });
        expect({ what, result: evaluateExpression(result.expression, f, at) }).toEqual({
          what,
          result: expected,
        });
      }
    }
  });

  it("tells true from false across people with one compiled expression", () => {
    const result = checkExpression("count('資料請求', days(30)) >= 1");
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const answers = variants.map(([, f, at]) => evaluateExpression(result.expression, f, at));
    expect(answers).toEqual([true, false, true, false, true, true, false]);
  });

  it("still refuses an over-budget expression after an in-budget one was compiled and run", () => {
    const calls = (n: number) =>
      Array.from({ length: n }, () => "count('資料請求', days(30)) >= 1").join(" && ");
    const atLimit = checkExpression(calls(RULE_BUDGET.maxActivityCalls));
    if (!atLimit.ok) throw new Error(JSON.stringify(atLimit.errors));
    for (let i = 0; i < 3; i++) expect(evaluateExpression(atLimit.expression, facts(), now)).toBe(true);
    const over = errorOf(calls(RULE_BUDGET.maxActivityCalls + 1));
    expect(over.code).toBe("too_costly");
    expect(over.message.en).toContain(String(RULE_BUDGET.maxActivityCalls));
    expect(errorOf(titleClauses(RULE_BUDGET.maxClauses + 1)).code).toBe("too_costly");
    expect(errorOf(nestedNots(RULE_BUDGET.maxDepth + 1)).code).toBe("too_costly");
  });

  it("keeps the parser's limits when compiling an expression that skipped checking", () => {
    // 201 list items pass no check; the cached environment must still refuse them, as before.
    const source = `person.title in [${Array.from({ length: 201 }, (_, i) => `'t${i}'`).join(", ")}]`;
    const forged = {
      source,
      root: { kind: "literal", type: "bool", value: true, start: 0, end: 0 },
    } as const;
    expect(() => compileExpression(forged)).toThrow();
    expect(() => evaluateExpression(forged, facts(), now)).toThrow();
    expect(() => uncachedEvaluate(forged, facts(), now)).toThrow();
  });
});
