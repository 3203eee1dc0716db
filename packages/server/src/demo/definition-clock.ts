import {
  ACTIVITY_TERMS,
  type ActivityMatcher,
  CAMPAIGN_TERMS,
  type CheckedExpression,
  type CheckedScoringModel,
  type CompiledExpression,
  checkExpression,
  compileExpression,
  DAY_MS,
  fieldsRead,
  type LifecycleStage,
  RULE_FIELDS,
  type RuleFacts,
  type RuleNode,
  scorePerson,
  vocabularyValues,
} from "@tasuki/domain";

/** One approved definition version as the demo's history runs it. */
export interface DemoDefinition {
  key: string;
  nameJa: string;
  versionId: string;
  number: number;
  targetStage: LifecycleStage | null;
  autoAdvance: boolean;
  expression: CheckedExpression;
  /** The expression parsed once: the demo runs it for every person at many moments. */
  holds: CompiledExpression;
  /** What its activity functions count (count, count_any, last), with their windows. */
  activityChecks: { matcher: ActivityMatcher; windowDays: number | null }[];
  fields: string[];
}

export type Touch = RuleFacts["activities"][number];

export function demoDefinition(input: {
  key: string;
  nameJa: string;
  versionId: string;
  number: number;
  targetStage: LifecycleStage | null;
  autoAdvance: boolean;
  expression: string;
}): DemoDefinition {
  const result = checkExpression(input.expression);
  if (!result.ok)
    throw new Error(`Demo definition ${input.key} does not check: ${result.errors[0]?.message.en}`);
  const activityChecks: DemoDefinition["activityChecks"] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object" && "kind" in value) {
      const node = value as RuleNode;
      if (node.kind === "count") activityChecks.push({ matcher: node.matcher, windowDays: node.windowDays });
      else if (node.kind === "last") activityChecks.push({ matcher: node.matcher, windowDays: null });
      else Object.values(node).forEach(visit);
    }
  };
  visit(result.expression.root);
  return {
    ...input,
    expression: result.expression,
    holds: compileExpression(result.expression),
    activityChecks,
    fields: [...fieldsRead(result.expression)].sort(),
  };
}

/** Whether the rule reads a score (then its moments need the score as it was then). */
export const readsScore = (definition: DemoDefinition) =>
  definition.fields.some((f) => f.startsWith("score."));

const matches = (matcher: ActivityMatcher, touch: Touch) =>
  matcher.activityTypes.includes(touch.type as never) ||
  (touch.campaignType !== null && matcher.campaignTypes.includes(touch.campaignType as never));

/**
 * The person's facts at one moment, as the product would load them then: the activities so far,
 * the stage they were in, only activities since a recycling counting (no ping-pong), and — only
 * when the definition reads a score — the score the product's scoring would have computed then.
 */
export function factsAt(
  base: Omit<RuleFacts, "activities" | "activitySince" | "score">,
  touches: readonly Touch[],
  at: number,
  scoring: CheckedScoringModel | null,
): RuleFacts {
  const activities = touches.filter((t) => t.occurredAt.getTime() <= at);
  const facts: RuleFacts = {
    ...base,
    activities,
    activitySince: base.person.stage === "recycled" ? base.person.stageChangedAt : null,
    score: { fit: 0, engagement: 0, total: 0 },
  };
  if (scoring) {
    const { fit, engagement, total } = scorePerson(scoring, facts, new Date(at));
    facts.score = { fit, engagement, total };
  }
  return facts;
}

/**
 * The first moment in [from, until) at which the definition holds for the person, running the
 * product's own rule evaluation: at the stage start and at each activity that can change the
 * rule's answer (those its activity functions count; any activity, and each day, when it reads
 * scores or day counts). Null if it never holds before `until`.
 */
export function firstMomentMet(
  definition: DemoDefinition,
  base: Omit<RuleFacts, "activities" | "activitySince" | "score">,
  touches: readonly Touch[],
  from: number,
  until: number,
  scoring: CheckedScoringModel | null,
): number | null {
  const scored = readsScore(definition);
  const readsDays = definition.fields.some((f) => f.startsWith("person.days_"));
  const moments = new Set<number>([from]);
  for (const touch of touches) {
    const at = touch.occurredAt.getTime();
    if (at <= from || at >= until) continue;
    if (scored || definition.activityChecks.some((c) => matches(c.matcher, touch))) moments.add(at);
  }
  if (scored || readsDays) for (let at = from + DAY_MS; at < until; at += DAY_MS) moments.add(at);
  for (const at of [...moments].sort((a, b) => a - b)) {
    const facts = factsAt(base, touches, at, scored ? scoring : null);
    if (definition.holds(facts, new Date(at))) return at;
  }
  return null;
}

const ACTIVITY_LABEL = new Map(
  Object.entries(ACTIVITY_TERMS)
    .filter(([term, type]) => term !== type)
    .map(([term, type]) => [type as string, term]),
);
const CAMPAIGN_LABEL = new Map(
  Object.entries(CAMPAIGN_TERMS)
    .filter(([term]) => !term.startsWith("campaign:"))
    .map(([term, type]) => [type as string, term]),
);

function jstMonthDay(at: number): string {
  const d = new Date(at + 9 * 3_600_000);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}`;
}

/** The product's stage-change reason for a move made by a definition (definitions.service autoReason). */
export function autoReason(definition: DemoDefinition): string {
  return `定義「${definition.nameJa}」v${definition.number} を満たしたため自動で移動`;
}

/**
 * The baton note of a move made by a definition: the reason, then what the rule checked with
 * the values it saw (the activities it counted, with their days, and each field it read).
 */
export function whyNow(definition: DemoDefinition, facts: RuleFacts, at: number): string {
  const since = facts.activitySince?.getTime() ?? Number.NEGATIVE_INFINITY;
  const counted = new Map<Touch, string>();
  for (const check of definition.activityChecks) {
    const from = check.windowDays === null ? since : Math.max(since, at - check.windowDays * DAY_MS);
    for (const a of facts.activities) {
      const t = a.occurredAt.getTime();
      if (t <= from || t > at || !matches(check.matcher, a) || counted.has(a)) continue;
      const campaign =
        a.campaignType !== null && check.matcher.campaignTypes.includes(a.campaignType as never);
      const label = campaign ? CAMPAIGN_LABEL.get(a.campaignType!) : ACTIVITY_LABEL.get(a.type);
      counted.set(a, `${label ?? a.type} ${jstMonthDay(t)}`);
    }
  }
  const parts: string[] = [];
  if (counted.size > 0) {
    const touches = [...counted].sort(([a], [b]) => a.occurredAt.getTime() - b.occurredAt.getTime());
    parts.push(`数えた接点: ${touches.map(([, text]) => text).join("・")}`);
  }
  const values = vocabularyValues(facts, new Date(at));
  for (const field of definition.fields) {
    if (field === "company.employees") {
      parts.push(`従業員規模 ${facts.company?.employeeBand ?? "不明"}名`);
      continue;
    }
    const [object, name] = field.split(".") as [keyof typeof RULE_FIELDS, string];
    const spec = (RULE_FIELDS[object] as Record<string, { ja: string }>)[name];
    const label = spec?.ja.replace(/（.*$/, "") ?? field;
    const value = values[object][name];
    parts.push(`${label} ${value === "" ? "未設定" : value}`);
  }
  return `${autoReason(definition)}（${parts.join("、")}）`;
}
