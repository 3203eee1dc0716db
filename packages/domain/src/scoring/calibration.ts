import { roundScore } from "./compute.ts";
import { areaUnderCurve, fitLogistic } from "./logistic.ts";

/** One person of a calibration cohort: the early score and what became of them. */
export interface CalibrationPerson {
  fit: number;
  engagement: number;
  total: number;
  temperature: string | null;
  reachedSql: boolean;
  reachedOpportunity: boolean;
  won: boolean;
  lost: boolean;
}

export interface OutcomeCounts {
  people: number;
  reachedSql: number;
  reachedOpportunity: number;
  won: number;
  lost: number;
  /** won / (won + lost): only closed deals count; null when none closed. */
  winRate: number | null;
}

export const SCORE_BANDS = ["high", "middle", "low"] as const;
/** Sales' temperature, and `none` for people sales has not rated. */
export const MATRIX_TEMPERATURES = ["hot", "warm", "cold", "none"] as const;
export type ScoreBand = (typeof SCORE_BANDS)[number];
/**
 * Bands of the agreement matrix by decile, so each band is populated whatever the score range
 * of the cohort: 高 = deciles 8–10 (top 30%), 中 = 4–7, 低 = 1–3.
 */
export const bandOfDecile = (decile: number): ScoreBand =>
  decile >= 8 ? "high" : decile >= 4 ? "middle" : "low";

function count(people: readonly CalibrationPerson[]): OutcomeCounts {
  const won = people.filter((p) => p.won).length;
  const lost = people.filter((p) => p.lost && !p.won).length;
  return {
    people: people.length,
    reachedSql: people.filter((p) => p.reachedSql).length,
    reachedOpportunity: people.filter((p) => p.reachedOpportunity).length,
    won,
    lost,
    winRate: won + lost > 0 ? won / (won + lost) : null,
  };
}

/**
 * The decile (1 = lowest tenth) of each person by total score, index-aligned with `totals`.
 * People are ranked by total, ties kept in input order (the cohort comes ordered by id), and
 * cut at ⌊d·n/10⌋, so every list of a decile names exactly the people counted in it.
 */
export function assignDeciles(totals: readonly number[]): number[] {
  const n = totals.length;
  const order = totals.map((total, i) => ({ total, i })).sort((a, b) => a.total - b.total || a.i - b.i);
  const result = new Array<number>(n).fill(0);
  let d = 0;
  order.forEach(({ i }, rank) => {
    while (rank >= Math.floor(((d + 1) * n) / 10)) d++;
    result[i] = d + 1;
  });
  return result;
}

export interface Calibration {
  cohort: number;
  /** Deciles of the total score, 1 = lowest tenth. */
  deciles: (OutcomeCounts & { decile: number; minTotal: number; maxTotal: number })[];
  /** Score band × sales temperature: where marketing's "high score" and sales' "promising" meet. */
  bands: { band: ScoreBand; people: number; minTotal: number | null; maxTotal: number | null }[];
  agreement: (OutcomeCounts & { band: ScoreBand; temperature: (typeof MATRIX_TEMPERATURES)[number] })[];
  /** Logistic regression of reaching an opportunity on fit and engagement. */
  regression: { intercept: number; fit: number; engagement: number; converged: boolean } | null;
  current: { weights: { fit: number; engagement: number }; auc: number | null };
  suggested: { weights: { fit: number; engagement: number }; auc: number | null } | null;
}

/**
 * Checks a score against outcomes: conversion by decile, the agreement matrix with sales'
 * temperature, and a fit/engagement reweighting fitted on who reached an opportunity, with the
 * ranking quality (AUC) of the current and the suggested weights on the same people.
 */
export function calibrate(
  people: readonly CalibrationPerson[],
  weights: { fit: number; engagement: number },
): Calibration {
  const decileOf = assignDeciles(people.map((p) => p.total));
  const deciles: Calibration["deciles"] = [];
  for (let d = 1; d <= 10 && people.length > 0; d++) {
    const slice = people.filter((_, i) => decileOf[i] === d).sort((a, b) => a.total - b.total);
    if (slice.length === 0) continue;
    deciles.push({
      decile: d,
      minTotal: slice[0]!.total,
      maxTotal: slice[slice.length - 1]!.total,
      ...count(slice),
    });
  }
  const agreement: Calibration["agreement"] = [];
  for (const band of SCORE_BANDS) {
    for (const temperature of MATRIX_TEMPERATURES) {
      const cell = people.filter(
        (p, i) => bandOfDecile(decileOf[i]!) === band && (p.temperature ?? "none") === temperature,
      );
      agreement.push({ band, temperature, ...count(cell) });
    }
  }
  const bands: Calibration["bands"] = SCORE_BANDS.map((band) => {
    const totals = people.filter((_, i) => bandOfDecile(decileOf[i]!) === band).map((p) => p.total);
    return {
      band,
      people: totals.length,
      minTotal: totals.length ? Math.min(...totals) : null,
      maxTotal: totals.length ? Math.max(...totals) : null,
    };
  });
  const outcome = people.map((p) => (p.reachedOpportunity ? 1 : 0) as 0 | 1);
  const totalWeight = weights.fit + weights.engagement;
  const currentAuc = areaUnderCurve(
    people.map((p) => p.total),
    outcome,
  );
  const positives = outcome.filter((y) => y === 1).length;
  if (positives === 0 || positives === people.length) {
    return {
      cohort: people.length,
      deciles,
      agreement,
      bands,
      regression: null,
      current: { weights, auc: currentAuc },
      suggested: null,
    };
  }
  // Scaled to 0–1 so the penalty treats both features alike.
  const model = fitLogistic(
    people.map((p) => [p.fit / 100, p.engagement / 100]),
    outcome,
    { l2: 1 },
  );
  const [bFit = 0, bEngagement = 0] = model.coefficients.map((c) => Math.max(0, c));
  const sum = bFit + bEngagement;
  const suggestedWeights =
    sum > 0
      ? {
          fit: roundScore((bFit / sum) * totalWeight * 100) / 100,
          engagement: roundScore((bEngagement / sum) * totalWeight * 100) / 100,
        }
      : weights;
  const suggestedAuc = areaUnderCurve(
    people.map((p) => p.fit * suggestedWeights.fit + p.engagement * suggestedWeights.engagement),
    outcome,
  );
  return {
    cohort: people.length,
    deciles,
    agreement,
    bands,
    regression: {
      intercept: model.intercept,
      fit: model.coefficients[0] ?? 0,
      engagement: model.coefficients[1] ?? 0,
      converged: model.converged,
    },
    current: { weights, auc: currentAuc },
    suggested: { weights: suggestedWeights, auc: suggestedAuc },
  };
}
