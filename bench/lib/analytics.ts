/**
 * Funnel + velocity timings and their reference: the same query shape in DuckDB (in memory) over
 * the same rows, copied out of PostgreSQL. Used by the suite (step 3, through the HTTP API) and by
 * bench/analytics.ts (through the service functions, with more variants).
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { DuckDBInstance } from "@duckdb/node-api";
import { FUNNEL_STEPS, LIFECYCLE_STAGES } from "@tasuki/domain";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";

export interface Timing {
  name: string;
  p50: number;
  p95: number;
  min: number;
  runs: number;
}

/** The funnel and velocity numbers both engines must agree on (the period totals per step). */
export interface EngineTotals {
  funnel: { fromStage: string; toStage: string; entered: number; converted: number }[];
  velocity: { fromStage: string; toStage: string; people: number; medianDays: number | null }[];
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** `runs` timed runs after `warmup` untimed ones, one at a time. */
export async function timeRuns<T>(
  name: string,
  work: () => Promise<T>,
  { runs, warmup }: { runs: number; warmup: number },
  log: (line: string) => void = console.error,
): Promise<Timing & { result: T }> {
  let result!: T;
  for (let i = 0; i < warmup; i++) result = await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const timing = { name, p50: percentile(samples, 50), p95: percentile(samples, 95), min: samples[0]!, runs };
  log(`${name.padEnd(44)} p50 ${timing.p50.toFixed(1)} ms  p95 ${timing.p95.toFixed(1)} ms`);
  return { ...timing, result };
}

/** person_funnel has one `<stage>_at` column per lifecycle stage. */
const STAGES = LIFECYCLE_STAGES;

/**
 * DuckDB over the rows of `person_funnel` and `business_days` in the PostgreSQL database at
 * `databaseUrl`, for the period `from`…`to` (JST dates): funnel (cohort) and velocity timed.
 */
export async function duckdbReference(
  databaseUrl: string,
  period: { from: string; to: string },
  options: { runs: number; warmup: number },
  log: (line: string) => void = console.error,
): Promise<{ timings: Timing[]; totals: EngineTotals }> {
  const scratch = mkdtempSync(join(tmpdir(), "tasuki-bench-duckdb-"));
  try {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query("set timezone = 'UTC'");
      const exportCsv = (file: string, query: string) =>
        pipeline(
          client.query(copyTo(`COPY (${query}) TO STDOUT WITH (FORMAT csv, HEADER true)`)),
          createWriteStream(join(scratch, file)),
        );
      await exportCsv(
        "person_funnel.csv",
        `select person_id, industry, ${STAGES.map((s) => `${s}_at::timestamp as ${s}_at`).join(", ")} from person_funnel`,
      );
      await exportCsv("business_days.csv", "select day, ordinal from business_days");
    } finally {
      await client.end();
    }
    const duck = await (await DuckDBInstance.create(":memory:")).connect();
    await duck.run(
      `create table person_funnel as select * from read_csv('${join(scratch, "person_funnel.csv")}', header = true, types = {${STAGES.map((s) => `'${s}_at': 'TIMESTAMP'`).join(", ")}})`,
    );
    await duck.run(
      `create table business_days as select * from read_csv('${join(scratch, "business_days.csv")}', header = true, types = {'day': 'DATE', 'ordinal': 'INTEGER'})`,
    );

    const utc = (date: Date) => date.toISOString().slice(0, 19).replace("T", " ");
    const start = utc(new Date(`${period.from}T00:00:00+09:00`));
    const end = utc(new Date(new Date(`${period.to}T00:00:00+09:00`).getTime() + 86_400_000));
    const inWindow = (c: string) => `${c} >= TIMESTAMP '${start}' and ${c} < TIMESTAMP '${end}'`;
    const month = (c: string) => `strftime(${c} + interval 9 hour, '%Y-%m')`;
    const funnelSql = FUNNEL_STEPS.map(
      ({
        from,
        to,
      }) => `(select '${from}' as from_stage, '${to}' as to_stage, month, count(*) as entered, count(*) filter (where converted) as converted
    from (select ${month(`${from}_at`)} as month, ${to}_at >= ${from}_at as converted from person_funnel where ${inWindow(`${from}_at`)}) x
    group by rollup(month))`,
    ).join(" union all ");
    const stagesSql = `select ${STAGES.map((s) => `count(*) filter (where ${s}_at is not null) as ${s}`).join(", ")} from person_funnel where ${inWindow("lead_at")}`;
    const velocitySql = FUNNEL_STEPS.map(
      ({ from, to }) => `(select '${from}' as from_stage, '${to}' as to_stage, month, count(*) as people,
      quantile_cont(days, 0.5) as median_days, avg(days) as mean_days
    from (select ${month(`f.${to}_at`)} as month, bt.ordinal - bf.ordinal as days from person_funnel f
      join business_days bf on bf.day = cast(f.${from}_at + interval 9 hour as date)
      join business_days bt on bt.day = cast(f.${to}_at + interval 9 hour as date)
      where ${inWindow(`f.${to}_at`)} and f.${to}_at >= f.${from}_at) x
    group by rollup(month))`,
    ).join(" union all ");
    const query = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJS();

    const funnelRun = await timeRuns(
      "DuckDB funnel (cohort)",
      async () => (await Promise.all([query(funnelSql), query(stagesSql)]))[0],
      options,
      log,
    );
    const velocityRun = await timeRuns("DuckDB velocity", () => query(velocitySql), options, log);
    const totalsOf = (rows: Record<string, unknown>[]) => rows.filter((r) => r.month === null);
    return {
      timings: [funnelRun, velocityRun].map(({ result: _r, ...t }) => t),
      totals: {
        funnel: totalsOf(funnelRun.result).map((r) => ({
          fromStage: String(r.from_stage),
          toStage: String(r.to_stage),
          entered: Number(r.entered),
          converted: Number(r.converted),
        })),
        velocity: totalsOf(velocityRun.result).map((r) => ({
          fromStage: String(r.from_stage),
          toStage: String(r.to_stage),
          people: Number(r.people),
          medianDays: r.median_days === null ? null : Number(r.median_days),
        })),
      },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Where Tasuki's numbers and DuckDB's differ (empty when they agree, or the comparison means nothing). */
export function engineMismatches(ours: EngineTotals, duck: EngineTotals): string[] {
  const mismatches: string[] = [];
  for (const s of ours.funnel) {
    const d = duck.funnel.find((r) => r.fromStage === s.fromStage && r.toStage === s.toStage);
    if (!d || d.entered !== s.entered || d.converted !== s.converted)
      mismatches.push(
        `funnel ${s.fromStage}>${s.toStage}: ours ${s.entered}/${s.converted}, duckdb ${d?.entered}/${d?.converted}`,
      );
  }
  for (const s of ours.velocity) {
    const d = duck.velocity.find((r) => r.fromStage === s.fromStage && r.toStage === s.toStage);
    if (!d || d.people !== s.people || d.medianDays !== (s.medianDays ?? null))
      mismatches.push(
        `velocity ${s.fromStage}>${s.toStage}: ours ${s.people}/${s.medianDays}, duckdb ${d?.people}/${d?.medianDays}`,
      );
  }
  return mismatches;
}
