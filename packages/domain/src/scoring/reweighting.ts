import { evaluateExpression } from "../rules/evaluate.ts";
import { DAY_MS, type RuleFacts } from "../rules/facts.ts";
import { clampScore, decayFactor, englishLabel, jstDay, roundScore } from "./compute.ts";
import { areaUnderCurve, fitLogistic } from "./logistic.ts";
import type { CheckedScoringModel, ScoringModelConfig } from "./model.ts";

/**
 * What each rule of a model saw in one person: whether each fit rule fired (1/0) and, per
 * engagement rule, the decayed number of counted activities (Σ ½^(age/half-life) over the
 * activities within the per-day cap). Points × these, summed, give the scores, so the same
 * numbers serve to score with other points and to fit new points.
 */
export interface RuleFeatures {
  fit: number[];
  engagement: number[];
}

/** The features of one person at `now`, counted exactly as `scorePerson` counts. */
export function ruleFeatures(model: CheckedScoringModel, facts: RuleFacts, now: Date): RuleFeatures {
  const fit = model.fit.map(({ expression }) => (evaluateExpression(expression, facts, now) ? 1 : 0));
  const nowMs = now.getTime();
  const sorted = [...facts.activities]
    .filter((a) => a.occurredAt.getTime() <= nowMs)
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const engagement = model.engagement.map(({ rule, matcher }) => {
    const perDay = new Map<string, number>();
    let decayed = 0;
    for (const a of sorted) {
      const matches =
        matcher.activityTypes.includes(a.type as never) ||
        (a.campaignType !== null && matcher.campaignTypes.includes(a.campaignType as never));
      if (!matches) continue;
      const day = jstDay(a.occurredAt);
      const used = perDay.get(day) ?? 0;
      if (used >= rule.maxPerDay) continue;
      perDay.set(day, used + 1);
      decayed += decayFactor((nowMs - a.occurredAt.getTime()) / DAY_MS, model.config.halfLifeDays);
    }
    return decayed;
  });
  return { fit, engagement };
}

/** Fit, engagement and total of a model's points applied to features (same rounding as `scorePerson`). */
export function scoreFromFeatures(
  config: Pick<ScoringModelConfig, "fitRules" | "engagementRules" | "weights">,
  features: RuleFeatures,
): { fit: number; engagement: number; total: number } {
  const fit = clampScore(
    config.fitRules.reduce((sum, rule, i) => sum + rule.points * (features.fit[i] ?? 0), 0),
  );
  const engagement = clampScore(
    roundScore(
      config.engagementRules.reduce((sum, rule, i) => sum + rule.points * (features.engagement[i] ?? 0), 0),
    ),
  );
  const { fit: wf, engagement: we } = config.weights;
  return { fit, engagement, total: roundScore((fit * wf + engagement * we) / (wf + we)) };
}

/** One person of the reweighting sample. */
export interface ReweightPerson {
  features: RuleFeatures;
  /** The outcome the points are fitted to: reached an opportunity. */
  converted: boolean;
  won: boolean;
  /** Kept out of the fit to measure the lift honestly. */
  holdout: boolean;
}

/** A fixed quarter of people, chosen by their id (not by time or score), is held out. */
export function isHoldout(personId: string): boolean {
  const hex = personId.replace(/-/g, "");
  return Number.parseInt(hex.slice(-2), 16) % 4 === 0;
}

export interface RuleCoefficient {
  index: number;
  label: string;
  labelEn?: string;
  currentPoints: number;
  /** Log-odds change: for a fit rule when it fires, for an engagement rule per (fresh) activity. */
  coefficient: number;
  suggestedPoints: number;
  /** Fit: share of the sample the rule fired for. Engagement: mean decayed activities per person. */
  exposure: number;
  /** False when the rule never applied in the sample: no evidence, its points are kept. */
  evidence: boolean;
}

export interface RankingQuality {
  auc: number | null;
  /** Of the top `topShare` by score: share that reached an opportunity, and that won. */
  topConversion: number | null;
  topWon: number | null;
}

export interface RuleReweighting {
  /** `held_out`: fitted on ¾ of the people, measured on the other ¼; `in_sample` when too few. */
  evaluation: "held_out" | "in_sample";
  trainPeople: number;
  evaluatedPeople: number;
  evaluatedConverted: number;
  topShare: number;
  intercept: number;
  converged: boolean;
  /** Points = round(scale × coefficient), scaled so the top 5% score as high as they do today. */
  scale: number;
  fit: RuleCoefficient[];
  engagement: RuleCoefficient[];
  /** The model in force, on every person of the sample (it was fitted on none of them). */
  current: RankingQuality;
  /** The proposal, on the `evaluatedPeople` (held out from its fit, or in-sample when too few). */
  suggested: RankingQuality;
  config: ScoringModelConfig;
}

const TOP_SHARE = 0.2;
const MIN_EVALUATION_CLASS = 20;
const POINTS_LIMIT = 100;

/** The value below which `share` of the values lie (nearest rank). */
function quantile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))]!;
}

/**
 * The rate of `outcome` among the top `share` of people by score. People tied at the cut count
 * by the fraction of their group that fits, so integer scores with many ties are treated fairly.
 */
export function topShareRate(
  scores: readonly number[],
  outcomes: readonly boolean[],
  share: number,
): number | null {
  const n = scores.length;
  const k = share * n;
  if (n === 0 || k <= 0) return null;
  const order = scores.map((s, i) => ({ s, y: outcomes[i] ? 1 : 0 })).sort((a, b) => b.s - a.s);
  let taken = 0;
  let hits = 0;
  for (let i = 0; i < n && taken < k; ) {
    let j = i;
    let groupHits = 0;
    while (j < n && order[j]!.s === order[i]!.s) groupHits += order[j++]!.y;
    const size = j - i;
    const room = Math.min(size, k - taken);
    hits += (groupHits / size) * room;
    taken += room;
    i = j;
  }
  return hits / k;
}

function quality(
  totals: readonly number[],
  people: readonly ReweightPerson[],
  share: number,
): RankingQuality {
  return {
    auc: areaUnderCurve(
      totals,
      people.map((p) => (p.converted ? 1 : 0)),
    ),
    topConversion: topShareRate(
      totals,
      people.map((p) => p.converted),
      share,
    ),
    topWon: topShareRate(
      totals,
      people.map((p) => p.won),
      share,
    ),
  };
}

/**
 * Fits every rule's points to outcomes: a logistic regression of reaching an opportunity on
 * the rules' features (fit rules fired, engagement activities decayed), fitted on the people not
 * held out, turned into integer points on today's scale, and measured against the model in force
 * on the held-out people (or in-sample when too few converted to hold any out). Never applied:
 * the result is a config to propose for sign-off.
 */
export function suggestRuleReweighting(
  people: readonly ReweightPerson[],
  config: ScoringModelConfig,
): RuleReweighting | null {
  const nFit = config.fitRules.length;
  const nEngagement = config.engagementRules.length;
  const k = nFit + nEngagement;
  if (k === 0 || people.length === 0) return null;
  const converted = people.filter((p) => p.converted).length;
  if (converted === 0 || converted === people.length) return null;

  const held = people.filter((p) => p.holdout);
  const heldConverted = held.filter((p) => p.converted).length;
  const canHoldOut =
    heldConverted >= MIN_EVALUATION_CLASS &&
    held.length - heldConverted >= MIN_EVALUATION_CLASS &&
    people.length - held.length > held.length;
  const train = canHoldOut ? people.filter((p) => !p.holdout) : people;
  const evaluated = canHoldOut ? held : people;

  const rows = train.map((p) => [...p.features.fit, ...p.features.engagement]);
  // Standardised so one penalty treats a 0/1 flag and an activity count alike.
  const means = Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
  const sds = means.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / rows.length));
  const varying = sds.map((sd) => sd > 1e-9);
  const columns = varying.flatMap((v, j) => (v ? [j] : []));
  const model = fitLogistic(
    rows.map((r) => columns.map((j) => (r[j]! - means[j]!) / sds[j]!)),
    train.map((p) => (p.converted ? 1 : 0)),
    { l2: 1 },
  );
  const coefficients = new Array<number>(k).fill(0);
  columns.forEach((j, c) => {
    coefficients[j] = (model.coefficients[c] ?? 0) / sds[j]!;
  });
  const intercept = model.intercept - columns.reduce((s, j) => s + coefficients[j]! * means[j]!, 0);

  // Scale: points = scale × coefficient, with the parts weighted 1:1, so the total is half the
  // positive log-odds; chosen so that the top 5% of the fitted people score what they score today.
  const currentTrainTotals = train.map((p) => scoreFromFeatures(config, p.features).total);
  const rawTotals = train.map((p) => {
    const fitPart = p.features.fit.reduce((s, x, i) => s + x * coefficients[i]!, 0);
    const engagementPart = p.features.engagement.reduce((s, x, i) => s + x * coefficients[nFit + i]!, 0);
    return (Math.max(0, fitPart) + Math.max(0, engagementPart)) / 2;
  });
  const base = quantile(rawTotals, 0.95);
  const target = Math.max(quantile(currentTrainTotals, 0.95), 10);
  const largest = Math.max(...coefficients.map(Math.abs), 1e-9);
  const scale = Math.min(base > 1e-9 ? target / base : POINTS_LIMIT / largest, POINTS_LIMIT / largest);
  const points = (coefficient: number) =>
    Math.max(-POINTS_LIMIT, Math.min(POINTS_LIMIT, roundScore(coefficient * scale)));

  const fit: RuleCoefficient[] = config.fitRules.map((rule, i) => ({
    index: i,
    label: rule.label,
    ...englishLabel(rule),
    currentPoints: rule.points,
    coefficient: coefficients[i]!,
    suggestedPoints: varying[i] ? points(coefficients[i]!) : rule.points,
    exposure: means[i]!,
    evidence: varying[i]!,
  }));
  const engagement: RuleCoefficient[] = config.engagementRules.map((rule, i) => ({
    index: i,
    label: rule.label,
    ...englishLabel(rule),
    currentPoints: rule.points,
    coefficient: coefficients[nFit + i]!,
    suggestedPoints: varying[nFit + i] ? points(coefficients[nFit + i]!) : rule.points,
    exposure: means[nFit + i]!,
    evidence: varying[nFit + i]!,
  }));
  const suggestedConfig: ScoringModelConfig = {
    ...config,
    fitRules: config.fitRules.map((rule, i) => ({ ...rule, points: fit[i]!.suggestedPoints })),
    engagementRules: config.engagementRules.map((rule, i) => ({
      ...rule,
      points: engagement[i]!.suggestedPoints,
    })),
    weights: { fit: 1, engagement: 1 },
  };
  return {
    evaluation: canHoldOut ? "held_out" : "in_sample",
    trainPeople: train.length,
    evaluatedPeople: evaluated.length,
    evaluatedConverted: evaluated.filter((p) => p.converted).length,
    topShare: TOP_SHARE,
    intercept,
    converged: model.converged,
    scale,
    fit,
    engagement,
    // The model in force was fitted on none of these people, so all of them measure it: the same
    // population (and so the same AUC) as the calibration report's headline. Only the proposal,
    // fitted on the others, must be measured on the held-out quarter.
    current: quality(
      people.map((p) => scoreFromFeatures(config, p.features).total),
      people,
      TOP_SHARE,
    ),
    suggested: quality(
      evaluated.map((p) => scoreFromFeatures(suggestedConfig, p.features).total),
      evaluated,
      TOP_SHARE,
    ),
    config: suggestedConfig,
  };
}
