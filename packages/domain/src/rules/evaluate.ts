import type { Environment } from "@marcbachmann/cel-js";
import { type CheckedExpression, createRuleEnvironment } from "./check.ts";
import { DAY_MS, type RuleFacts, vocabularyValues } from "./facts.ts";
import { FREEMAIL_DOMAINS, NEVER_DAYS, resolveActivityTerms } from "./vocabulary.ts";

/** A checked expression, parsed and type-checked once, as a function of one person's facts. */
export type CompiledExpression = (facts: RuleFacts, now: Date) => boolean;

/** The person and moment the activity functions read during one (synchronous) evaluation. */
interface Binding {
  facts: RuleFacts;
  since: number;
  nowMs: number;
}

let binding: Binding | null = null;

function bound(): Binding {
  if (!binding) throw new Error("A rule's activity functions ran outside evaluateExpression");
  return binding;
}

function matching(terms: string[]) {
  const { facts, since, nowMs } = bound();
  const matcher = resolveActivityTerms(terms);
  if ("unknown" in matcher) return [];
  return facts.activities.filter((a) => {
    const at = a.occurredAt.getTime();
    if (at > nowMs || at <= since) return false;
    return (
      matcher.activityTypes.includes(a.type as never) ||
      (a.campaignType !== null && matcher.campaignTypes.includes(a.campaignType as never))
    );
  });
}

function countIn(terms: string[], days: bigint): bigint {
  const from = bound().nowMs - Number(days) * DAY_MS;
  return BigInt(matching(terms).filter((a) => a.occurredAt.getTime() > from).length);
}

let environment: Environment | null = null;

/**
 * The evaluation environment, built once: the checking vocabulary and limits
 * (`createRuleEnvironment`) plus the activity functions, which read the person and moment bound
 * by the evaluation in progress. Registering them per call cost more than the evaluation itself.
 */
function evaluationEnvironment(): Environment {
  environment ??= createRuleEnvironment()
    .registerFunction("count(string, int): int", (term: string, days: bigint) => countIn([term], days))
    .registerFunction("count_any(list<string>, int): int", (terms: string[], days: bigint) =>
      countIn(terms, days),
    )
    .registerFunction("last(string): int", (term: string) => {
      const times = matching([term]).map((a) => a.occurredAt.getTime());
      if (times.length === 0) return BigInt(NEVER_DAYS);
      return BigInt(Math.floor((bound().nowMs - Math.max(...times)) / DAY_MS));
    })
    .registerFunction("days(int): int", (days: bigint) => days);
  return environment;
}

/**
 * Parses and type-checks a checked expression once, against the same limits as checking, and
 * returns its evaluation as a function of the facts. Use it when one expression runs for many
 * people or moments; `evaluateExpression` uses it too.
 */
export function compileExpression(expression: CheckedExpression): CompiledExpression {
  const parsed = evaluationEnvironment().parse(expression.source);
  const typed = parsed.check();
  if (!typed.valid) throw typed.error;
  return (facts, now) => {
    const values = vocabularyValues(facts, now);
    const context = {
      person: toCel(values.person),
      company: toCel(values.company),
      score: toCel(values.score),
      freemail: [...FREEMAIL_DOMAINS],
    };
    const outer = binding;
    binding = {
      facts,
      since: facts.activitySince?.getTime() ?? Number.NEGATIVE_INFINITY,
      nowMs: now.getTime(),
    };
    try {
      return parsed(context) === true;
    } finally {
      binding = outer;
    }
  };
}

/** Compiled expressions by checked expression: dropped with it, so the cache cannot outgrow them. */
const compiled = new WeakMap<CheckedExpression, CompiledExpression>();

/**
 * Evaluates a checked expression for one person with the CEL engine. Activity functions are
 * bound to this person's activities; the SQL compiler implements the same definitions.
 */
export function evaluateExpression(expression: CheckedExpression, facts: RuleFacts, now: Date): boolean {
  let run = compiled.get(expression);
  if (!run) {
    run = compileExpression(expression);
    compiled.set(expression, run);
  }
  return run(facts, now);
}

/** CEL integers are BigInt. */
function toCel(record: Record<string, string | number>): Record<string, string | bigint> {
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, typeof v === "number" ? BigInt(v) : v]),
  );
}
