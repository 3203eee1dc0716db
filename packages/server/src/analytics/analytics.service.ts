/**
 * Closed-loop analytics: one function per metric. `funnel(db, filter)` and `velocity(db, filter)`
 * are the historical conversion rates and stage-to-stage lags other areas (goals and the reverse
 * funnel) must use, so there is one definition of each number in the product.
 */
import type {
  AnalyticsFilter,
  AnalyticsFilterInput,
  AnalyticsRecordPage,
  AnalyticsView,
  Funnel,
  FunnelStep,
  IndustryResponse,
  ListAnalyticsRecordsQuery,
  MarketingKpis,
  Pipeline,
  PipelineQuery,
  ReasonTrend,
  StageProgression,
  Velocity,
  VelocityStep,
} from "@tasuki/contracts";
import {
  ANALYTICS_STAGES,
  businessDayOrdinals,
  FUNNEL_STEPS,
  type FunnelStage,
  histogramStats,
  INDUSTRIES,
  jstDateOf,
  jstMonthOf,
  jstStartOf,
  LIFECYCLE_STAGES,
  MARKETING_KPIS,
  monthsBetween,
  OPPORTUNITY_STAGES,
  rate,
  resolvePeriod,
} from "@tasuki/domain";
import { loadCompanyCalendar } from "../calendar/calendar.service.ts";
import type { Db } from "../db/database.ts";
import { decodeCursor, encodeCursor } from "../db/pagination.ts";
import { withQueryTimeout } from "../db/statement-timeout.ts";
import type { Deps } from "../http/types.ts";
import {
  countDrill,
  type DrillSpec,
  type PersonFilter,
  replaceBusinessDays,
  selectAnalyticsState,
  selectDrill,
  selectFirstDataAt,
  selectFunnelSteps,
  selectIndustryResponse,
  selectKpis,
  selectLostReasonLabels,
  selectLostReasons,
  selectPipeline,
  selectProgression,
  selectRejectionReasonLabels,
  selectRejectionReasons,
  selectStageCounts,
  selectVelocity,
  selectWonAmount,
  type Window,
  withAnalyticsSession,
} from "./analytics.repository.ts";

const DAY = 86_400_000;

/**
 * The filter with its period made explicit. Without dates: the twelve whole JST months before
 * this one plus this month up to today. A missing `from` is the first of the month a year before
 * `to`; a missing `to` is today.
 */
export function resolveFilter(input: AnalyticsFilterInput, now: Date): AnalyticsFilter {
  return { ...input, ...resolvePeriod(input, jstDateOf(now)) };
}

function windowOf(filter: AnalyticsFilter): Window {
  return {
    start: jstStartOf(filter.from),
    end: new Date(jstStartOf(filter.to).getTime() + DAY),
    fromDate: filter.from,
    toDate: filter.to,
  };
}

function personFilterOf(filter: AnalyticsFilter | PipelineQuery): PersonFilter {
  return {
    teamId: filter.teamId,
    ownerId: filter.ownerId,
    campaignId: filter.campaignId,
    industry: filter.industry,
    employeeBand: filter.employeeBand,
    source: filter.source,
  };
}

/** An inverted period is empty, not an error: every count 0 and every rate null. */
function monthsOf(filter: AnalyticsFilter): string[] {
  return filter.from <= filter.to ? monthsBetween(filter.from, filter.to) : [];
}

const keyOf = (from: string, to: string, month: string | null) => `${from}>${to}@${month ?? ""}`;

/**
 * Conversion between every pair of adjacent stages. Cohort view: of the people who first reached
 * a stage in the period (month = month of that arrival), the share that reached the next one.
 * Period view: arrivals at the next stage in the window against arrivals at the stage.
 */
export async function funnel(
  db: Db,
  filter: AnalyticsFilter,
  view: AnalyticsView = "cohort",
): Promise<Funnel> {
  const w = windowOf(filter);
  const people = personFilterOf(filter);
  const stepStarts = new Set<string>(FUNNEL_STEPS.map((s) => s.from));
  const others = ANALYTICS_STAGES.filter((stage) => !stepStarts.has(stage));
  const [rows, extra] = await withAnalyticsSession(db, async (tx) => [
    await selectFunnelSteps(tx, FUNNEL_STEPS, view, w, people),
    await selectStageCounts(tx, others, w, people),
  ]);
  // Rows come per step and month (a period view has one row for entries and one for conversions);
  // months partition the window, so the period's total is their sum.
  const byKey = new Map<string, { entered: number; converted: number }>();
  const add = (key: string, r: { entered: number; converted: number }) => {
    const cell = byKey.get(key) ?? { entered: 0, converted: 0 };
    cell.entered += r.entered;
    cell.converted += r.converted;
    byKey.set(key, cell);
  };
  for (const r of rows) {
    add(keyOf(r.from_stage, r.to_stage, r.month), r);
    add(keyOf(r.from_stage, r.to_stage, null), r);
  }
  const stepsFor = (month: string | null): FunnelStep[] =>
    FUNNEL_STEPS.map(({ from, to }) => {
      const row = byKey.get(keyOf(from, to, month));
      const entered = row?.entered ?? 0;
      const converted = row?.converted ?? 0;
      return { fromStage: from, toStage: to, entered, converted, rate: rate(converted, entered) };
    });
  return {
    filter,
    view,
    // Every layer is "first reached in the period": a step's `entered` is exactly that count.
    stages: ANALYTICS_STAGES.map((stage) => ({
      stage,
      people: stepStarts.has(stage)
        ? (byKey.get(keyOf(stage, FUNNEL_STEPS.find((s) => s.from === stage)!.to, null))?.entered ?? 0)
        : (extra.find((e) => e.stage === stage)?.people ?? 0),
    })),
    steps: stepsFor(null),
    months: monthsOf(filter).map((month) => ({ month, steps: stepsFor(month) })),
    records: { operationId: "listAnalyticsRecords", metric: "funnel_step" },
  };
}

const CALENDAR_FIRST_DAY = "2000-01-01";
const CALENDAR_LAST_DAY = "2050-12-31";

/**
 * Makes `business_days` match the company calendar in force: rebuilt (about 19,000 rows) only
 * when the calendar's fingerprint changed since the last build, so an edit in relay settings
 * reaches the next velocity query without the relay knowing about analytics.
 */
export async function ensureBusinessDays(db: Db): Promise<void> {
  const calendar = await loadCompanyCalendar(db);
  const fingerprint = JSON.stringify({
    calendar: { ...calendar, workStartMinute: 0, workEndMinute: 0 },
    range: [CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY],
  });
  if ((await selectAnalyticsState(db, "business_days")) === fingerprint) return;
  await replaceBusinessDays(
    db,
    fingerprint,
    businessDayOrdinals(CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY, calendar),
  );
}

/**
 * Median and mean business days (company calendar) from first reaching a stage to first
 * reaching the next, over the people who reached the next stage in the period (month = month of
 * that arrival). Recycled people count from their first arrival, nurture time included.
 */
export async function velocity(db: Db, filter: AnalyticsFilter): Promise<Velocity> {
  await ensureBusinessDays(db);
  const rows = await withAnalyticsSession(db, (tx) =>
    selectVelocity(tx, FUNNEL_STEPS, windowOf(filter), personFilterOf(filter)),
  );
  // Histograms per step and month; the period's histogram is their union (months partition it).
  const bins = new Map<string, [number, number][]>();
  for (const r of rows) {
    for (const key of [keyOf(r.from_stage, r.to_stage, r.month), keyOf(r.from_stage, r.to_stage, null)]) {
      const list = bins.get(key) ?? [];
      list.push([r.days, r.people]);
      bins.set(key, list);
    }
  }
  const stepsFor = (month: string | null): VelocityStep[] =>
    FUNNEL_STEPS.map(({ from, to }) => {
      const stats = histogramStats(bins.get(keyOf(from, to, month)) ?? []);
      return {
        fromStage: from,
        toStage: to,
        people: stats.count,
        medianDays: stats.median,
        meanDays: stats.mean,
      };
    });
  return {
    filter,
    steps: stepsFor(null),
    months: monthsOf(filter).map((month) => ({ month, steps: stepsFor(month) })),
    records: { operationId: "listAnalyticsRecords", metric: "velocity" },
  };
}

/** Stage changes into each stage in the period (re-entries included) and the distinct people. */
export async function stageProgression(db: Db, filter: AnalyticsFilter): Promise<StageProgression> {
  const rows = await selectProgression(db, windowOf(filter), personFilterOf(filter));
  const find = (stage: string, month: string | null) =>
    rows.find((r) => r.stage === stage && r.month === month);
  const stagesFor = (month: string | null) =>
    LIFECYCLE_STAGES.map((stage) => {
      const row = find(stage, month);
      return { stage, moves: row?.moves ?? 0, people: row?.people ?? 0 };
    });
  return {
    filter,
    stages: stagesFor(null),
    months: monthsOf(filter).map((month) => ({ month, stages: stagesFor(month) })),
    records: { operationId: "listAnalyticsRecords", metric: "progression" },
  };
}

function reasonTrend(
  filter: AnalyticsFilter,
  labels: Awaited<ReturnType<typeof selectLostReasonLabels>>,
  rows: Awaited<ReturnType<typeof selectLostReasons>>,
  metric: string,
): ReasonTrend {
  const totals = rows.filter((r) => r.month === null);
  const total = totals.reduce((sum, r) => sum + r.count, 0);
  const counted = new Set(totals.map((r) => r.reason_id));
  // Inactive reasons appear only when something in the period used them.
  const reasons = labels
    .filter((l) => counted.has(l.id) || labels.length <= 20)
    .map((l) => {
      const count = totals.find((r) => r.reason_id === l.id)?.count ?? 0;
      return {
        id: l.id,
        key: l.key,
        labelJa: l.label_ja,
        labelEn: l.label_en,
        count,
        share: rate(count, total),
      };
    })
    .sort((a, b) => b.count - a.count);
  return {
    filter,
    reasons,
    total,
    months: monthsOf(filter).map((month) => {
      const inMonth = rows.filter((r) => r.month === month);
      return {
        month,
        total: inMonth.reduce((sum, r) => sum + r.count, 0),
        reasons: inMonth.map((r) => ({ reasonId: r.reason_id, count: r.count })),
      };
    }),
    records: { operationId: "listAnalyticsRecords", metric },
  };
}

/** Opportunities closed as lost in the period, by lost reason and month of closing. */
export async function lostReasons(db: Db, filter: AnalyticsFilter): Promise<ReasonTrend> {
  const [labels, rows] = await Promise.all([
    selectLostReasonLabels(db),
    selectLostReasons(db, windowOf(filter), personFilterOf(filter)),
  ]);
  return reasonTrend(filter, labels, rows, "lost_reasons");
}

/** Handoffs sent back in the period, by rejection reason and month of the decision. */
export async function rejectionReasons(db: Db, filter: AnalyticsFilter): Promise<ReasonTrend> {
  const [labels, rows] = await Promise.all([
    selectRejectionReasonLabels(db),
    selectRejectionReasons(db, windowOf(filter), personFilterOf(filter)),
  ]);
  return reasonTrend(filter, labels, rows, "rejection_reasons");
}

/** Response rate per industry and month: people who responded ÷ people marketing touched. */
export async function industryResponse(db: Db, filter: AnalyticsFilter): Promise<IndustryResponse> {
  const rows = await selectIndustryResponse(db, windowOf(filter), personFilterOf(filter));
  const industries = [...new Set(rows.map((r) => r.industry))].sort(
    (a, b) =>
      (a === null ? 99 : INDUSTRIES.indexOf(a as never)) - (b === null ? 99 : INDUSTRIES.indexOf(b as never)),
  );
  const cell = (industry: string | null, month: string | null) => {
    const row = rows.find((r) => r.industry === industry && r.month === month);
    const touched = row?.touched ?? 0;
    const responded = row?.responded ?? 0;
    return { touched, responded, rate: rate(responded, touched) };
  };
  return {
    filter,
    industries: industries.map((industry) => ({
      industry: industry as IndustryResponse["industries"][number]["industry"],
      ...cell(industry, null),
      months: monthsOf(filter).map((month) => ({ month, ...cell(industry, month) })),
    })),
    records: { operationId: "listAnalyticsRecords", metric: "industry_response" },
  };
}

const RATE_KPIS = new Set(["opportunityRate", "winRate"]);
const AMOUNT_KPIS = new Set(["pipelineAmount", "wonAmount"]);

/** 名刺交換数, メール開封数, PV数, 問い合わせ数, 商談化率, 成約率, pipeline and won revenue for the period. */
export async function marketingKpis(db: Db, filter: AnalyticsFilter): Promise<MarketingKpis> {
  const rows = await selectKpis(db, windowOf(filter), personFilterOf(filter));
  const kpisFor = (month: string | null) =>
    MARKETING_KPIS.map((kpi) => {
      const row = rows.find((r) => r.kpi === kpi && r.month === month);
      const numerator = row?.numerator ?? 0;
      if (RATE_KPIS.has(kpi)) {
        const denominator = row?.denominator ?? 0;
        return { kpi, value: rate(numerator, denominator), numerator, denominator };
      }
      if (AMOUNT_KPIS.has(kpi)) return { kpi, value: row?.amount ?? 0, numerator, denominator: null };
      return { kpi, value: numerator, numerator, denominator: null };
    });
  return {
    filter,
    kpis: kpisFor(null),
    months: monthsOf(filter).map((month) => ({ month, kpis: kpisFor(month) })),
    records: { operationId: "listAnalyticsRecords", metric: "kpi" },
  };
}

/**
 * パイプライン金額: the open deals as of now and their amount, in total and per open stage — the
 * one function every screen showing the pipeline uses (getPipeline for the board and the home
 * pages; the pipelineAmount KPI of marketingKpis is the same SQL, `pipelineSource`). Drill into it
 * with listAnalyticsRecords metric=kpi, kpi=pipelineAmount.
 */
export async function pipeline(db: Db, filter: PipelineQuery): Promise<Pipeline> {
  const rows = await selectPipeline(db, { ...personFilterOf(filter), dealOwnerId: filter.dealOwnerId });
  const cell = (stage: string | null) => {
    const row = rows.find((r) => r.stage === stage);
    return { count: row?.count ?? 0, amount: row?.amount ?? 0 };
  };
  return {
    ...cell(null),
    stages: OPPORTUNITY_STAGES.map((stage) => ({ stage, ...cell(stage) })),
    records: { operationId: "listAnalyticsRecords", metric: "kpi", kpi: "pipelineAmount" },
  };
}

/** The JST month anything was first recorded (a person or a deal); null before any data. */
export async function firstDataMonth(db: Db): Promise<string | null> {
  const at = await selectFirstDataAt(db);
  return at ? jstMonthOf(at) : null;
}

/**
 * Won revenue (the wonAmount KPI of marketingKpis, same SQL) for the period and per month: deals
 * closed as won on a JST day of the period and their amount. Goals read it for the historical deal
 * size and for pacing without computing the activity KPIs.
 */
export async function wonRevenue(
  db: Db,
  filter: AnalyticsFilter,
): Promise<{ deals: number; amount: number; months: { month: string; deals: number; amount: number }[] }> {
  const rows = await selectWonAmount(db, windowOf(filter), personFilterOf(filter));
  const cell = (month: string | null) => {
    const row = rows.find((r) => r.month === month);
    return { deals: row?.numerator ?? 0, amount: row?.amount ?? 0 };
  };
  return { ...cell(null), months: monthsOf(filter).map((month) => ({ month, ...cell(month) })) };
}

function drillSpecOf(query: ListAnalyticsRecordsQuery): DrillSpec {
  const from = (query.fromStage ?? "lead") as FunnelStage;
  const to = (query.toStage ?? "mql") as FunnelStage;
  switch (query.metric) {
    case "funnel_stage":
      return { metric: "funnel_stage", view: query.view, stage: query.stage ?? "lead", month: query.month };
    case "funnel_step":
      return { metric: "funnel_step", view: query.view, from, to, part: query.part, month: query.month };
    case "velocity":
      return { metric: "velocity", from, to, month: query.month };
    case "progression":
      return { metric: "progression", stage: query.stage, month: query.month };
    case "lost_reasons":
    case "rejection_reasons":
      return { metric: query.metric, reasonId: query.reasonId, month: query.month };
    case "industry_response":
      return {
        metric: "industry_response",
        industry: query.responseIndustry,
        part: query.part,
        month: query.month,
      };
    case "kpi":
      return { metric: "kpi", kpi: query.kpi ?? "inquiries", part: query.part, month: query.month };
  }
}

/** The records behind one number of any metric, newest first; `total` equals the number. */
export async function listRecords(
  db: Db,
  query: ListAnalyticsRecordsQuery,
  now: Date,
): Promise<AnalyticsRecordPage> {
  const filter = resolveFilter(query, now);
  const spec = drillSpecOf(query);
  if (spec.metric === "velocity") await ensureBusinessDays(db);
  const w = windowOf(filter);
  const people = personFilterOf(filter);
  const cursor = query.cursor ? decodeCursor(query.cursor, "timestamptz") : null;
  const [total, rows] = await Promise.all([
    countDrill(db, spec, w, people),
    selectDrill(db, spec, w, people, cursor, query.limit),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    total,
    items: page.map((r) => ({
      kind: r.kind as AnalyticsRecordPage["items"][number]["kind"],
      id: r.id,
      personId: r.person_id,
      personName: r.person_name,
      companyName: r.company_name,
      at: r.at_text,
      label: r.label,
      amount: r.amount,
      businessDays: r.business_days,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.sort_key, last.id) : null,
  };
}

/**
 * Route entry points: resolve the filter against the clock, then compute, each statement within
 * the query timeout (a long period on a large database answers `query_timeout`, not a stall).
 */
/** Resolves the filter (a bad period is refused before any statement runs), then computes in time. */
const analysis =
  <T>(compute: (db: Db, filter: AnalyticsFilter) => Promise<T>) =>
  (deps: Deps, query: AnalyticsFilterInput): Promise<T> => {
    const filter = resolveFilter(query, deps.clock.now());
    return withQueryTimeout(deps, ({ db }) => compute(db, filter));
  };

export const getFunnel = (deps: Deps, query: AnalyticsFilterInput & { view: AnalyticsView }) =>
  analysis((db, filter) => funnel(db, filter, query.view))(deps, query);
export const getVelocity = analysis(velocity);
export const getStageProgression = analysis(stageProgression);
export const getLostReasons = analysis(lostReasons);
export const getRejectionReasons = analysis(rejectionReasons);
export const getIndustryResponse = analysis(industryResponse);
export const getMarketingKpis = analysis(marketingKpis);
export const getPipeline = (deps: Deps, query: PipelineQuery) =>
  withQueryTimeout(deps, ({ db }) => pipeline(db, query));
export const listAnalyticsRecords = (deps: Deps, query: ListAnalyticsRecordsQuery) =>
  withQueryTimeout(deps, ({ db }) => listRecords(db, query, deps.clock.now()));
