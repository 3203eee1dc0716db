import { type MonthKey, monthIndex } from "./fiscal.ts";
import { PLAN_STAGES, type PlanStage, type ReverseFunnelPlan } from "./reverse-funnel.ts";

/** How the gap is projected; returned with every pacing so the number says where it comes from. */
export const PACING_METHOD = "pace_ratio" as const;

export type MonthStatus = "closed" | "current" | "future";

export interface RevenuePacingMonth {
  month: MonthKey;
  status: MonthStatus;
  target: number;
  /** Won revenue closed in the month; null for months still to come. */
  actual: number | null;
  /** Actual for closed months; for the current and later months the target times the pace ratio. */
  projected: number;
  cumulativeTarget: number;
  cumulativeActual: number | null;
  cumulativeProjected: number;
}

export interface StagePacingCell {
  month: MonthKey;
  status: MonthStatus;
  planned: number;
  actual: number | null;
}

export interface StagePacing {
  stage: PlanStage;
  cells: StagePacingCell[];
  /** Planned minus actual over the months already closed (never negative): what is behind now. */
  catchUp: number;
  /** Planned for the current month plus the catch-up: what this month must deliver. */
  neededThisMonth: number;
}

export interface GoalPacing {
  method: typeof PACING_METHOD;
  currentMonth: MonthKey;
  /** Actual ÷ target over closed target months; null when no target month has closed yet. */
  paceRatio: number | null;
  targetRevenue: number;
  actualRevenue: number;
  projectedRevenue: number;
  /** Projected minus target: negative means short of the target. */
  projectedGap: number;
  revenue: RevenuePacingMonth[];
  stages: StagePacing[];
}

function statusOf(month: MonthKey, current: number): MonthStatus {
  const index = monthIndex(month);
  return index < current ? "closed" : index === current ? "current" : "future";
}

/**
 * Pacing: actual against plan every month, and the year-end projection. Method `pace_ratio`:
 * closed months count as they happened; the current and future months are projected at their
 * target times the pace so far (actual ÷ target over closed target months, 1 when none closed),
 * and the current month never below what it already has.
 */
export function paceGoal(input: {
  plan: ReverseFunnelPlan;
  actualRevenue: ReadonlyMap<MonthKey, number>;
  actualCounts: ReadonlyMap<PlanStage, ReadonlyMap<MonthKey, number>>;
  currentMonth: MonthKey;
}): GoalPacing {
  const { plan } = input;
  const current = monthIndex(input.currentMonth);
  const revenueMonths = plan.revenue.filter((r) => r.inGoal);

  let closedTarget = 0;
  let closedActual = 0;
  for (const r of revenueMonths) {
    if (monthIndex(r.month) < current) {
      closedTarget += r.target;
      closedActual += input.actualRevenue.get(r.month) ?? 0;
    }
  }
  const paceRatio = closedTarget > 0 ? closedActual / closedTarget : null;
  const pace = paceRatio ?? 1;

  let cumulativeTarget = 0;
  let cumulativeActual = 0;
  let cumulativeProjected = 0;
  let actualRevenue = 0;
  const revenue = revenueMonths.map((r): RevenuePacingMonth => {
    const status = statusOf(r.month, current);
    const actual = status === "future" ? null : (input.actualRevenue.get(r.month) ?? 0);
    const atPace = Math.round(r.target * pace);
    const projected =
      status === "closed" ? (actual ?? 0) : status === "current" ? Math.max(actual ?? 0, atPace) : atPace;
    cumulativeTarget += r.target;
    cumulativeProjected += projected;
    if (actual !== null) {
      cumulativeActual += actual;
      actualRevenue += actual;
    }
    return {
      month: r.month,
      status,
      target: r.target,
      actual,
      projected,
      cumulativeTarget,
      cumulativeActual: actual === null ? null : cumulativeActual,
      cumulativeProjected,
    };
  });

  const stages = PLAN_STAGES.map((stage): StagePacing => {
    const planned = plan.stages.find((s) => s.stage === stage);
    const actuals = input.actualCounts.get(stage);
    let behind = 0;
    let plannedNow = 0;
    const cells = (planned?.cells ?? []).map((cell): StagePacingCell => {
      const status = statusOf(cell.month, current);
      const actual = status === "future" ? null : (actuals?.get(cell.month) ?? 0);
      if (status === "closed") behind += cell.count - (actual ?? 0);
      if (status === "current") plannedNow = cell.count;
      return { month: cell.month, status, planned: cell.count, actual };
    });
    const catchUp = Math.max(0, behind);
    return { stage, cells, catchUp, neededThisMonth: plannedNow + catchUp };
  });

  return {
    method: PACING_METHOD,
    currentMonth: input.currentMonth,
    paceRatio,
    targetRevenue: plan.totalRevenue,
    actualRevenue,
    projectedRevenue: cumulativeProjected,
    projectedGap: cumulativeProjected - plan.totalRevenue,
    revenue,
    stages,
  };
}
