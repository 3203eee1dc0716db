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
  /** A closed month on or after the first month with data: only such a month can be short. */
  judged: boolean;
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
  /**
   * A closed month of the goal period on or after the first month with data. Earlier months (the
   * lead time before the goal, or before anything was recorded) are shown but never count as short.
   */
  judged: boolean;
}

export interface StagePacing {
  stage: PlanStage;
  cells: StagePacingCell[];
  /** Planned minus actual over the judged closed months (never negative): what is behind now. */
  catchUp: number;
  /** Planned for the current month plus the catch-up: what this month must deliver. */
  neededThisMonth: number;
}

export interface GoalPacing {
  method: typeof PACING_METHOD;
  currentMonth: MonthKey;
  /** Actual ÷ target over judged closed target months; null when none has closed yet. */
  paceRatio: number | null;
  /** The first month anything was recorded (null: nothing yet); months before it are not judged. */
  firstDataMonth: MonthKey | null;
  targetRevenue: number;
  actualRevenue: number;
  projectedRevenue: number;
  /** Projected minus target: negative means short of the target. */
  projectedGap: number;
  revenue: RevenuePacingMonth[];
  stages: StagePacing[];
}

/**
 * Whether a month can be judged short: it has closed, it is in the goal period, and data existed
 * by then. A month before the goal or before any data shows its actual but is never a shortfall.
 */
export function isJudgedMonth(
  month: MonthKey,
  status: MonthStatus,
  goalStart: MonthKey | undefined,
  firstDataMonth: MonthKey | null,
): boolean {
  if (status !== "closed" || firstDataMonth === null) return false;
  return (goalStart === undefined || month >= goalStart) && month >= firstDataMonth;
}

function statusOf(month: MonthKey, current: number): MonthStatus {
  const index = monthIndex(month);
  return index < current ? "closed" : index === current ? "current" : "future";
}

/**
 * Pacing: actual against plan every month, and the year-end projection. Method `pace_ratio`:
 * closed months count as they happened; the current and future months are projected at their
 * target times the pace so far (actual ÷ target over closed target months, 1 when none closed),
 * and the current month never below what it already has. Months before the goal period or before
 * `firstDataMonth` are not judged: not short, not in the pace ratio, not in the catch-up.
 */
export function paceGoal(input: {
  plan: ReverseFunnelPlan;
  actualRevenue: ReadonlyMap<MonthKey, number>;
  actualCounts: ReadonlyMap<PlanStage, ReadonlyMap<MonthKey, number>>;
  currentMonth: MonthKey;
  /** First month with any data; null when there is none yet. */
  firstDataMonth: MonthKey | null;
}): GoalPacing {
  const { plan } = input;
  const current = monthIndex(input.currentMonth);
  const revenueMonths = plan.revenue.filter((r) => r.inGoal);
  const goalStart = revenueMonths[0]?.month;
  const judged = (month: MonthKey, status: MonthStatus) =>
    isJudgedMonth(month, status, goalStart, input.firstDataMonth);

  let closedTarget = 0;
  let closedActual = 0;
  for (const r of revenueMonths) {
    if (judged(r.month, statusOf(r.month, current))) {
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
      judged: judged(r.month, status),
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
      const isJudged = judged(cell.month, status);
      if (isJudged) behind += cell.count - (actual ?? 0);
      if (status === "current") plannedNow = cell.count;
      return { month: cell.month, status, planned: cell.count, actual, judged: isJudged };
    });
    const catchUp = Math.max(0, behind);
    return { stage, cells, catchUp, neededThisMonth: plannedNow + catchUp };
  });

  return {
    method: PACING_METHOD,
    currentMonth: input.currentMonth,
    paceRatio,
    firstDataMonth: input.firstDataMonth,
    targetRevenue: plan.totalRevenue,
    actualRevenue,
    projectedRevenue: cumulativeProjected,
    projectedGap: cumulativeProjected - plan.totalRevenue,
    revenue,
    stages,
  };
}
