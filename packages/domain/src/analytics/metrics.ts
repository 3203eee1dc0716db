import { type BusinessCalendar, isBusinessDay, jstDateOf } from "../business-calendar.ts";
import { FUNNEL_STAGES, type LifecycleStage } from "../stages.ts";
import type { ActivityType } from "../vocabulary.ts";

/**
 * The metric definitions of closed-loop analytics: one definition per metric, mirrored by one
 * SQL implementation in `server/src/analytics` and described in `docs/METRICS.md`. The
 * functions here are the executable form over in-memory records; the SQL must agree with them.
 */

/** Stages whose first arrival the analytics model records per person. */
export const ANALYTICS_STAGES = [...FUNNEL_STAGES, "lost", "recycled", "disqualified"] as const;
export type AnalyticsStage = (typeof ANALYTICS_STAGES)[number];

export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** Adjacent pairs of the forward path (lead→mql … won→customer): every conversion we report. */
export const FUNNEL_STEPS: readonly { from: FunnelStage; to: FunnelStage }[] = FUNNEL_STAGES.slice(1).map(
  (to, i) => ({ from: FUNNEL_STAGES[i]!, to }),
);

/** A funnel step's key, `mql>sal`. */
export function stepKey(from: FunnelStage, to: FunnelStage): string {
  return `${from}>${to}`;
}

/**
 * A person as the analytics model sees them: when they first reached each stage. Recycled people
 * who re-enter a stage keep their first arrival, so each person counts once per stage.
 */
export type StageReached = Partial<Record<AnalyticsStage, Date | null>>;

/** numerator ÷ denominator, or null when there is nothing to divide by (never NaN or Infinity). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** Median of the values (mean of the middle two for an even count), null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Count, median and mean of values given as a histogram of `[value, count]` pairs (any order):
 * the same numbers as `median` and `mean` over the expanded values, without expanding them. SQL
 * returns business days this way (few distinct small integers), so no database sorts a period.
 */
export function histogramStats(bins: readonly (readonly [number, number])[]): {
  count: number;
  median: number | null;
  mean: number | null;
} {
  const sorted = bins.filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const count = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (count === 0) return { count: 0, median: null, mean: null };
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (rank < seen) return value;
    }
    return sorted[sorted.length - 1]![0];
  };
  const median =
    count % 2 === 1 ? valueAt((count - 1) / 2) : (valueAt(count / 2 - 1) + valueAt(count / 2)) / 2;
  const mean = sorted.reduce((sum, [value, n]) => sum + value * n, 0) / count;
  return { count, median, mean };
}

/** Arithmetic mean, null for none. */
export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** A half-open period of instants [from, to). */
export interface Period {
  from: Date;
  to: Date;
}

function within(at: Date | null | undefined, period: Period): at is Date {
  return !!at && at.getTime() >= period.from.getTime() && at.getTime() < period.to.getTime();
}

/** Whether `to` counts as reached after `from`: it exists and is not earlier. */
export function convertedAfter(fromAt: Date | null | undefined, toAt: Date | null | undefined): boolean {
  return !!fromAt && !!toAt && toAt.getTime() >= fromAt.getTime();
}

export interface StepCount {
  entered: number;
  converted: number;
  rate: number | null;
}

/**
 * Cohort conversion: of the people who first reached `from` inside the period, how many reached
 * `to` at the same time or later (at any time up to now).
 */
export function cohortConversion(
  people: readonly StageReached[],
  from: FunnelStage,
  to: FunnelStage,
  period: Period,
): StepCount {
  const cohort = people.filter((p) => within(p[from], period));
  const converted = cohort.filter((p) => convertedAfter(p[from], p[to])).length;
  return { entered: cohort.length, converted, rate: rate(converted, cohort.length) };
}

/**
 * Period conversion: people who first reached `from` in the period (entered) against people who
 * first reached `to` in the period having reached `from` before (converted). A ratio of two flows
 * in the same window: it can exceed 1 when last period's entries convert now.
 */
export function periodConversion(
  people: readonly StageReached[],
  from: FunnelStage,
  to: FunnelStage,
  period: Period,
): StepCount {
  const entered = people.filter((p) => within(p[from], period)).length;
  const converted = people.filter((p) => within(p[to], period) && convertedAfter(p[from], p[to])).length;
  return { entered, converted, rate: rate(converted, entered) };
}

const DAY = 86_400_000;

/**
 * Business days from one instant to a later one: the working days after the first one's JST date
 * up to and including the second one's (same day = 0, Friday → Monday = 1). Ordinals make this a
 * subtraction, which is how SQL computes it over millions of rows.
 */
export function businessDaysBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  const a = jstDateOf(from);
  const b = jstDateOf(to);
  if (b < a) return -businessDaysBetween(to, from, calendar);
  let days = 0;
  for (let t = Date.parse(`${a}T00:00:00Z`) + DAY; t <= Date.parse(`${b}T00:00:00Z`); t += DAY) {
    if (isBusinessDay(new Date(t).toISOString().slice(0, 10), calendar)) days += 1;
  }
  return days;
}

/**
 * `[date, ordinal]` for each JST day from `first` to `last` (inclusive, `YYYY-MM-DD`): ordinal is
 * the number of business days on or before the day since `first`, so the business days between
 * two days are the difference of their ordinals.
 */
export function businessDayOrdinals(
  first: string,
  last: string,
  calendar: BusinessCalendar,
): [string, number][] {
  const out: [string, number][] = [];
  let ordinal = 0;
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (isBusinessDay(date, calendar)) ordinal += 1;
    out.push([date, ordinal]);
  }
  return out;
}

export interface VelocityStat {
  /** People who reached both stages, the later not before the earlier. */
  count: number;
  medianDays: number | null;
  meanDays: number | null;
}

/**
 * Velocity of a step: business days from first reaching `from` to first reaching `to`, over the
 * people who reached `to` inside the period (the period of arrival, so recent speed shows).
 */
export function stepVelocity(
  people: readonly StageReached[],
  from: FunnelStage,
  to: FunnelStage,
  period: Period,
  calendar: BusinessCalendar,
): VelocityStat {
  const days = people
    .filter((p) => within(p[to], period) && convertedAfter(p[from], p[to]))
    .map((p) => businessDaysBetween(p[from]!, p[to]!, calendar));
  return { count: days.length, medianDays: median(days), meanDays: mean(days) };
}

/** The first instant a person reached each stage, from their stage changes (any order). */
export function stageReachedFrom(
  changes: readonly { toStage: LifecycleStage; changedAt: Date }[],
  createdAt?: Date,
): StageReached {
  const reached: StageReached = {};
  if (createdAt) reached.lead = createdAt;
  for (const change of changes) {
    if (!(ANALYTICS_STAGES as readonly string[]).includes(change.toStage)) continue;
    const stage = change.toStage as AnalyticsStage;
    const seen = reached[stage];
    if (!seen || change.changedAt.getTime() < seen.getTime()) reached[stage] = change.changedAt;
  }
  return reached;
}

/** Activities that show a person answered marketing (the numerator of the response rate). */
export const RESPONSE_ACTIVITY_TYPES = [
  "email_click",
  "document_request",
  "inquiry",
  "webinar",
] as const satisfies readonly ActivityType[];
/** Activities that show marketing reached a person (the denominator of the response rate). */
export const TOUCH_ACTIVITY_TYPES = [
  ...RESPONSE_ACTIVITY_TYPES,
  "email_open",
  "page_view",
  "business_card_exchange",
] as const satisfies readonly ActivityType[];

/** The marketing activity KPIs (施策KPI) that count activities of one type in the period. */
export const ACTIVITY_KPIS = {
  businessCardExchanges: "business_card_exchange",
  emailOpens: "email_open",
  pageViews: "page_view",
  inquiries: "inquiry",
} as const satisfies Record<string, ActivityType>;
export type ActivityKpi = keyof typeof ACTIVITY_KPIS;

/** Every KPI tile the dashboard shows, activity counts first, then the two rates and revenue. */
export const MARKETING_KPIS = [
  "businessCardExchanges",
  "emailOpens",
  "pageViews",
  "inquiries",
  "opportunityRate",
  "winRate",
  "pipelineAmount",
  "wonAmount",
] as const;
export type MarketingKpi = (typeof MARKETING_KPIS)[number];

/**
 * 商談化率: of the people who entered the relay (first reached lead) in the period, the share that
 * reached the opportunity stage (at any time up to now).
 */
export function opportunityRate(people: readonly StageReached[], period: Period): StepCount {
  const cohort = people.filter((p) => within(p.lead, period));
  const converted = cohort.filter((p) => convertedAfter(p.lead, p.opportunity)).length;
  return { entered: cohort.length, converted, rate: rate(converted, cohort.length) };
}

/** 成約率: of the deals closed in the period, the share won (won ÷ (won + lost)). */
export function winRate(closed: readonly { outcome: "won" | "lost" }[]): StepCount {
  const won = closed.filter((d) => d.outcome === "won").length;
  return { entered: closed.length, converted: won, rate: rate(won, closed.length) };
}

/** One stage's share of the pipeline. */
export interface PipelineStage {
  stage: string;
  count: number;
  amount: number;
}

/**
 * パイプライン金額 (pipeline): the open deals — neither won nor lost — and their amount, as of now,
 * whenever they were created; per open stage too. Won deals are 受注金額 and lost ones 失注,
 * never part of the pipeline. The server's SQL (`pipelineSource` in analytics.repository.ts) is
 * this definition; every screen showing パイプライン金額 reads it through `pipeline()` /
 * `getPipeline` or the pipelineAmount KPI (see docs/METRICS.md).
 */
export function pipelineOf(
  deals: readonly { outcome: "won" | "lost" | null; stage: string; amount: number }[],
  stages: readonly string[],
): { count: number; amount: number; stages: PipelineStage[] } {
  const open = deals.filter((d) => d.outcome === null);
  return {
    count: open.length,
    amount: open.reduce((sum, d) => sum + d.amount, 0),
    stages: stages.map((stage) => {
      const at = open.filter((d) => d.stage === stage);
      return { stage, count: at.length, amount: at.reduce((sum, d) => sum + d.amount, 0) };
    }),
  };
}

/** Response rate: people with a response activity ÷ people with any marketing touch, in one month. */
export function responseRate(activities: readonly { personId: string; type: ActivityType }[]): {
  touched: number;
  responded: number;
  rate: number | null;
} {
  const touched = new Set<string>();
  const responded = new Set<string>();
  for (const a of activities) {
    if ((TOUCH_ACTIVITY_TYPES as readonly string[]).includes(a.type)) touched.add(a.personId);
    if ((RESPONSE_ACTIVITY_TYPES as readonly string[]).includes(a.type)) responded.add(a.personId);
  }
  return { touched: touched.size, responded: responded.size, rate: rate(responded.size, touched.size) };
}

/** The JST month (`YYYY-MM`) of an instant. */
export function jstMonthOf(instant: Date): string {
  return jstDateOf(instant).slice(0, 7);
}

/** The JST months touched by a period of JST dates [from, to] inclusive, in order. */
export function monthsBetween(fromDate: string, toDate: string): string[] {
  const months: string[] = [];
  let [y, m] = fromDate.slice(0, 7).split("-").map(Number) as [number, number];
  const last = toDate.slice(0, 7);
  for (let guard = 0; guard < 1200; guard++) {
    const month = `${y}-${String(m).padStart(2, "0")}`;
    if (month > last) break;
    months.push(month);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/** The instant a JST date begins (`2026-04-01` → 2026-03-31T15:00:00Z). */
export function jstStartOf(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+09:00`));
}

/**
 * The period a figure covers when the user has not chosen one — the same on every screen (the
 * dashboard, its SLA tile and the SLA compliance page): up to `today` (JST), from the first day of
 * the month twelve months before `to` (this month and the twelve before it). A given bound is kept.
 */
export function resolvePeriod(
  period: { from?: string | undefined; to?: string | undefined },
  today: string,
): { from: string; to: string } {
  const to = period.to ?? today;
  const [y, m] = to.split("-").map(Number) as [number, number];
  const from = period.from ?? `${y - 1}-${String(m).padStart(2, "0")}-01`;
  return { from, to };
}

/** The analytics period for JST dates [fromDate, toDate], both inclusive, as a half-open instant range. */
export function periodOf(fromDate: string, toDate: string): Period {
  return { from: jstStartOf(fromDate), to: new Date(jstStartOf(toDate).getTime() + DAY) };
}
