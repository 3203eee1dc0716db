// Every number a goal shows about the past comes from the analytics implementation (one definition
// per metric, docs/METRICS.md): historical rates from getFunnel (cohort), lags from getVelocity
// (median), deal size and won revenue from the wonAmount KPI, stage arrivals from getFunnel (period),
// and the drill-downs from listAnalyticsRecords with the same filters, so a listed record is a
// counted record. This file only chooses windows and maps shapes.
import type { AnalyticsFilter, AnalyticsRecordPage } from "@tasuki/contracts";
import {
  addMonths,
  jstMonthOf,
  lastDayOfMonth,
  type MonthKey,
  PLAN_STEPS,
  type PlanStage,
  type PlanStep,
} from "@tasuki/domain";
import { firstDataMonth, funnel, listRecords, velocity, wonRevenue } from "../analytics/analytics.service.ts";
import type { Deps } from "../http/types.ts";

export interface GoalScope {
  teamId: string | null;
  ownerId: string | null;
}

export interface HistoricalValue {
  value: number | null;
  /** People entering the step (rates), people making it (lags), or won deals (deal size). */
  sampleSize: number | null;
}

/** The operations (and their view) the historical values are read from, for anyone to reproduce. */
export const HISTORICAL_SOURCES = {
  conversion: "getFunnel:cohort",
  lag: "getVelocity:median",
  dealSize: "getMarketingKpis:wonAmount",
} as const;

export interface HistoricalAssumptions {
  averageDealSize: HistoricalValue;
  conversionRates: Record<PlanStep, HistoricalValue>;
  lagBusinessDays: Record<PlanStep, HistoricalValue>;
  window: { from: string; to: string } & typeof HISTORICAL_SOURCES;
}

function filterOf(scope: GoalScope, from: string, to: string): AnalyticsFilter {
  return { from, to, teamId: scope.teamId ?? undefined, ownerId: scope.ownerId ?? undefined };
}

/** The step's next stage: `sql` → `opportunity`. */
const nextStage = (step: PlanStep): PlanStage =>
  (step === "opportunity" ? "won" : PLAN_STEPS[PLAN_STEPS.indexOf(step) + 1]!) as PlanStage;

/**
 * History over the twelve whole months before the current one, in the goal's scope (the person's
 * current team or owner, as analytics filters). Cohort conversion of recent months is still
 * maturing, so the rates lean low and the plan asks for a little more, never less.
 */
export async function loadHistoricalAssumptions(
  deps: Deps,
  scope: GoalScope,
  now: Date,
): Promise<HistoricalAssumptions> {
  const current = jstMonthOf(now);
  const from = `${addMonths(current, -12)}-01`;
  const to = lastDayOfMonth(addMonths(current, -1));
  const filter = filterOf(scope, from, to);
  const [conversion, lags, won] = await Promise.all([
    funnel(deps.db, filter, "cohort"),
    velocity(deps.db, filter),
    wonRevenue(deps.db, filter),
  ]);
  const conversionRates = {} as Record<PlanStep, HistoricalValue>;
  const lagBusinessDays = {} as Record<PlanStep, HistoricalValue>;
  for (const step of PLAN_STEPS) {
    const to = nextStage(step);
    const c = conversion.steps.find((s) => s.fromStage === step && s.toStage === to);
    conversionRates[step] = { value: c?.rate ?? null, sampleSize: c?.entered ?? 0 };
    const v = lags.steps.find((s) => s.fromStage === step && s.toStage === to);
    lagBusinessDays[step] = { value: v?.medianDays ?? null, sampleSize: v?.people ?? 0 };
  }
  return {
    averageDealSize: {
      value: won.deals > 0 ? Math.round(won.amount / won.deals) : null,
      sampleSize: won.deals,
    },
    conversionRates,
    lagBusinessDays,
    window: { from, to, ...HISTORICAL_SOURCES },
  };
}

export interface GoalActuals {
  revenue: Map<MonthKey, number>;
  counts: Map<PlanStage, Map<MonthKey, number>>;
  /** The first month with any data: earlier months are never judged short. */
  firstDataMonth: MonthKey | null;
}

/**
 * Actuals per JST month: won revenue and won deals (wonAmount: deals closed as won on a day of
 * the month), and people first reaching lead … opportunity in the month (getFunnel, period view:
 * a step's `entered` is the arrivals at its first stage).
 */
export async function loadActuals(
  deps: Deps,
  scope: GoalScope,
  months: readonly MonthKey[],
): Promise<GoalActuals> {
  const filter = filterOf(scope, `${months[0]}-01`, lastDayOfMonth(months[months.length - 1] as MonthKey));
  const [arrivals, won, first] = await Promise.all([
    funnel(deps.db, filter, "period"),
    wonRevenue(deps.db, filter),
    firstDataMonth(deps.db),
  ]);
  const counts = new Map<PlanStage, Map<MonthKey, number>>();
  for (const step of PLAN_STEPS) {
    counts.set(
      step,
      new Map(
        arrivals.months.map(
          (m) => [m.month, m.steps.find((s) => s.fromStage === step)?.entered ?? 0] as const,
        ),
      ),
    );
  }
  counts.set("won", new Map(won.months.map((m) => [m.month, m.deals] as const)));
  return {
    revenue: new Map(won.months.map((m) => [m.month, Math.round(m.amount)] as const)),
    counts,
    firstDataMonth: first,
  };
}

/** The records behind one actual: the won deals of the month, or the people who first reached the stage. */
export async function listActualRecords(
  deps: Deps,
  scope: GoalScope,
  stage: PlanStage,
  month: MonthKey,
  limit: number,
  cursor: string | undefined,
): Promise<AnalyticsRecordPage> {
  const base = {
    ...filterOf(scope, `${month}-01`, lastDayOfMonth(month)),
    month,
    limit,
    cursor,
    view: "period" as const,
  };
  const query =
    stage === "won"
      ? { ...base, metric: "kpi" as const, kpi: "wonAmount" as const, part: "converted" as const }
      : { ...base, metric: "funnel_stage" as const, stage, part: "entered" as const };
  return listRecords(deps.db, query, deps.clock.now());
}
