import { type CheckedExpression, checkExpression, fieldsRead, type RuleError } from "../rules/check.ts";
import { type ActivityMatcher, resolveActivityTerms } from "../rules/vocabulary.ts";

/** A profile rule: people who meet the condition get the points (may be negative). */
export interface FitRule {
  label: string;
  /** The rule's name in English, shown in English mode (the Japanese label otherwise). */
  labelEn?: string | undefined;
  condition: string;
  points: number;
}

/** A behaviour rule: each matching activity earns points that halve every half-life. */
export interface EngagementRule {
  label: string;
  /** The rule's name in English, shown in English mode (the Japanese label otherwise). */
  labelEn?: string | undefined;
  /** Activity words as in the rule language: '資料請求', 'ウェビナー', '展示会' … */
  activities: string[];
  points: number;
  /** At most this many such activities count per JST calendar day (stops a bot inflating a score). */
  maxPerDay: number;
}

export interface ScoringModelConfig {
  fitRules: FitRule[];
  engagementRules: EngagementRule[];
  halfLifeDays: number;
  /** total = round((fit × fit weight + engagement × engagement weight) / (sum of weights)). */
  weights: { fit: number; engagement: number };
}

export const SCORE_MAX = 100;

/** A model whose conditions and activity words have been checked and resolved. */
export interface CheckedScoringModel {
  config: ScoringModelConfig;
  fit: { rule: FitRule; expression: CheckedExpression }[];
  engagement: { rule: EngagementRule; matcher: ActivityMatcher }[];
}

export interface ScoringModelIssue {
  path: string;
  message: { ja: string; en: string };
  error?: RuleError;
}

/**
 * What a fit rule may not read, as it appears in a condition: behaviour (activity functions),
 * scores, and the relay's state (stage, days in stage, sales' temperature). Those change without
 * a profile write, so a stored fit would go stale while its explanation moved on, and
 * calibration compares the score against exactly them (outcomes, temperature): a score that
 * reads them would agree with sales by construction.
 */
const NOT_PROFILE = /\b(count|count_any|last)\s*\(|\bscore\.|\bperson\.(stage|days_in_stage|temperature)\b/;

/** True when a condition reads behaviour, scores or relay state, which fit rules may not. */
export function usesBehaviour(condition: string): boolean {
  return findBehaviour(condition) !== null;
}

/** Where the first thing a fit rule may not read appears in a condition (for the editor). */
export function findBehaviour(condition: string): { start: number; end: number } | null {
  const match = NOT_PROFILE.exec(condition);
  return match ? { start: match.index, end: match.index + match[0].length } : null;
}

/** Checks a model: fit conditions in the rule language (profile only), known activity words, sane numbers. */
export function checkScoringModel(
  config: ScoringModelConfig,
): { ok: true; model: CheckedScoringModel } | { ok: false; issues: ScoringModelIssue[] } {
  const issues: ScoringModelIssue[] = [];
  const fit: CheckedScoringModel["fit"] = [];
  const engagement: CheckedScoringModel["engagement"] = [];
  config.fitRules.forEach((rule, i) => {
    const result = checkExpression(rule.condition);
    if (!result.ok) {
      const error = result.errors[0]!;
      issues.push({ path: `fitRules.${i}.condition`, message: error.message, error });
      return;
    }
    // Fit is who someone is, not what they did: behaviour and scores belong to engagement.
    if (usesBehaviour(rule.condition)) {
      issues.push({
        path: `fitRules.${i}.condition`,
        message: {
          ja: "適合度ルールでは活動の関数（count, last）、スコア、ステージ・温度感は使えません。適合度は人物と企業のプロフィールだけで判定し、行動は関心度ルールで設定してください。",
          en: "Fit rules read only the profile: activity functions, scores, stage and temperature are not allowed (behaviour belongs in engagement rules).",
        },
      });
      return;
    }
    fit.push({ rule, expression: result.expression });
  });
  config.engagementRules.forEach((rule, i) => {
    const matcher = resolveActivityTerms(rule.activities);
    if ("unknown" in matcher) {
      issues.push({
        path: `engagementRules.${i}.activities`,
        message: {
          ja: `「${matcher.unknown}」という活動の種類はありません。`,
          en: `Unknown activity type "${matcher.unknown}".`,
        },
      });
      return;
    }
    engagement.push({ rule, matcher });
  });
  if (!(config.halfLifeDays >= 1 && config.halfLifeDays <= 3650)) {
    issues.push({
      path: "halfLifeDays",
      message: { ja: "半減期は1〜3650日にしてください。", en: "Half-life must be 1–3650 days." },
    });
  }
  if (
    config.weights.fit < 0 ||
    config.weights.engagement < 0 ||
    config.weights.fit + config.weights.engagement <= 0
  ) {
    issues.push({
      path: "weights",
      message: {
        ja: "重みは0以上で、合計を正にしてください。",
        en: "Weights must be ≥ 0 with a positive sum.",
      },
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, model: { config, fit, engagement } };
}

/**
 * True when a fit rule reads the clock (days since the person was created): such a fit moves
 * with time, not only with profile and company writes, so a stored fit cannot be reused.
 */
export function fitChangesWithTime(model: CheckedScoringModel): boolean {
  return model.fit.some(({ expression }) => fieldsRead(expression).has("person.days_since_created"));
}

/**
 * What a fit depends on: each rule's condition and points, in any order (labels only name them).
 * Two models with the same fit basis give everyone the same fit, so a fit stored by one still
 * holds under the other while the person's profile is unchanged.
 */
export function fitBasis(model: CheckedScoringModel): string {
  return JSON.stringify(model.config.fitRules.map((r) => JSON.stringify([r.condition, r.points])).sort());
}

/**
 * What counting engagement depends on apart from the points: the half-life and, rule by rule,
 * what each rule matches and its daily cap. Scoring stores one decayed sum per rule (its
 * "units"); engagement is Σ points × units. Two models with the same basis count the same units,
 * so a change of points, weights or fit rules (what calibration suggests) reuses the stored
 * units instead of counting every activity again.
 */
export function engagementBasis(model: CheckedScoringModel): string {
  return JSON.stringify([
    model.config.halfLifeDays,
    model.engagement.map(({ rule, matcher }) => [
      [...matcher.activityTypes].sort(),
      [...matcher.campaignTypes].sort(),
      rule.maxPerDay,
    ]),
  ]);
}
