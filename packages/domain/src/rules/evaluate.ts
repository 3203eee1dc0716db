import type { Environment } from "@marcbachmann/cel-js";
import { type CheckedExpression, createRuleEnvironment } from "./check.ts";
import { DAY_MS, type RuleFacts, vocabularyValues } from "./facts.ts";
import { FREEMAIL_DOMAINS, NEVER_DAYS, resolveActivityTerms } from "./vocabulary.ts";

let base: Environment | null = null;

/**
 * Evaluates a checked expression for one person with the CEL engine. Activity functions are
 * bound to this person's activities; the SQL compiler implements the same definitions.
 */
export function evaluateExpression(expression: CheckedExpression, facts: RuleFacts, now: Date): boolean {
  base ??= createRuleEnvironment();
  const since = facts.activitySince?.getTime() ?? Number.NEGATIVE_INFINITY;
  const nowMs = now.getTime();
  const matching = (terms: string[]) => {
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
  };
  const countIn = (terms: string[], days: bigint) => {
    const from = nowMs - Number(days) * DAY_MS;
    return BigInt(matching(terms).filter((a) => a.occurredAt.getTime() > from).length);
  };
  const env = base
    .clone()
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
  const values = vocabularyValues(facts, now);
  const context = {
    person: toCel(values.person),
    company: toCel(values.company),
    score: toCel(values.score),
    freemail: [...FREEMAIL_DOMAINS],
  };
  return env.evaluate(expression.source, context) === true;
}

/** CEL integers are BigInt. */
function toCel(record: Record<string, string | number>): Record<string, string | bigint> {
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, typeof v === "number" ? BigInt(v) : v]),
  );
}
