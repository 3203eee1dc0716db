import { DomainError } from "../errors.ts";
import { type MonthKey, monthFromIndex, monthIndex } from "./fiscal.ts";

/** The forward path the reverse funnel walks back along: won deals ← opportunities ← … ← new leads. */
export const PLAN_STAGES = ["lead", "mql", "sal", "sql", "opportunity", "won"] as const;
export type PlanStage = (typeof PLAN_STAGES)[number];
/** A conversion step is named by the stage it starts from: `sql` is SQL → opportunity. */
export const PLAN_STEPS = ["lead", "mql", "sal", "sql", "opportunity"] as const;
export type PlanStep = (typeof PLAN_STEPS)[number];

/**
 * Lags are in business days (営業日), the unit of the velocity metric, and become months by the
 * business days per month of the company calendar over the plan's year (about 20 in Japan).
 */
export const MAX_LAG_BUSINESS_DAYS = 1250;

export interface GoalAssumptions {
  /** Average won deal size in yen. */
  averageDealSize: number;
  /** Share of those reaching the step's stage that reach the next one, 0 < rate ≤ 1. */
  conversionRates: Record<PlanStep, number>;
  /** Business days from reaching the step's stage to reaching the next one. */
  lagBusinessDays: Record<PlanStep, number>;
}

export interface MonthlyTarget {
  month: MonthKey;
  revenue: number;
}

export interface PlanCell {
  month: MonthKey;
  /** Expected number needed (fractional: rates make it so). */
  required: number;
  /**
   * Whole number to plan for: cumulative requirements rounded up month by month, so by the end
   * of each month the running total is the rounded-up running requirement and nothing is lost.
   */
  count: number;
  /** The month is before the current month: the requirement is past due unless it happened. */
  isPast: boolean;
}

export interface StagePlan {
  stage: PlanStage;
  cells: PlanCell[];
  total: number;
  totalCount: number;
  /** Whole number that fell in months already past (to be checked against actuals, or caught up). */
  pastDueCount: number;
}

export interface ReverseFunnelPlan {
  /** Every month with a requirement or a target, oldest first; all cells are aligned with it. */
  months: MonthKey[];
  /** Aligned with `months`; `inGoal` marks the goal's own months (earlier ones only carry upstream work). */
  revenue: { month: MonthKey; target: number; inGoal: boolean; isPast: boolean }[];
  totalRevenue: number;
  stages: StagePlan[];
  currentMonth: MonthKey;
}

const EPSILON = 1e-9;

function invalid(field: string, value: number | string): DomainError {
  return new DomainError("invalid_goal_assumption", { field, value });
}

/** Throws `invalid_goal_assumption` naming the first assumption that would make the plan meaningless. */
export function assertAssumptions(assumptions: GoalAssumptions): void {
  const size = assumptions.averageDealSize;
  if (!Number.isFinite(size) || size < 1) throw invalid("averageDealSize", size);
  for (const step of PLAN_STEPS) {
    const rate = assumptions.conversionRates[step];
    // A rate of 0 would need infinitely many people upstream; say so instead of returning Infinity.
    if (!Number.isFinite(rate) || rate <= 0 || rate > 1) throw invalid(`conversionRates.${step}`, rate);
    const lag = assumptions.lagBusinessDays[step];
    if (!Number.isFinite(lag) || lag < 0 || lag > MAX_LAG_BUSINESS_DAYS) {
      throw invalid(`lagBusinessDays.${step}`, lag);
    }
  }
}

/**
 * Moves amounts `lagMonths` earlier. A fractional lag splits each amount between the two months it
 * falls between, in proportion (lag 1.25: 75 % one month earlier, 25 % two months earlier), which
 * is what arrivals spread evenly through a month imply.
 */
function shiftEarlier(amounts: Map<number, number>, lagMonths: number): Map<number, number> {
  const whole = Math.floor(lagMonths + EPSILON);
  const fraction = Math.max(0, lagMonths - whole);
  const shifted = new Map<number, number>();
  const add = (index: number, value: number) => {
    if (value !== 0) shifted.set(index, (shifted.get(index) ?? 0) + value);
  };
  for (const [index, value] of [...amounts].sort((a, b) => a[0] - b[0])) {
    if (fraction < EPSILON) {
      add(index - whole, value);
    } else {
      add(index - whole, value * (1 - fraction));
      add(index - whole - 1, value * fraction);
    }
  }
  return shifted;
}

/** Running totals rounded up, then differenced: whole counts whose sum is the rounded-up total. */
function wholeCounts(values: readonly number[]): number[] {
  let cumulative = 0;
  let previous = 0;
  return values.map((value) => {
    cumulative += value;
    const rounded = Math.max(0, Math.ceil(cumulative - EPSILON));
    const count = rounded - previous;
    previous = rounded;
    return count;
  });
}

/**
 * The reverse funnel (逆算): from monthly revenue targets, the average deal size, the conversion
 * rate and lag of every step, how many won deals, opportunities, SQLs, SALs, MQLs and new leads
 * must happen in which month for the targets to land. Months before `currentMonth` are marked past.
 */
export function planReverseFunnel(input: {
  targets: readonly MonthlyTarget[];
  assumptions: GoalAssumptions;
  /** Business days in an average month of the company calendar, to turn lags into months. */
  businessDaysPerMonth: number;
  currentMonth: MonthKey;
}): ReverseFunnelPlan {
  const { targets, assumptions, businessDaysPerMonth } = input;
  assertAssumptions(assumptions);
  if (!Number.isFinite(businessDaysPerMonth) || businessDaysPerMonth < 1 || businessDaysPerMonth > 31) {
    throw invalid("businessDaysPerMonth", businessDaysPerMonth);
  }
  const current = monthIndex(input.currentMonth);
  const byMonth = new Map<number, number>();
  for (const target of targets) {
    if (!Number.isInteger(target.revenue) || target.revenue < 0) throw invalid("target", target.revenue);
    const index = monthIndex(target.month);
    if (byMonth.has(index)) throw invalid("month", target.month);
    byMonth.set(index, target.revenue);
  }
  if (byMonth.size === 0) throw invalid("targets", 0);

  const required = new Map<PlanStage, Map<number, number>>();
  let downstream = new Map<number, number>();
  for (const [index, revenue] of byMonth) {
    if (revenue > 0) downstream.set(index, revenue / assumptions.averageDealSize);
  }
  required.set("won", downstream);
  for (let i = PLAN_STEPS.length - 1; i >= 0; i -= 1) {
    const step = PLAN_STEPS[i] as PlanStep;
    const rate = assumptions.conversionRates[step];
    const upstream = new Map<number, number>();
    for (const [index, value] of downstream) upstream.set(index, value / rate);
    downstream = shiftEarlier(upstream, assumptions.lagBusinessDays[step] / businessDaysPerMonth);
    required.set(step, downstream);
  }

  const targetIndexes = [...byMonth.keys()];
  let first = Math.min(...targetIndexes);
  const last = Math.max(...targetIndexes);
  for (const amounts of required.values()) {
    for (const index of amounts.keys()) first = Math.min(first, index);
  }
  const indexes: number[] = [];
  for (let i = first; i <= last; i += 1) indexes.push(i);
  const months = indexes.map(monthFromIndex);

  const stages = PLAN_STAGES.map((stage): StagePlan => {
    const amounts = required.get(stage) ?? new Map<number, number>();
    const values = indexes.map((i) => amounts.get(i) ?? 0);
    const counts = wholeCounts(values);
    const cells = indexes.map((index, k) => ({
      month: months[k] as MonthKey,
      required: values[k] as number,
      count: counts[k] as number,
      isPast: index < current,
    }));
    return {
      stage,
      cells,
      total: values.reduce((sum, v) => sum + v, 0),
      totalCount: counts.reduce((sum, v) => sum + v, 0),
      pastDueCount: cells.filter((c) => c.isPast).reduce((sum, c) => sum + c.count, 0),
    };
  });

  return {
    months,
    revenue: indexes.map((index, k) => ({
      month: months[k] as MonthKey,
      target: byMonth.get(index) ?? 0,
      inGoal: byMonth.has(index),
      isPast: index < current,
    })),
    totalRevenue: [...byMonth.values()].reduce((sum, v) => sum + v, 0),
    stages,
    currentMonth: monthFromIndex(current),
  };
}
