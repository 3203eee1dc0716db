// The only SQL of analytics. Every metric is one set-based query over person_funnel (first arrival
// per stage, see schema-analytics.ts) or the fact tables it counts; the drill-down of a number
// reuses the same predicate builder as the number, so the records listed are the records counted.
import {
  ACTIVITY_KPIS,
  type ActivityKpi,
  type FunnelStage,
  monthsBetween,
  RESPONSE_ACTIVITY_TYPES,
  TOUCH_ACTIVITY_TYPES,
} from "@tasuki/domain";
import { type SQL, sql } from "drizzle-orm";
import { arrayLiteral, type Db, queryRows } from "../db/database.ts";

/** The person filters of a metric (period handled per metric). */
export interface PersonFilter {
  teamId?: string | undefined;
  ownerId?: string | undefined;
  campaignId?: string | undefined;
  industry?: string | undefined;
  employeeBand?: string | undefined;
  source?: string | undefined;
}

/** A half-open window of instants plus the JST dates it covers (for date columns such as closed_on). */
export interface Window {
  start: Date;
  end: Date;
  fromDate: string;
  toDate: string;
}

const col = (stage: string) => sql.raw(`f.${stage}_at`);
/**
 * The JST month of an instant column as the start of that month (a timestamp without zone): cheap
 * to group by, formatted once per group with to_char. JST is a fixed +9:00 (no DST), so no time
 * zone database is needed.
 */
const monthBucket = (expr: SQL) =>
  sql`date_trunc('month', (${expr} at time zone 'UTC') + interval '9 hours')`;
const jstDate = (expr: SQL) => sql`((${expr} at time zone 'UTC') + interval '9 hours')::date`;
const inWindow = (expr: SQL, w: Window) =>
  sql`${expr} >= ${w.start.toISOString()}::timestamptz and ${expr} < ${w.end.toISOString()}::timestamptz`;
/** Narrows to one JST month as a range on the instant, so the stage indexes still serve it. */
function monthIs(expr: SQL, month: string | undefined): SQL {
  if (!month) return sql``;
  const [y, m] = month.split("-").map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 1, 1) - 9 * 3_600_000);
  const end = new Date(Date.UTC(y, m, 1) - 9 * 3_600_000);
  return sql` and ${expr} >= ${start.toISOString()}::timestamptz and ${expr} < ${end.toISOString()}::timestamptz`;
}

/** `and …` conditions on person_funnel alias `f`; a missing person (left join) fails every condition. */
export function personConditions(filter: PersonFilter): SQL {
  const parts: SQL[] = [];
  if (filter.teamId) parts.push(sql`f.team_id = ${filter.teamId}`);
  if (filter.ownerId) parts.push(sql`f.owner_id = ${filter.ownerId}`);
  if (filter.industry) parts.push(sql`f.industry = ${filter.industry}`);
  if (filter.employeeBand) parts.push(sql`f.employee_band = ${filter.employeeBand}`);
  if (filter.source) parts.push(sql`f.source = ${filter.source}`);
  if (filter.campaignId)
    parts.push(
      sql`f.person_id in (select ca.person_id from activities ca where ca.campaign_id = ${filter.campaignId})`,
    );
  if (parts.length === 0) return sql``;
  return sql` and ${sql.join(parts, sql` and `)}`;
}

export function hasPersonConditions(filter: PersonFilter): boolean {
  return Object.values(filter).some((v) => v !== undefined);
}

/**
 * Runs a metric's queries in one read-only transaction with settings for analytics: enough
 * work_mem that a period's sort (medians) stays in memory, and no JIT, whose compile time costs
 * more than these sub-second queries gain.
 */
export async function withAnalyticsSession<T>(db: Db, work: (db: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '64MB'`);
    await tx.execute(sql`set local jit = off`);
    return work(tx as unknown as Db);
  });
}

/* ---------- funnel ---------- */

export interface StepRow {
  from_stage: FunnelStage;
  to_stage: FunnelStage;
  month: string | null;
  entered: number;
  converted: number;
}

/** Cohort step: people whose first `from` is in the window (month of that arrival); converted = reached `to` not earlier. */
function cohortStepPredicate(
  from: string,
  to: string,
  w: Window,
  filter: PersonFilter,
  part: "entered" | "converted",
) {
  const base = sql`${inWindow(col(from), w)}${personConditions(filter)}`;
  return part === "entered" ? base : sql`${base} and ${col(to)} >= ${col(from)}`;
}

/** Period step: entered = first `from` in the window; converted = first `to` in the window, after `from`. */
function periodStepPredicate(
  from: string,
  to: string,
  w: Window,
  filter: PersonFilter,
  part: "entered" | "converted",
) {
  return part === "entered"
    ? sql`${inWindow(col(from), w)}${personConditions(filter)}`
    : sql`${inWindow(col(to), w)} and ${col(to)} >= ${col(from)}${personConditions(filter)}`;
}

/**
 * The JST months of the window, clipped to it, as a relation (month, start_at, end_at). Joining a
 * stage column to it turns "group by month" into one index range scan per month with a hash
 * aggregate over a handful of groups: no per-row month arithmetic and no sort of the whole period.
 */
function windowMonths(w: Window): SQL {
  const rows = (w.fromDate <= w.toDate ? monthsBetween(w.fromDate, w.toDate) : []).map((month) => {
    const [y, m] = month.split("-").map(Number) as [number, number];
    const start = new Date(Math.max(Date.UTC(y, m - 1, 1) - JST_OFFSET, w.start.getTime()));
    const end = new Date(Math.min(Date.UTC(y, m, 1) - JST_OFFSET, w.end.getTime()));
    return sql`(${month}::text, ${start.toISOString()}::timestamptz, ${end.toISOString()}::timestamptz)`;
  });
  if (rows.length === 0)
    return sql`(select null::text as month, null::timestamptz as start_at, null::timestamptz as end_at where false)`;
  return sql`(values ${sql.join(rows, sql`, `)})`;
}
const JST_OFFSET = 9 * 3_600_000;
/**
 * Always together with `inWindow` on the same column: the month bounds come from a join, so only
 * constant bounds let the planner pick the stage's own index (without them it read the sal step
 * through the mql index, a full index scan: velocity 370 → 98 ms at 1M people).
 */
const inMonth = (expr: SQL) => sql`${expr} >= m.start_at and ${expr} < m.end_at`;

/**
 * Per step and month (no total row: months partition the window, so the service adds them up).
 * Cohort: entered and converted by the month of the first `from`. Period: entered by the month of
 * the first `from`, converted by the month of the first `to`.
 */
export async function selectFunnelSteps(
  db: Db,
  steps: readonly { from: FunnelStage; to: FunnelStage }[],
  view: "cohort" | "period",
  w: Window,
  filter: PersonFilter,
): Promise<StepRow[]> {
  const months = windowMonths(w);
  const conds = personConditions(filter);
  const parts = steps.map(({ from, to }) => {
    const labels = sql`${from}::text as from_stage, ${to}::text as to_stage`;
    // One aggregate per month over an index-only range scan of the stage index: no hashing or
    // sorting of the period's rows.
    const converted = view === "cohort" ? sql`count(*) filter (where ${col(to)} >= ${col(from)})` : sql`0`;
    const byFrom = sql`(select ${labels}, m.month, c.entered, c.converted
        from ${months} m(month, start_at, end_at) cross join lateral
          (select count(*)::int as entered, (${converted})::int as converted
           from person_funnel f where ${inMonth(col(from))} and ${inWindow(col(from), w)}${conds}) c)`;
    if (view === "cohort") return byFrom;
    return sql`${byFrom} union all (select ${labels}, m.month, 0, c.converted
        from ${months} m(month, start_at, end_at) cross join lateral
          (select count(*)::int as converted from person_funnel f
           where ${inMonth(col(to))} and ${inWindow(col(to), w)} and ${col(to)} >= ${col(from)}${conds}) c)`;
  });
  return queryRows<StepRow>(db, sql.join(parts, sql` union all `));
}

export interface StageCountRow {
  stage: string;
  people: number;
}

/** The funnel chart's layers, in both views: people who first reached the stage in the window. */
function stagePredicate(stage: string, w: Window, filter: PersonFilter) {
  return sql`${inWindow(col(stage), w)}${personConditions(filter)}`;
}

/** Counts for stages no funnel step starts from (the others are the steps' `entered`). */
export async function selectStageCounts(
  db: Db,
  stages: readonly string[],
  w: Window,
  filter: PersonFilter,
): Promise<StageCountRow[]> {
  if (stages.length === 0) return [];
  const counts = stages.map(
    (stage) =>
      sql`(select count(*)::int from person_funnel f where ${stagePredicate(stage, w, filter)}) as ${sql.raw(stage)}`,
  );
  const [row] = await queryRows<Record<string, number>>(db, sql`select ${sql.join(counts, sql`, `)}`);
  return stages.map((stage) => ({ stage, people: row?.[stage] ?? 0 }));
}

/* ---------- velocity ---------- */

export interface VelocityRow {
  from_stage: FunnelStage;
  to_stage: FunnelStage;
  month: string;
  days: number;
  people: number;
}

/** People who first reached `to` in the window after `from`; business days via the unrolled calendar. */
function velocitySource(from: string, to: string, w: Window, filter: PersonFilter) {
  return sql`from person_funnel f
    join business_days bf on bf.day = ${jstDate(col(from))}
    join business_days bt on bt.day = ${jstDate(col(to))}
    where ${inWindow(col(to), w)} and ${col(to)} >= ${col(from)}${personConditions(filter)}`;
}

/**
 * Per step and month, how many people took each number of business days: a histogram the service
 * turns into count, median and mean (exact, business days being integers), so the database only
 * hash-aggregates a few hundred bins instead of sorting every arrival of the period.
 */
export async function selectVelocity(
  db: Db,
  steps: readonly { from: FunnelStage; to: FunnelStage }[],
  w: Window,
  filter: PersonFilter,
): Promise<VelocityRow[]> {
  const months = windowMonths(w);
  // The unrolled calendar (one row per day, 2000–2050, no gaps) as one array read once per query:
  // a subscript per arrival instead of two hash joins, ~40 % of velocity's time at 1M people.
  const ordinal = (stage: string) => sql`bd.ord[${jstDate(col(stage))} - bd.base + 1]`;
  const parts = steps.map(
    ({
      from,
      to,
    }) => sql`(select ${from}::text as from_stage, ${to}::text as to_stage, m.month, d.days, count(*)::int as people
      from ${months} m(month, start_at, end_at) cross join bd join person_funnel f on ${inMonth(col(to))}
      cross join lateral (select ${ordinal(to)} - ${ordinal(from)} as days) d
      where ${inWindow(col(to), w)} and ${col(to)} >= ${col(from)}${personConditions(filter)}
      group by m.month, d.days)`,
  );
  return queryRows<VelocityRow>(
    db,
    sql`with bd as materialized (select min(day) as base, array_agg(ordinal order by day) as ord from business_days)
      ${sql.join(parts, sql` union all `)}`,
  );
}

/* ---------- stage progression ---------- */

export interface ProgressionRow {
  stage: string;
  month: string | null;
  moves: number;
  people: number;
}

function progressionSource(w: Window, filter: PersonFilter) {
  return sql`from stage_changes s join person_funnel f on f.person_id = s.person_id
    where ${inWindow(sql`s.changed_at`, w)}${personConditions(filter)}`;
}

export async function selectProgression(db: Db, w: Window, filter: PersonFilter): Promise<ProgressionRow[]> {
  return queryRows<ProgressionRow>(
    db,
    sql`select stage, to_char(month, 'YYYY-MM') as month, count(*)::int as moves, count(distinct person_id)::int as people
      from (select s.to_stage as stage, ${monthBucket(sql`s.changed_at`)} as month, s.person_id ${progressionSource(w, filter)}) x
      group by grouping sets ((stage, month), (stage))`,
  );
}

/* ---------- lost and rejection reasons ---------- */

export interface ReasonRow {
  reason_id: string;
  month: string | null;
  count: number;
}

export interface ReasonLabelRow {
  id: string;
  key: string;
  label_ja: string;
  label_en: string;
  sort_order: number;
}

/** Opportunities closed as lost on a JST day of the period; filtered by the opportunity's person. */
function lostSource(w: Window, filter: PersonFilter) {
  return sql`from opportunities o left join person_funnel f on f.person_id = o.person_id
    where o.outcome = 'lost' and o.closed_on >= ${w.fromDate}::date and o.closed_on <= ${w.toDate}::date${personConditions(filter)}`;
}

/** Handoffs rejected (sent back) in the period, by the rejection reason; filtered by the handed person. */
function rejectionSource(w: Window, filter: PersonFilter) {
  return sql`from handoffs h left join person_funnel f on f.person_id = h.person_id
    where h.state = 'rejected' and ${inWindow(sql`h.decided_at`, w)}${personConditions(filter)}`;
}

export async function selectLostReasons(db: Db, w: Window, filter: PersonFilter): Promise<ReasonRow[]> {
  return queryRows<ReasonRow>(
    db,
    sql`select reason_id, to_char(month, 'YYYY-MM') as month, count(*)::int as count
      from (select o.lost_reason_id as reason_id, date_trunc('month', o.closed_on::timestamp) as month ${lostSource(w, filter)}) x
      group by grouping sets ((reason_id, month), (reason_id))`,
  );
}

export async function selectRejectionReasons(db: Db, w: Window, filter: PersonFilter): Promise<ReasonRow[]> {
  return queryRows<ReasonRow>(
    db,
    sql`select reason_id, to_char(month, 'YYYY-MM') as month, count(*)::int as count
      from (select h.rejection_reason_id as reason_id, ${monthBucket(sql`h.decided_at`)} as month ${rejectionSource(w, filter)}) x
      group by grouping sets ((reason_id, month), (reason_id))`,
  );
}

export async function selectLostReasonLabels(db: Db): Promise<ReasonLabelRow[]> {
  return queryRows<ReasonLabelRow>(
    db,
    sql`select id, key, label_ja, label_en, sort_order from lost_reasons order by sort_order, key`,
  );
}

export async function selectRejectionReasonLabels(db: Db): Promise<ReasonLabelRow[]> {
  return queryRows<ReasonLabelRow>(
    db,
    sql`select id, key, label_ja, label_en, sort_order from rejection_reasons order by sort_order, key`,
  );
}

/* ---------- industry response ---------- */

export interface IndustryRow {
  industry: string | null;
  month: string | null;
  touched: number;
  responded: number;
}

const typeList = (types: readonly string[]) =>
  sql.join(
    types.map((t) => sql`${t}`),
    sql`, `,
  );

function touchSource(w: Window, filter: PersonFilter) {
  return sql`from activities a join person_funnel f on f.person_id = a.person_id
    where a.type in (${typeList(TOUCH_ACTIVITY_TYPES)}) and ${inWindow(sql`a.occurred_at`, w)}${personConditions(filter)}`;
}

export async function selectIndustryResponse(
  db: Db,
  w: Window,
  filter: PersonFilter,
): Promise<IndustryRow[]> {
  return queryRows<IndustryRow>(
    db,
    sql`select industry, to_char(month, 'YYYY-MM') as month, count(distinct person_id)::int as touched,
        count(distinct person_id) filter (where responded)::int as responded
      from (select f.industry, ${monthBucket(sql`a.occurred_at`)} as month, a.person_id,
              a.type in (${typeList(RESPONSE_ACTIVITY_TYPES)}) as responded ${touchSource(w, filter)}) x
      group by grouping sets ((industry, month), (industry))`,
  );
}

/* ---------- marketing KPIs ---------- */

export interface KpiRow {
  kpi: string;
  month: string | null;
  numerator: number;
  denominator: number | null;
  amount: number | null;
}

function activityKpiSource(type: string, w: Window, filter: PersonFilter) {
  const join = hasPersonConditions(filter) ? sql`join person_funnel f on f.person_id = a.person_id` : sql``;
  return sql`from activities a ${join} where a.type = ${type} and ${inWindow(sql`a.occurred_at`, w)}${personConditions(filter)}`;
}

/** 商談化率: entered (lead) in the window; converted when they reached the opportunity stage afterwards. */
function opportunityRateSource(w: Window, filter: PersonFilter, part: "entered" | "converted") {
  const base = sql`from person_funnel f where ${inWindow(col("lead"), w)}${personConditions(filter)}`;
  return part === "entered" ? base : sql`${base} and f.opportunity_at >= f.lead_at`;
}

/** 成約率: deals closed (won or lost) on a JST day of the period; converted = won. */
function winRateSource(w: Window, filter: PersonFilter, part: "entered" | "converted") {
  const outcome = part === "entered" ? sql`o.outcome in ('won', 'lost')` : sql`o.outcome = 'won'`;
  return sql`from opportunities o left join person_funnel f on f.person_id = o.person_id
    where ${outcome} and o.closed_on >= ${w.fromDate}::date and o.closed_on <= ${w.toDate}::date${personConditions(filter)}`;
}

/**
 * パイプライン金額: the open deals (neither won nor lost) as of now, whenever they were created —
 * the one SQL form of `pipelineOf` in domain. The pipelineAmount KPI, its drill-down and
 * getPipeline (board, home) all read it; `dealOwnerId` narrows by the deal's own owner.
 */
function pipelineSource(filter: PersonFilter & { dealOwnerId?: string | undefined }) {
  const owner = filter.dealOwnerId ? sql` and o.owner_id = ${filter.dealOwnerId}` : sql``;
  return sql`from opportunities o left join person_funnel f on f.person_id = o.person_id
    where o.outcome is null${owner}${personConditions(filter)}`;
}

/**
 * The first instant anything was recorded: a person or a deal created, or a deal closed (a close
 * can be dated back); null on an empty database. Months before it cannot be judged short.
 */
export async function selectFirstDataAt(db: Db): Promise<Date | null> {
  const [row] = await queryRows<{ at: string | null }>(
    db,
    sql`select to_char(least(
          (select min(created_at) from people),
          (select min(created_at) from opportunities),
          (select (min(closed_on)::timestamp - interval '9 hours') at time zone 'UTC' from opportunities)
        ) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at`,
  );
  return row?.at ? new Date(row.at) : null;
}

export interface PipelineRow {
  stage: string | null;
  count: number;
  amount: number;
}

/** The pipeline per open stage plus its total (stage null), from pipelineSource. */
export async function selectPipeline(
  db: Db,
  filter: PersonFilter & { dealOwnerId?: string | undefined },
): Promise<PipelineRow[]> {
  return queryRows<PipelineRow>(
    db,
    sql`select o.stage, count(*)::int as count, coalesce(sum(o.amount), 0)::float8 as amount
      ${pipelineSource(filter)} group by rollup(o.stage)`,
  );
}

export async function selectKpis(db: Db, w: Window, filter: PersonFilter): Promise<KpiRow[]> {
  const activityParts = (Object.entries(ACTIVITY_KPIS) as [ActivityKpi, string][]).map(
    ([
      kpi,
      type,
    ]) => sql`(select ${kpi}::text as kpi, to_char(month, 'YYYY-MM') as month, count(*)::int as numerator, null::int as denominator, null::float8 as amount
      from (select ${monthBucket(sql`a.occurred_at`)} as month ${activityKpiSource(type, w, filter)}) x group by rollup(month))`,
  );
  const opportunityRate = sql`(select 'opportunityRate'::text, to_char(month, 'YYYY-MM') as month, count(*) filter (where converted)::int, count(*)::int, null::float8
    from (select ${monthBucket(col("lead"))} as month, f.opportunity_at >= f.lead_at as converted ${opportunityRateSource(w, filter, "entered")}) x
    group by rollup(month))`;
  const winRate = sql`(select 'winRate'::text, to_char(month, 'YYYY-MM') as month, count(*) filter (where won)::int, count(*)::int, null::float8
    from (select date_trunc('month', o.closed_on::timestamp) as month, o.outcome = 'won' as won ${winRateSource(w, filter, "entered")}) x
    group by rollup(month))`;
  const pipeline = sql`(select 'pipelineAmount'::text, to_char(month, 'YYYY-MM') as month, count(*)::int, null::int, coalesce(sum(amount), 0)::float8
    from (select ${monthBucket(sql`o.created_at`)} as month, o.amount ${pipelineSource(filter)}) x group by rollup(month))`;
  return queryRows<KpiRow>(
    db,
    sql.join(
      [...activityParts, opportunityRate, winRate, pipeline, wonAmountPart(w, filter)],
      sql` union all `,
    ),
  );
}

/** Won deals and their amount per month of closing (the wonAmount KPI), as one part of selectKpis. */
function wonAmountPart(w: Window, filter: PersonFilter): SQL {
  return sql`(select 'wonAmount'::text as kpi, month, count(*)::int as numerator, null::int as denominator,
      coalesce(sum(amount), 0)::float8 as amount
    from (select to_char(o.closed_on, 'YYYY-MM') as month, o.amount ${winRateSource(w, filter, "converted")}) x group by rollup(month))`;
}

/** The wonAmount KPI alone, without scanning activities for the others (goals read it per page). */
export async function selectWonAmount(db: Db, w: Window, filter: PersonFilter): Promise<KpiRow[]> {
  return queryRows<KpiRow>(db, wonAmountPart(w, filter));
}

/* ---------- drill-down ---------- */

export type DrillSpec =
  | { metric: "funnel_stage"; view: "cohort" | "period"; stage: string; month?: string | undefined }
  | {
      metric: "funnel_step";
      view: "cohort" | "period";
      from: FunnelStage;
      to: FunnelStage;
      part: "entered" | "converted";
      month?: string | undefined;
    }
  | { metric: "velocity"; from: FunnelStage; to: FunnelStage; month?: string | undefined }
  | { metric: "progression"; stage?: string | undefined; month?: string | undefined }
  | { metric: "lost_reasons"; reasonId?: string | undefined; month?: string | undefined }
  | { metric: "rejection_reasons"; reasonId?: string | undefined; month?: string | undefined }
  | {
      metric: "industry_response";
      industry?: string | undefined;
      part: "entered" | "converted";
      month?: string | undefined;
    }
  | { metric: "kpi"; kpi: string; part: "entered" | "converted"; month?: string | undefined };

export interface RecordRow {
  kind: string;
  id: string;
  person_id: string | null;
  person_name: string | null;
  company_name: string | null;
  at: Date | string;
  at_text: string;
  label: string | null;
  amount: number | null;
  business_days: number | null;
  sort_key: string;
}

const personName = sql`(p.family_name || coalesce(' ' || p.given_name, ''))`;

/** The records behind one number: a select producing (kind, id, person_id, at, label, amount, business_days). */
function drillSource(spec: DrillSpec, w: Window, filter: PersonFilter): SQL {
  switch (spec.metric) {
    case "funnel_stage":
      return sql`select 'person' as kind, f.person_id as id, f.person_id, ${col(spec.stage)} as at, ${spec.stage}::text as label,
          null::bigint as amount, null::int as business_days
        from person_funnel f where ${stagePredicate(spec.stage, w, filter)}${monthIs(col(spec.stage), spec.month)}`;
    case "funnel_step": {
      const predicate =
        spec.view === "cohort"
          ? cohortStepPredicate(spec.from, spec.to, w, filter, spec.part)
          : periodStepPredicate(spec.from, spec.to, w, filter, spec.part);
      // The month belongs to the arrival that placed the person in the cell.
      const placed = spec.view === "period" && spec.part === "converted" ? col(spec.to) : col(spec.from);
      const at = spec.part === "converted" ? col(spec.to) : col(spec.from);
      const label = spec.part === "converted" ? spec.to : spec.from;
      return sql`select 'person' as kind, f.person_id as id, f.person_id, ${at} as at, ${label}::text as label,
          null::bigint as amount, null::int as business_days
        from person_funnel f where ${predicate}${monthIs(placed, spec.month)}`;
    }
    case "velocity":
      return sql`select 'person' as kind, f.person_id as id, f.person_id, ${col(spec.to)} as at, ${spec.to}::text as label,
          null::bigint as amount, bt.ordinal - bf.ordinal as business_days
        ${velocitySource(spec.from, spec.to, w, filter)}${monthIs(col(spec.to), spec.month)}`;
    case "progression":
      return sql`select 'stage_change' as kind, s.id, s.person_id, s.changed_at as at, s.to_stage as label,
          null::bigint as amount, null::int as business_days
        ${progressionSource(w, filter)}${spec.stage ? sql` and s.to_stage = ${spec.stage}` : sql``}${monthIs(sql`s.changed_at`, spec.month)}`;
    case "lost_reasons":
      return sql`select 'opportunity' as kind, o.id, o.person_id, (o.closed_on::timestamp - interval '9 hours') at time zone 'UTC' as at,
          (select lr.key from lost_reasons lr where lr.id = o.lost_reason_id) as label, o.amount, null::int as business_days
        ${lostSource(w, filter)}${spec.reasonId ? sql` and o.lost_reason_id = ${spec.reasonId}` : sql``}${
          spec.month ? sql` and to_char(o.closed_on, 'YYYY-MM') = ${spec.month}` : sql``
        }`;
    case "rejection_reasons":
      return sql`select 'handoff' as kind, h.id, h.person_id, h.decided_at as at,
          (select rr.key from rejection_reasons rr where rr.id = h.rejection_reason_id) as label,
          null::bigint as amount, null::int as business_days
        ${rejectionSource(w, filter)}${spec.reasonId ? sql` and h.rejection_reason_id = ${spec.reasonId}` : sql``}${monthIs(sql`h.decided_at`, spec.month)}`;
    case "industry_response": {
      const industry =
        spec.industry === undefined
          ? sql``
          : spec.industry === "none"
            ? sql` and f.industry is null`
            : sql` and f.industry = ${spec.industry}`;
      const responded =
        spec.part === "converted" ? sql` and a.type in (${typeList(RESPONSE_ACTIVITY_TYPES)})` : sql``;
      // One row per person (their latest qualifying activity in the cell): the rate counts people.
      return sql`select distinct on (a.person_id) 'person' as kind, a.person_id as id, a.person_id, a.occurred_at as at,
          a.type as label, null::bigint as amount, null::int as business_days
        ${touchSource(w, filter)}${industry}${responded}${monthIs(sql`a.occurred_at`, spec.month)}
        order by a.person_id, a.occurred_at desc`;
    }
    case "kpi":
      return kpiDrill(spec.kpi, spec.part, spec.month, w, filter);
  }
}

function kpiDrill(
  kpi: string,
  part: "entered" | "converted",
  month: string | undefined,
  w: Window,
  filter: PersonFilter,
): SQL {
  const activityType = (ACTIVITY_KPIS as Record<string, string>)[kpi];
  if (activityType) {
    const source = activityKpiSource(activityType, w, filter);
    return sql`select 'activity' as kind, a.id, a.person_id, a.occurred_at as at, a.type as label,
        null::bigint as amount, null::int as business_days ${source}${monthIs(sql`a.occurred_at`, month)}`;
  }
  const closedMonth = month ? sql` and to_char(o.closed_on, 'YYYY-MM') = ${month}` : sql``;
  const closedAt = sql`(o.closed_on::timestamp - interval '9 hours') at time zone 'UTC'`;
  switch (kpi) {
    case "opportunityRate":
      return sql`select 'person' as kind, f.person_id as id, f.person_id, f.lead_at as at, 'lead'::text as label,
          null::bigint as amount, null::int as business_days ${opportunityRateSource(w, filter, part)}${monthIs(col("lead"), month)}`;
    case "winRate":
      return sql`select 'opportunity' as kind, o.id, o.person_id, ${closedAt} as at, o.outcome as label, o.amount,
          null::int as business_days ${winRateSource(w, filter, part)}${closedMonth}`;
    case "wonAmount":
      return sql`select 'opportunity' as kind, o.id, o.person_id, ${closedAt} as at, o.name as label, o.amount,
          null::int as business_days ${winRateSource(w, filter, "converted")}${closedMonth}`;
    default:
      return sql`select 'opportunity' as kind, o.id, o.person_id, o.created_at as at, o.name as label, o.amount,
          null::int as business_days ${pipelineSource(filter)}${monthIs(sql`o.created_at`, month)}`;
  }
}

export async function countDrill(db: Db, spec: DrillSpec, w: Window, filter: PersonFilter): Promise<number> {
  const [row] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from (${drillSource(spec, w, filter)}) r`,
  );
  return row?.total ?? 0;
}

export async function selectDrill(
  db: Db,
  spec: DrillSpec,
  w: Window,
  filter: PersonFilter,
  cursor: [string, string] | null,
  limit: number,
): Promise<RecordRow[]> {
  const after = cursor ? sql`where (r.at, r.id) < (${cursor[0]}::timestamptz, ${cursor[1]}::uuid)` : sql``;
  return queryRows<RecordRow>(
    db,
    sql`select r.kind, r.id, r.person_id, ${personName} as person_name, c.name as company_name,
        to_char(r.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at_text,
        r.label, r.amount::float8 as amount, r.business_days,
        r.at::text as sort_key
      from (${drillSource(spec, w, filter)}) r
      left join people p on p.id = r.person_id
      left join companies c on c.id = p.company_id
      ${after}
      order by r.at desc, r.id desc
      limit ${limit + 1}`,
  );
}

/* ---------- business calendar days ---------- */

export async function selectAnalyticsState(db: Db, key: string): Promise<string | null> {
  const [row] = await queryRows<{ value: string }>(
    db,
    sql`select value from analytics_state where key = ${key}`,
  );
  return row?.value ?? null;
}

/** Replaces the unrolled calendar; the lock makes concurrent rebuilds from several instances wait, not mix. */
export async function replaceBusinessDays(
  db: Db,
  fingerprint: string,
  days: readonly [string, number][],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`lock table business_days in exclusive mode`);
    const [row] = await queryRows<{ value: string }>(
      tx,
      sql`select value from analytics_state where key = 'business_days'`,
    );
    if (row?.value === fingerprint) return;
    await tx.execute(sql`delete from business_days`);
    const chunk = 5_000;
    for (let i = 0; i < days.length; i += chunk) {
      const part = days.slice(i, i + chunk);
      await tx.execute(
        sql`insert into business_days (day, ordinal)
          select * from unnest(${arrayLiteral(part.map((d) => d[0]))}::date[], ${arrayLiteral(part.map((d) => d[1]))}::int[])`,
      );
    }
    await tx.execute(
      sql`insert into analytics_state (key, value) values ('business_days', ${fingerprint})
        on conflict (key) do update set value = excluded.value`,
    );
  });
}
