import { type ASTNode, Environment } from "@marcbachmann/cel-js";
import {
  ACTIVITY_TERMS,
  type ActivityMatcher,
  CAMPAIGN_TERMS,
  MAX_EXPRESSION_LENGTH,
  MAX_INT_LITERAL,
  MAX_WINDOW_DAYS,
  RULE_BUDGET,
  RULE_FIELDS,
  type RuleObject,
  resolveActivityTerms,
} from "./vocabulary.ts";

/** A problem in an expression, at a position people can find: 1-based line and column. */
export interface RuleError {
  code: RuleErrorCode;
  line: number;
  column: number;
  /** UTF-16 offsets into the source, for underlining. */
  start: number;
  end: number;
  message: { ja: string; en: string };
}

export type RuleErrorCode =
  | "syntax"
  | "unbalanced"
  | "unknown_name"
  | "unknown_field"
  | "type_mismatch"
  | "unknown_function"
  | "unknown_activity_type"
  | "not_boolean"
  | "unsupported"
  | "too_long"
  | "too_costly"
  | "literal_range";

export type ExprType = "bool" | "int" | "string" | "list<string>" | "list<int>";

/** A node of a checked expression; every node the compiler and evaluator meet is one of these. */
export type RuleNode =
  | {
      kind: "literal";
      type: "bool" | "int" | "string";
      value: boolean | number | string;
      start: number;
      end: number;
    }
  | { kind: "field"; type: ExprType; object: RuleObject; field: string; start: number; end: number }
  | { kind: "freemail"; type: "list<string>"; start: number; end: number }
  | { kind: "list"; type: ExprType; items: RuleNode[]; start: number; end: number }
  | { kind: "not"; type: "bool"; operand: RuleNode; start: number; end: number }
  | { kind: "negate"; type: "int"; operand: RuleNode; start: number; end: number }
  | {
      kind: "logical";
      type: "bool";
      op: "&&" | "||";
      left: RuleNode;
      right: RuleNode;
      start: number;
      end: number;
    }
  | {
      kind: "compare";
      type: "bool";
      op: "==" | "!=" | "<" | "<=" | ">" | ">=";
      left: RuleNode;
      right: RuleNode;
      start: number;
      end: number;
    }
  | { kind: "arith"; type: "int"; op: "+" | "-"; left: RuleNode; right: RuleNode; start: number; end: number }
  | { kind: "in"; type: "bool"; needle: RuleNode; list: RuleNode; start: number; end: number }
  | {
      kind: "string_test";
      type: "bool";
      op: "contains" | "startsWith" | "endsWith";
      target: RuleNode;
      argument: RuleNode;
      start: number;
      end: number;
    }
  | {
      kind: "conditional";
      type: ExprType;
      test: RuleNode;
      then: RuleNode;
      otherwise: RuleNode;
      start: number;
      end: number;
    }
  | { kind: "count"; type: "int"; matcher: ActivityMatcher; windowDays: number; start: number; end: number }
  | { kind: "last"; type: "int"; matcher: ActivityMatcher; start: number; end: number };

/** An expression that parsed, type-checked and uses only what both engines support. */
export interface CheckedExpression {
  source: string;
  root: RuleNode;
}

export type CheckResult = { ok: true; expression: CheckedExpression } | { ok: false; errors: RuleError[] };

/** Every field an expression reads, as "object.field" ("person.title", "company.employees"). */
export function fieldsRead(expression: CheckedExpression): Set<string> {
  const fields = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object" && "kind" in value) {
      const node = value as RuleNode;
      if (node.kind === "field") fields.add(`${node.object}.${node.field}`);
      else Object.values(node).forEach(visit);
    }
  };
  visit(expression.root);
  return fields;
}

const FUNCTION_SIGNATURES = [
  "count(string, int): int",
  "count_any(list<string>, int): int",
  "last(string): int",
  "days(int): int",
] as const;

/** The parser and type checker: the vocabulary, plus placeholder handlers (evaluation binds real ones). */
export function createRuleEnvironment(): Environment {
  let env = new Environment({
    limits: { maxAstNodes: 400, maxDepth: 40, maxListElements: 200, maxMapEntries: 0, maxCallArguments: 4 },
  });
  for (const [object, fields] of Object.entries(RULE_FIELDS)) {
    const schema = Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.type]));
    env = env.registerVariable({ name: object, schema });
  }
  env = env.registerVariable("freemail", "list<string>");
  return env;
}

let checkingEnvironment: Environment | null = null;
function checkingEnv(): Environment {
  if (!checkingEnvironment) {
    let env = createRuleEnvironment();
    for (const signature of FUNCTION_SIGNATURES) env = env.registerFunction(signature, () => 0n);
    checkingEnvironment = env;
  }
  return checkingEnvironment;
}

/** Parses, type-checks and restricts an expression; errors carry line, column and ja/en text. */
export function checkExpression(source: string): CheckResult {
  if (source.length > MAX_EXPRESSION_LENGTH) {
    return fail(source, "too_long", 0, source.length, {
      ja: `式が長すぎます（${source.length}文字）。${MAX_EXPRESSION_LENGTH}文字以内にしてください。`,
      en: `The expression is too long (${source.length} characters); keep it within ${MAX_EXPRESSION_LENGTH}.`,
    });
  }
  if (source.trim() === "") {
    return fail(source, "syntax", 0, 0, {
      ja: "式が空です。条件を入力してください。",
      en: "The expression is empty; enter a condition.",
    });
  }
  let ast: ASTNode;
  try {
    const parsed = checkingEnv().parse(source);
    const typed = parsed.check();
    if (!typed.valid) return { ok: false, errors: [fromCelError(source, typed.error)] };
    ast = parsed.ast as ASTNode;
  } catch (error) {
    return { ok: false, errors: [fromCelError(source, error)] };
  }
  try {
    const root = toRuleNode(source, ast);
    if (root.type !== "bool") {
      throw ruleError(source, "not_boolean", root.start, root.end, {
        ja: "条件式は true か false になる必要があります（例: company.employees >= 50）。",
        en: "A condition must be true or false (e.g. company.employees >= 50).",
      });
    }
    checkBudget(source, root);
    return { ok: true, expression: { source, root } };
  } catch (error) {
    if (error instanceof RuleErrorThrown) return { ok: false, errors: [error.detail] };
    throw error;
  }
}

class RuleErrorThrown extends Error {
  constructor(readonly detail: RuleError) {
    super(detail.message.en);
  }
}

function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: Array.from(lines[lines.length - 1] ?? "").length + 1 };
}

function ruleError(
  source: string,
  code: RuleErrorCode,
  start: number,
  end: number,
  message: RuleError["message"],
) {
  return new RuleErrorThrown({ code, ...position(source, start), start, end: Math.max(end, start), message });
}

function fail(
  source: string,
  code: RuleErrorCode,
  start: number,
  end: number,
  message: RuleError["message"],
): CheckResult {
  return { ok: false, errors: [ruleError(source, code, start, end, message).detail] };
}

const OBJECT_NAMES = Object.keys(RULE_FIELDS).join(", ");
const TERM_LIST = Object.keys(ACTIVITY_TERMS)
  .filter((t) => !/^[a-z_]+$/.test(t))
  .concat(Object.keys(CAMPAIGN_TERMS).filter((t) => !t.startsWith("campaign:")))
  .join("、");

/** Turns the library's English errors into ours, keeping its position. */
function fromCelError(source: string, error: unknown): RuleError {
  const e = error as {
    code?: string;
    summary?: string;
    message?: string;
    range?: { start: number; end: number };
    node?: { start?: number; end?: number; pos?: number };
  };
  const summary = e.summary ?? e.message ?? String(error);
  const start = e.range?.start ?? e.node?.start ?? e.node?.pos ?? 0;
  const end = e.range?.end ?? e.node?.end ?? start;
  const at = (code: RuleErrorCode, message: RuleError["message"]) =>
    ruleError(source, code, start, end, message).detail;

  if (/Expected RPAREN|Expected RBRACKET|unbalanced|Unexpected token: RPAREN/i.test(summary)) {
    const opens = (source.match(/\(/g) ?? []).length;
    const closes = (source.match(/\)/g) ?? []).length;
    const missing = opens > closes;
    return at("unbalanced", {
      ja: missing
        ? "閉じ括弧「)」が足りません。括弧の対応を確認してください。"
        : "括弧「(」「)」の対応が取れていません。",
      en: missing ? "A closing parenthesis ')' is missing." : "Parentheses '(' and ')' do not match.",
    });
  }
  if (e.code === "unknown_variable" || /Unknown variable/.test(summary)) {
    const name = /Unknown variable: (\S+)/.exec(summary)?.[1] ?? "";
    return at("unknown_name", {
      ja: `「${name}」という名前は使えません。使える名前: ${OBJECT_NAMES}, freemail と関数 count, count_any, last, days。`,
      en: `Unknown name "${name}". Use ${OBJECT_NAMES}, freemail and the functions count, count_any, last, days.`,
    });
  }
  if (e.code === "no_such_key" || /No such key/.test(summary)) {
    const key = /No such key: (\S+)/.exec(summary)?.[1] ?? "";
    const object = Object.keys(RULE_FIELDS).find((o) =>
      source.slice(Math.max(0, start - o.length - 1), start + 1).includes(o),
    );
    const fields = object ? Object.keys(RULE_FIELDS[object as RuleObject]).join(", ") : "";
    return at("unknown_field", {
      ja: `「${key}」という項目はありません。${object ? `${object} で使える項目: ${fields}` : ""}`,
      en: `There is no field "${key}".${object ? ` Fields of ${object}: ${fields}` : ""}`,
    });
  }
  if (/found no matching overload for '(\w+)\(/.test(summary)) {
    const fn = /found no matching overload for '([\w.]+)\(/.exec(summary)?.[1] ?? "";
    const known = [
      "count",
      "count_any",
      "last",
      "days",
      "string.contains",
      "string.startsWith",
      "string.endsWith",
    ];
    if (!known.includes(fn) && !fn.startsWith("string.")) {
      return at("unknown_function", {
        ja: `関数「${fn}」は使えません。使える関数: count, count_any, last, days と文字列の contains, startsWith, endsWith。`,
        en: `Function "${fn}" is not available. Use count, count_any, last, days and string contains, startsWith, endsWith.`,
      });
    }
    return at("type_mismatch", {
      ja: `関数「${fn}」の引数の型が違います（${summary.replace(/^found no matching overload for /, "")}）。例: count('資料請求', days(30))`,
      en: `Wrong argument types for "${fn}" (${summary.replace(/^found no matching overload for /, "")}). Example: count('資料請求', days(30))`,
    });
  }
  if (/no such overload/.test(summary)) {
    const detail = summary.replace(/^no such overload: /, "");
    return at("type_mismatch", {
      ja: `型が合いません（${detail}）。数値は数値と、文字列は文字列と比べてください。文字列は "..." で囲みます。`,
      en: `Types do not match (${detail}). Compare numbers with numbers and strings with strings; quote strings.`,
    });
  }
  if (e.code === "limit_exceeded") {
    return at("too_long", {
      ja: "式が複雑すぎます。条件を分けてください。",
      en: "The expression is too complex; split it up.",
    });
  }
  return at("syntax", {
    ja: `式を読み取れません（${summary.split("\n")[0]}）。引用符や演算子（&&, ||, ==）を確認してください。`,
    en: `The expression cannot be read (${summary.split("\n")[0]}). Check quotes and operators (&&, ||, ==).`,
  });
}

function unsupported(source: string, node: ASTNode, what: { ja: string; en: string }): never {
  throw ruleError(source, "unsupported", node.start, node.end, {
    ja: `${what.ja}はルール言語では使えません。`,
    en: `${what.en} is not supported in the rule language.`,
  });
}

type AnyNode = ASTNode & { op: string; args: unknown };

/** Walks the library's AST into ours, refusing anything the SQL compiler could not mirror exactly. */
function toRuleNode(source: string, raw: ASTNode): RuleNode {
  const node = raw as AnyNode;
  const span = { start: node.start, end: node.end };
  const walk = (child: unknown) => toRuleNode(source, child as ASTNode);
  switch (node.op) {
    case "value": {
      const value = node.args;
      if (typeof value === "boolean") return { kind: "literal", type: "bool", value, ...span };
      if (typeof value === "string") {
        if (value.includes("\u0000"))
          return unsupported(source, node, { ja: "NUL 文字（\\u0000）", en: "The NUL character (\\u0000)" });
        return { kind: "literal", type: "string", value, ...span };
      }
      if (typeof value === "bigint") {
        if (value > BigInt(MAX_INT_LITERAL) || value < -BigInt(MAX_INT_LITERAL)) {
          throw ruleError(source, "literal_range", node.start, node.end, {
            ja: `数値は ±${MAX_INT_LITERAL.toLocaleString("ja-JP")} の範囲で書いてください。`,
            en: `Numbers must be within ±${MAX_INT_LITERAL.toLocaleString("en-US")}.`,
          });
        }
        return { kind: "literal", type: "int", value: Number(value), ...span };
      }
      if (typeof value === "number") return unsupported(source, node, { ja: "小数", en: "A decimal number" });
      return unsupported(source, node, {
        ja: "この値（null、バイト列など）",
        en: "This literal (null, bytes, …)",
      });
    }
    case "id": {
      if (node.args === "freemail") return { kind: "freemail", type: "list<string>", ...span };
      return unsupported(source, node, {
        ja: `「${String(node.args)}」単体`,
        en: `"${String(node.args)}" on its own`,
      });
    }
    case ".": {
      const [target, field] = node.args as [AnyNode, string];
      const object = target.op === "id" ? (target.args as string) : null;
      const fields = object
        ? (RULE_FIELDS as Record<string, Record<string, { type: string }>>)[object]
        : undefined;
      const definition = fields?.[field];
      if (!object || !definition)
        return unsupported(source, node, { ja: "この項目の参照", en: "This field access" });
      return {
        kind: "field",
        type: definition.type as ExprType,
        object: object as RuleObject,
        field,
        ...span,
      };
    }
    case "list": {
      const items = (node.args as unknown[]).map(walk);
      const itemType = items[0]?.type ?? "string";
      if (itemType !== "string" && itemType !== "int")
        return unsupported(source, node, { ja: "このリスト", en: "This list" });
      return { kind: "list", type: itemType === "int" ? "list<int>" : "list<string>", items, ...span };
    }
    case "!_":
      return { kind: "not", type: "bool", operand: walk(node.args), ...span };
    case "-_": {
      const operand = walk(node.args);
      if (operand.type !== "int")
        return unsupported(source, node, { ja: "数値以外の符号反転", en: "Negating a non-number" });
      return { kind: "negate", type: "int", operand, ...span };
    }
    case "&&":
    case "||": {
      const [left, right] = (node.args as unknown[]).map(walk) as [RuleNode, RuleNode];
      return { kind: "logical", type: "bool", op: node.op, left, right, ...span };
    }
    case "==":
    case "!=":
    case "<":
    case "<=":
    case ">":
    case ">=": {
      const [left, right] = (node.args as unknown[]).map(walk) as [RuleNode, RuleNode];
      if (left.type.startsWith("list"))
        return unsupported(source, node, { ja: "リストの比較", en: "Comparing lists" });
      if (node.op !== "==" && node.op !== "!=" && left.type !== "int") {
        // Text ordering depends on the database collation, so only numbers are ordered.
        return unsupported(source, node, { ja: "文字列の大小比較", en: "Ordering strings" });
      }
      return { kind: "compare", type: "bool", op: node.op, left, right, ...span };
    }
    case "+":
    case "-": {
      const [left, right] = (node.args as unknown[]).map(walk) as [RuleNode, RuleNode];
      if (left.type !== "int")
        return unsupported(source, node, {
          ja: "数値以外の足し算・引き算",
          en: "Adding or subtracting non-numbers",
        });
      return { kind: "arith", type: "int", op: node.op, left, right, ...span };
    }
    case "*":
    case "/":
    case "%":
      return unsupported(source, node, { ja: `演算子「${node.op}」`, en: `The operator "${node.op}"` });
    case "in": {
      const [needle, list] = (node.args as unknown[]).map(walk) as [RuleNode, RuleNode];
      if (list.kind !== "list" && list.kind !== "freemail") {
        return unsupported(source, node, {
          ja: "リスト以外への in",
          en: '"in" on something other than a list',
        });
      }
      return { kind: "in", type: "bool", needle, list, ...span };
    }
    case "?:": {
      const [test, then, otherwise] = (node.args as unknown[]).map(walk) as [RuleNode, RuleNode, RuleNode];
      if (then.type.startsWith("list"))
        return unsupported(source, node, { ja: "リストを返す条件式", en: "A conditional returning a list" });
      return { kind: "conditional", type: then.type, test, then, otherwise, ...span };
    }
    case "rcall": {
      const [method, target, args] = node.args as [string, AnyNode, AnyNode[]];
      if ((method === "contains" || method === "startsWith" || method === "endsWith") && args.length === 1) {
        const targetNode = walk(target);
        if (targetNode.type === "string") {
          return {
            kind: "string_test",
            type: "bool",
            op: method,
            target: targetNode,
            argument: walk(args[0]),
            ...span,
          };
        }
      }
      return unsupported(source, node, { ja: `メソッド「${method}」`, en: `The method "${method}"` });
    }
    case "call": {
      const [name, args] = node.args as [string, AnyNode[]];
      if (name === "count" || name === "count_any" || name === "last") {
        const termsNode = args[0]!;
        const terms = literalStrings(source, termsNode, name === "count_any");
        const matcher = resolveActivityTerms(terms);
        if ("unknown" in matcher) {
          throw ruleError(source, "unknown_activity_type", termsNode.start, termsNode.end, {
            ja: `「${matcher.unknown}」という活動の種類はありません。使えるのは: ${TERM_LIST}。`,
            en: `Unknown activity type "${matcher.unknown}". Use one of: ${TERM_LIST}.`,
          });
        }
        if (name === "last") return { kind: "last", type: "int", matcher, ...span };
        return { kind: "count", type: "int", matcher, windowDays: windowDays(source, args[1]!), ...span };
      }
      if (name === "days")
        return unsupported(source, node, { ja: "count の外での days()", en: "days() outside count()" });
      return unsupported(source, node, { ja: `関数「${name}」`, en: `The function "${name}"` });
    }
    default:
      return unsupported(source, node, { ja: `構文「${node.op}」`, en: `The construct "${node.op}"` });
  }
}

/** What an expression costs, measured against `RULE_BUDGET` by `checkBudget`. */
export interface RuleCost {
  activityCalls: number;
  clauses: number;
  depth: number;
}

function childrenOf(node: RuleNode): RuleNode[] {
  switch (node.kind) {
    case "list":
      return node.items;
    case "not":
    case "negate":
      return [node.operand];
    case "logical":
    case "compare":
    case "arith":
      return [node.left, node.right];
    case "in":
      return [node.needle, node.list];
    case "string_test":
      return [node.target, node.argument];
    case "conditional":
      return [node.test, node.then, node.otherwise];
    default:
      return [];
  }
}

/**
 * Walks a checked tree once, in source order, calling `over` at the first node that takes a
 * measure past its limit (so the error can underline it). A chain of one operator
 * (`a && b && c`, `x + y + z`) is one level of nesting, however long: the parser nests it to
 * the left, but nobody reads it as nested.
 */
function measure(root: RuleNode, over?: (limit: keyof RuleCost, node: RuleNode) => void): RuleCost {
  const cost: RuleCost = { activityCalls: 0, clauses: 1, depth: 0 };
  const visit = (node: RuleNode, depth: number, parent: RuleNode | null) => {
    const chained =
      parent !== null &&
      (node.kind === "logical" || node.kind === "arith") &&
      parent.kind === node.kind &&
      parent.op === node.op;
    const level = chained ? depth : depth + 1;
    if (level > cost.depth) {
      cost.depth = level;
      if (level === RULE_BUDGET.maxDepth + 1) over?.("depth", node);
    }
    if (node.kind === "count" || node.kind === "last") {
      cost.activityCalls += 1;
      if (cost.activityCalls === RULE_BUDGET.maxActivityCalls + 1) over?.("activityCalls", node);
    }
    if (node.kind === "logical") {
      cost.clauses += 1;
      if (cost.clauses === RULE_BUDGET.maxClauses + 1) over?.("clauses", node.right);
    }
    for (const child of childrenOf(node)) visit(child, level, node);
  };
  visit(root, 0, null);
  return cost;
}

/** The cost of a checked expression (calls of count/count_any/last, clauses, nesting depth). */
export function expressionCost(expression: CheckedExpression): RuleCost {
  return measure(expression.root);
}

const BUDGET_TEXT: Record<keyof RuleCost, (found: number) => RuleError["message"]> = {
  activityCalls: (found) => ({
    ja: `活動の関数（count, count_any, last）が ${found} 回使われています。1 つの式で ${RULE_BUDGET.maxActivityCalls} 回までです。種類をまとめる（count_any(['ウェビナー', '展示会'], days(90))）か、条件を分けてください。`,
    en: `The expression calls activity functions (count, count_any, last) ${found} times; the limit is ${RULE_BUDGET.maxActivityCalls}. Combine kinds (count_any(['ウェビナー', '展示会'], days(90))) or split the condition.`,
  }),
  clauses: (found) => ({
    ja: `&& と || でつないだ条件が ${found} 個あります。1 つの式で ${RULE_BUDGET.maxClauses} 個までです。in ['a', 'b'] でまとめるか、条件を分けてください。`,
    en: `The expression joins ${found} conditions with && and ||; the limit is ${RULE_BUDGET.maxClauses}. Combine them with in ['a', 'b'] or split the condition.`,
  }),
  depth: (found) => ({
    ja: `式の入れ子が ${found} 段あります。${RULE_BUDGET.maxDepth} 段までです。括弧や ! の重なりを減らしてください。`,
    en: `The expression is nested ${found} levels deep; the limit is ${RULE_BUDGET.maxDepth}. Use fewer nested parentheses and negations.`,
  }),
};

/** Refuses an expression over `RULE_BUDGET`, naming the limit and the count found. */
function checkBudget(source: string, root: RuleNode): void {
  const over: { limit: keyof RuleCost; node: RuleNode }[] = [];
  const cost = measure(root, (limit, node) => over.push({ limit, node }));
  // The calls are what an expression costs to run, so they are named first.
  const order: (keyof RuleCost)[] = ["activityCalls", "clauses", "depth"];
  const hit = order.map((limit) => over.find((o) => o.limit === limit)).find((o) => o !== undefined);
  if (!hit) return;
  throw ruleError(
    source,
    "too_costly",
    hit.node.start,
    hit.node.end,
    BUDGET_TEXT[hit.limit](cost[hit.limit]),
  );
}

/** Activity words must be written out ('資料請求' or ['ウェビナー', '展示会']) so SQL can use them. */
function literalStrings(source: string, node: ASTNode, list: boolean): string[] {
  const n = node as AnyNode;
  if (!list && n.op === "value" && typeof n.args === "string") return [n.args];
  if (list && n.op === "list") {
    const items = n.args as AnyNode[];
    if (items.length > 0 && items.every((i) => i.op === "value" && typeof i.args === "string")) {
      return items.map((i) => i.args as string);
    }
  }
  throw ruleError(source, "unsupported", node.start, node.end, {
    ja: list
      ? "活動の種類は ['ウェビナー', '展示会'] のように直接書いてください。"
      : "活動の種類は '資料請求' のように直接書いてください。",
    en: list
      ? "Write activity types out, like ['ウェビナー', '展示会']."
      : "Write the activity type out, like '資料請求'.",
  });
}

/** The window of count(): days(N) or a plain N, 1 to 3650 days. */
function windowDays(source: string, node: ASTNode): number {
  const n = node as AnyNode;
  const inner =
    n.op === "call" && (n.args as [string, AnyNode[]])[0] === "days"
      ? (n.args as [string, AnyNode[]])[1][0]
      : n;
  if (inner && (inner as AnyNode).op === "value" && typeof (inner as AnyNode).args === "bigint") {
    const days = Number((inner as AnyNode).args);
    if (days >= 1 && days <= MAX_WINDOW_DAYS) return days;
  }
  throw ruleError(source, "unsupported", node.start, node.end, {
    ja: `期間は days(30) のように 1〜${MAX_WINDOW_DAYS} 日で直接書いてください。`,
    en: `Write the window as days(30), between 1 and ${MAX_WINDOW_DAYS} days.`,
  });
}
