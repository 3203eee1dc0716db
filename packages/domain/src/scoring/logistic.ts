/** A fitted logistic model: P(y=1) = σ(intercept + Σ coefficient·x). */
export interface LogisticModel {
  intercept: number;
  coefficients: number[];
  iterations: number;
  converged: boolean;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Fits a logistic regression by Newton's method (IRLS) with a small L2 penalty, which keeps
 * separable data finite. Suited to the tens of features a scoring model has.
 */
export function fitLogistic(
  rows: readonly (readonly number[])[],
  outcomes: readonly (0 | 1)[],
  options: { l2?: number; maxIterations?: number; tolerance?: number } = {},
): LogisticModel {
  const l2 = options.l2 ?? 1e-3;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  const k = (rows[0]?.length ?? 0) + 1; // intercept first
  let beta = new Array<number>(k).fill(0);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const gradient = new Array<number>(k).fill(0);
    const hessian = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    rows.forEach((row, i) => {
      const x = [1, ...row];
      const p = sigmoid(x.reduce((sum, xi, j) => sum + xi * beta[j]!, 0));
      const w = Math.max(p * (1 - p), 1e-10);
      const residual = outcomes[i]! - p;
      for (let a = 0; a < k; a++) {
        gradient[a]! += residual * x[a]!;
        for (let b = 0; b < k; b++) hessian[a]![b]! += w * x[a]! * x[b]!;
      }
    });
    for (let a = 1; a < k; a++) {
      gradient[a]! -= l2 * beta[a]!;
      hessian[a]![a]! += l2;
    }
    const step = solve(hessian, gradient);
    beta = beta.map((b, j) => b + step[j]!);
    if (Math.max(...step.map(Math.abs)) < tolerance) {
      return { intercept: beta[0]!, coefficients: beta.slice(1), iterations: iteration, converged: true };
    }
  }
  return { intercept: beta[0]!, coefficients: beta.slice(1), iterations: maxIterations, converged: false };
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const lead = a[col]![col]!;
    if (Math.abs(lead) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = a[r]![col]! / lead;
      for (let c = col; c <= n; c++) a[r]![c]! -= factor * a[col]![c]!;
    }
  }
  return a.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

/** Area under the ROC curve: the chance a random positive scores above a random negative. */
export function areaUnderCurve(scores: readonly number[], outcomes: readonly (0 | 1)[]): number | null {
  const pairs = scores.map((s, i) => ({ s, y: outcomes[i]! })).sort((a, b) => a.s - b.s);
  const positives = pairs.filter((p) => p.y === 1).length;
  const negatives = pairs.length - positives;
  if (positives === 0 || negatives === 0) return null;
  let rankSum = 0;
  for (let i = 0; i < pairs.length; ) {
    let j = i;
    while (j < pairs.length && pairs[j]!.s === pairs[i]!.s) j++;
    const averageRank = (i + 1 + j) / 2; // ties share their average rank
    for (let t = i; t < j; t++) if (pairs[t]!.y === 1) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
