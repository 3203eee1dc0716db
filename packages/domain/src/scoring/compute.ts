import { evaluateExpression } from "../rules/evaluate.ts";
import { DAY_MS, type RuleFacts } from "../rules/facts.ts";
import { type CheckedScoringModel, SCORE_MAX } from "./model.ts";

/** One line of a score's explanation; the lines of a part add up to that part. */
export interface ScoreLine {
  part: "fit" | "engagement";
  kind: "rule" | "activity" | "decay" | "cap";
  label: string;
  /** The rule's English name, when it has one (rule and activity lines). */
  labelEn?: string;
  points: number;
  /** Whole days since the activity, for activity lines. */
  ageDays?: number;
}

export interface PersonScore {
  fit: number;
  engagement: number;
  total: number;
  lines: ScoreLine[];
}

/** Decay factor after `ageDays`: exactly ½ at one half-life, 1 at age 0, never negative. */
export function decayFactor(ageDays: number, halfLifeDays: number): number {
  return 0.5 ** (Math.max(0, ageDays) / halfLifeDays);
}

/** The JST calendar day of an instant, for per-day caps. */
export function jstDay(instant: Date): string {
  return new Date(instant.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** `{ labelEn }` when the rule has an English name, else nothing (lines stay as they were). */
export const englishLabel = (rule: { labelEn?: string | undefined }): { labelEn?: string } =>
  rule.labelEn ? { labelEn: rule.labelEn } : {};

export const clampScore = (value: number) => Math.min(SCORE_MAX, Math.max(0, value));
/** Rounds half away from zero after trimming float noise, identically to the SQL. */
export const roundScore = (value: number) =>
  Math.sign(value) * Math.round(Math.abs(Number(value.toFixed(9))));

/**
 * Scores one person at `now` and explains it: fired fit rules, each counted activity at full
 * points, one decay line and, when a part passes 0–100, a cap line. The lines sum to the scores.
 */
export function scorePerson(model: CheckedScoringModel, facts: RuleFacts, now: Date): PersonScore {
  const lines: ScoreLine[] = [];
  let fitRaw = 0;
  for (const { rule, expression } of model.fit) {
    if (evaluateExpression(expression, facts, now)) {
      fitRaw += rule.points;
      lines.push({
        part: "fit",
        kind: "rule",
        label: rule.label,
        ...englishLabel(rule),
        points: rule.points,
      });
    }
  }
  const fit = clampScore(fitRaw);
  if (fit !== fitRaw)
    lines.push({ part: "fit", kind: "cap", label: "上限・下限で調整", points: fit - fitRaw });

  let undecayed = 0;
  let decayed = 0;
  const nowMs = now.getTime();
  const sorted = [...facts.activities]
    .filter((a) => a.occurredAt.getTime() <= nowMs)
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  for (const { rule, matcher } of model.engagement) {
    const perDay = new Map<string, number>();
    for (const a of sorted) {
      const matches =
        matcher.activityTypes.includes(a.type as never) ||
        (a.campaignType !== null && matcher.campaignTypes.includes(a.campaignType as never));
      if (!matches) continue;
      const day = jstDay(a.occurredAt);
      const used = perDay.get(day) ?? 0;
      if (used >= rule.maxPerDay) continue;
      perDay.set(day, used + 1);
      const ageDays = (nowMs - a.occurredAt.getTime()) / DAY_MS;
      undecayed += rule.points;
      decayed += rule.points * decayFactor(ageDays, model.config.halfLifeDays);
      lines.push({
        part: "engagement",
        kind: "activity",
        label: rule.label,
        ...englishLabel(rule),
        points: rule.points,
        ageDays: Math.floor(ageDays),
      });
    }
  }
  const engagementRaw = roundScore(decayed);
  if (undecayed !== engagementRaw) {
    lines.push({
      part: "engagement",
      kind: "decay",
      label: "経過による減衰",
      points: engagementRaw - undecayed,
    });
  }
  const engagement = clampScore(engagementRaw);
  if (engagement !== engagementRaw) {
    lines.push({
      part: "engagement",
      kind: "cap",
      label: "上限・下限で調整",
      points: engagement - engagementRaw,
    });
  }
  const { fit: wf, engagement: we } = model.config.weights;
  const total = roundScore((fit * wf + engagement * we) / (wf + we));
  return { fit, engagement, total, lines };
}
