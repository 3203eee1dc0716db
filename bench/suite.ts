/**
 * `npm run bench [-- --people N --activities N --backend both|postgres|pglite --seconds S]`:
 * every workload of issue #8 on a scratch database per backend, written to bench/REPORT.md and
 * bench/REPORT.json. The default size finishes in a few minutes; `--smoke` is the tiny size the
 * test suite runs to keep this script working.
 *
 *   1 bulk load (demo generator vs raw COPY)   4 full rescore (and incremental)
 *   2 activity ingest over HTTP (+ ceiling)     5 mixed API load at fixed rates (+ during a rescore)
 *   3 funnel and velocity (vs DuckDB)           6 peak RSS of the server in each workload
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createDatabase, resolveFilter } from "@tasuki/server/tooling";
import { sql } from "drizzle-orm";
import pg from "pg";
import {
  duckdbReference,
  type EngineTotals,
  engineMismatches,
  type Timing,
  timeRuns,
} from "./lib/analytics.ts";
import { type CopyLimitResult, type DemoLoadResult, loadDemo, measureCopyLimit } from "./lib/bulk-load.ts";
import {
  fetchPeople,
  hello,
  ingestBatch,
  ingestSingle,
  type LoadResult,
  mixed,
  type Span,
} from "./lib/load.ts";
import { renderReport } from "./lib/report.ts";
import { type Backend, createScratch, type Scratch } from "./lib/scratch.ts";
import { type BenchServer, startBenchServer } from "./lib/server.ts";
import { type RescoreBenchResult, runRescoreBench } from "./rescore.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface SuiteOptions {
  backends: Backend[];
  people: number;
  /** PGlite at another size than PostgreSQL (--pglite-people): one process, so 1M takes far longer. */
  pglitePeople: number | null;
  months: number;
  /** Seconds each HTTP workload runs. */
  seconds: number;
  /** Instead of seconds: requests each HTTP workload sends, all answered before it ends (the smoke size). */
  requests: number | null;
  /** Fixed request rates of the mixed load. */
  rates: number[];
  /** The rate of the mixed load while a rescore runs. */
  rescoreRate: number;
  /** Timed runs (after a few warm-up runs) of funnel + velocity. */
  analyticsRuns: number;
  today: string;
  outDir: string;
  command: string;
}

export interface RescoreResult {
  seconds: number;
  people: number;
  peakRssMb: number | null;
}

export interface AnalyticsResult {
  /** The dashboard's period (this month and the 12 before, as of the demo's today). */
  period: { from: string; to: string };
  /** getFunnel then getVelocity over HTTP, and each alone. */
  funnelAndVelocity: Timing;
  funnel: Timing;
  velocity: Timing;
  /** The same queries in DuckDB over the same rows (PostgreSQL only: the rows are copied out of it). */
  duckdb: Timing[] | null;
  /** Where our numbers and DuckDB's differ (empty: the comparison holds). */
  mismatches: string[];
}

export interface BackendResult {
  backend: Backend;
  load: DemoLoadResult;
  copyLimit: CopyLimitResult;
  ingest: { batch: LoadResult; single: LoadResult; hello: LoadResult; helloAtRate: LoadResult };
  analytics: AnalyticsResult;
  /** The rescore job's code in process: full passes (same, nightly, model change) and incremental. */
  rescorePasses: RescoreBenchResult;
  rescore: RescoreResult;
  mixed: LoadResult[];
  mixedDuringRescore: LoadResult & { rescoresCompleted: number };
  serverIdleRssMb: number | null;
}

export interface SuiteResult {
  date: string;
  machine: Record<string, string>;
  options: Omit<SuiteOptions, "outDir">;
  results: BackendResult[];
}

export async function runSuite(options: SuiteOptions, log: (line: string) => void = console.error) {
  const started = new Date();
  const loadBefore = loadavg()[0]!;
  const results: BackendResult[] = [];
  for (const backend of options.backends) results.push(await runBackend(backend, options, log));
  const suite: SuiteResult = {
    date: started.toISOString(),
    machine: {
      ...(await machine()),
      "load average (start → end)": `${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`,
      "wall time": `${Math.round((Date.now() - started.getTime()) / 1000)} s`,
    },
    options: { ...options, outDir: undefined } as SuiteResult["options"],
    results,
  };
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(join(options.outDir, "REPORT.json"), `${JSON.stringify(suite, null, 2)}\n`);
  writeFileSync(join(options.outDir, "REPORT.md"), renderReport(suite));
  return suite;
}

/** The size one backend runs at. */
export function peopleFor(options: Pick<SuiteOptions, "people" | "pglitePeople">, backend: Backend): number {
  return backend === "pglite" && options.pglitePeople ? options.pglitePeople : options.people;
}

async function runBackend(backend: Backend, options: SuiteOptions, log: (line: string) => void) {
  const size = peopleFor(options, backend);
  log(`[${backend}] 1/6 bulk load: demo, ${size.toLocaleString("en-US")} people`);
  const scratch = await createScratch(backend);
  let server: BenchServer | null = null;
  try {
    const load = await loadDemo(scratch, { people: size, months: options.months, today: options.today }, log);
    log(
      `[${backend}]   ${load.rows.toLocaleString("en-US")} rows in ${load.loadSeconds} s; raw COPY of the same rows …`,
    );
    const copyLimit = await measureCopyLimit(scratch, log);

    // In process, before the server opens the database (PGlite has one connection).
    log(`[${backend}] 4/6 full rescore passes and incremental scoring`);
    const rescorePasses = await runRescoreBench({
      backend,
      ...(scratch.database.kind === "postgres"
        ? { databaseUrl: scratch.database.url }
        : { dataDir: scratch.database.dataDir ?? undefined }),
      log: (line) => log(`[${backend}]   ${line}`),
    });

    // The rescore bench's writes (rolled back) leave dead row versions and clear visibility-map
    // bits in person_funnel; autovacuum would clean them, but it is off on this machine's
    // PostgreSQL (conf.d/90-ci.conf) and never runs inside PGlite. Do its work, as after the load.
    await vacuumAnalytics(scratch);

    log(`[${backend}] starting the server (finishes any queued rescore first)`);
    server = await startBenchServer(scratch.env);
    const serverIdleRssMb = server.rssMb();
    // Updates take people no other request writes to, each once, so the version they send is current.
    const span: Span = options.requests ? { requests: options.requests } : { seconds: options.seconds };
    const mixedRuns = options.rates.length + 1;
    const updatesNeeded = options.requests
      ? Math.ceil((options.requests * mixedRuns) / 5) + 100
      : Math.ceil(((options.rates.reduce((a, b) => a + b, 0) + options.rescoreRate) * options.seconds) / 5) +
        100;
    const everyone = await fetchPeople(server, 2_000 + updatesNeeded);
    const split = Math.max(Math.floor(everyone.length / 2), everyone.length - updatesNeeded);
    const people = everyone.slice(0, split);
    const updates = everyone.slice(split);

    log(`[${backend}] 3/6 funnel and velocity`);
    const analytics = await measureAnalytics(server, scratch, options, log);

    log(`[${backend}] 2/6 ingest: batches of 100, single at 1,000 rps, the no-op ceiling`);
    const batch = await ingestBatch(server, people, span);
    const single = await ingestSingle(server, people, span, 1_000);
    const helloMax = await hello(server, span);
    const helloAtRate = await hello(server, span, 1_000);

    log(`[${backend}] 4/6 full rescore`);
    const rescore = await rescoreOnce(server);

    const mixedResults: LoadResult[] = [];
    for (const rate of options.rates) {
      log(`[${backend}] 5/6 mixed API load at ${rate} rps`);
      mixedResults.push(await mixed(server, people, updates, span, rate));
    }
    log(`[${backend}] 5/6 mixed API load at ${options.rescoreRate} rps during full rescores`);
    const during = await duringRescoresCounted(server, () =>
      mixed(server!, people, updates, span, options.rescoreRate),
    );

    return {
      backend,
      load,
      copyLimit,
      ingest: { batch, single, hello: helloMax, helloAtRate },
      analytics,
      rescorePasses,
      rescore,
      mixed: mixedResults,
      mixedDuringRescore: during,
      serverIdleRssMb,
    } satisfies BackendResult;
  } finally {
    await server?.stop();
    await scratch.drop();
  }
}

async function vacuumAnalytics(scratch: Scratch): Promise<void> {
  const database = await createDatabase(scratch.database);
  try {
    await database.db.execute(sql`vacuum (analyze) person_funnel`);
  } finally {
    await database.close();
  }
}

/**
 * getFunnel then getVelocity through the API for the dashboard's default period, timed one after
 * the other; on PostgreSQL beside DuckDB over the same rows, and checked to give the same numbers.
 */
async function measureAnalytics(
  server: BenchServer,
  scratch: Scratch,
  options: SuiteOptions,
  log: (line: string) => void,
): Promise<AnalyticsResult> {
  const { from, to } = resolveFilter({}, new Date(`${options.today}T12:00:00+09:00`));
  const query = `from=${from}&to=${to}`;
  const runs = { runs: options.analyticsRuns, warmup: Math.min(3, options.analyticsRuns) };
  const prefixed = (line: string) => log(`[${scratch.backend}]   ${line}`);
  const getFunnel = () =>
    api<{ steps: EngineTotals["funnel"] }>(server, "GET", `/api/v1/analytics/funnel?${query}`);
  const getVelocity = () =>
    api<{ steps: EngineTotals["velocity"] }>(server, "GET", `/api/v1/analytics/velocity?${query}`);
  const both = await timeRuns(
    "getFunnel + getVelocity",
    async () => ({ funnel: (await getFunnel()).steps, velocity: (await getVelocity()).steps }),
    runs,
    prefixed,
  );
  const funnel = await timeRuns("getFunnel", getFunnel, runs, prefixed);
  const velocity = await timeRuns("getVelocity", getVelocity, runs, prefixed);
  let duckdb: Timing[] | null = null;
  let mismatches: string[] = [];
  if (scratch.database.kind === "postgres") {
    const reference = await duckdbReference(scratch.database.url, { from, to }, runs, prefixed);
    duckdb = reference.timings;
    mismatches = engineMismatches(both.result, reference.totals);
  }
  const timing = ({ result: _r, ...t }: Timing & { result: unknown }): Timing => t;
  return {
    period: { from, to },
    funnelAndVelocity: timing(both),
    funnel: timing(funnel),
    velocity: timing(velocity),
    duckdb,
    mismatches,
  };
}

interface Job {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed";
  progress: { done: number; total: number };
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

async function api<T>(server: BenchServer, method: string, path: string): Promise<T> {
  const response = await fetch(new URL(path, server.base), {
    method,
    headers: { authorization: `Bearer ${server.token}` },
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function rescoreToEnd(server: BenchServer): Promise<Job> {
  let job = await api<Job>(server, "POST", "/api/v1/scoring/rescore");
  while (job.status === "queued" || job.status === "running") {
    await new Promise((r) => setTimeout(r, 100));
    job = await api<Job>(server, "GET", `/api/v1/jobs/${job.id}`);
  }
  if (job.status !== "succeeded") throw new Error(`rescore failed: ${job.error}`);
  return job;
}

/** rescoreAll through the API, timed by the job's own start and finish. */
async function rescoreOnce(server: BenchServer): Promise<RescoreResult> {
  const { result: job, peakRssMb } = await server.measure(() => rescoreToEnd(server));
  const seconds = (Date.parse(job.finishedAt!) - Date.parse(job.startedAt!)) / 1000;
  return { seconds: Math.round(seconds * 100) / 100, people: job.progress.total, peakRssMb };
}

/**
 * Runs `load` while full rescores run back to back, so the whole window is under a rescore; the
 * count includes the rescore still running when the load ended (it overlapped the load).
 */
async function duringRescoresCounted(server: BenchServer, load: () => Promise<LoadResult>) {
  let running = true;
  let completed = 0;
  const rescores = (async () => {
    while (running) {
      await rescoreToEnd(server);
      completed++;
    }
  })();
  let result: LoadResult;
  try {
    result = await load();
  } finally {
    running = false;
    await rescores;
  }
  return { ...result, rescoresCompleted: completed };
}

async function machine(): Promise<Record<string, string>> {
  const sh = (file: string, args: string[]) => {
    try {
      return execFileSync(file, args, { cwd: ROOT }).toString().trim();
    } catch {
      return "?";
    }
  };
  let postgres = "?";
  try {
    const client = new pg.Client({
      connectionString: process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    });
    await client.connect();
    postgres = (await client.query("show server_version")).rows[0].server_version;
    await client.end();
  } catch {}
  const pglite = JSON.parse(
    readFileSync(join(ROOT, "node_modules/@electric-sql/pglite/package.json"), "utf8"),
  ).version as string;
  return {
    CPU: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    OS: `Linux ${release()}`,
    Node: process.version,
    PostgreSQL: `${postgres} at 127.0.0.1:5432, default settings`,
    PGlite: pglite,
    commit: sh("git", ["rev-parse", "--short", "HEAD"]),
  };
}

/** Months of demo history that give about `activities / people` activities each (~8 + months/6, at most 14). */
export function monthsFor(people: number, activities: number): number {
  const perPerson = activities / people;
  return Math.min(120, Math.max(1, Math.round((perPerson - 8) * 6)));
}

export function parseSuiteArgs(argv: string[]): SuiteOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      backend: { type: "string", default: "both" },
      people: { type: "string" },
      activities: { type: "string" },
      months: { type: "string" },
      seconds: { type: "string" },
      requests: { type: "string" },
      rates: { type: "string" },
      "rescore-rate": { type: "string" },
      "analytics-runs": { type: "string" },
      "pglite-people": { type: "string" },
      today: { type: "string", default: "2026-11-22" },
      out: { type: "string" },
      smoke: { type: "boolean", default: false },
    },
  });
  const smoke = values.smoke;
  const people = Number(values.people ?? (smoke ? 300 : 20_000));
  const months = values.months
    ? Number(values.months)
    : values.activities
      ? monthsFor(people, Number(values.activities))
      : smoke
        ? 3
        : 12;
  const backends: Backend[] =
    values.backend === "both"
      ? ["postgres", "pglite"]
      : [values.backend === "pglite" ? "pglite" : "postgres"];
  return {
    backends,
    people,
    months,
    seconds: Number(values.seconds ?? 10),
    requests: values.requests ? Number(values.requests) : smoke ? 40 : null,
    rates: (values.rates ?? (smoke ? "50" : "200,500,1000")).split(",").map(Number),
    rescoreRate: Number(values["rescore-rate"] ?? (smoke ? 50 : 500)),
    analyticsRuns: Number(values["analytics-runs"] ?? (smoke ? 3 : 20)),
    pglitePeople: values["pglite-people"] ? Number(values["pglite-people"]) : null,
    today: values.today,
    outDir: values.out ?? join(ROOT, "bench"),
    command: `npm run bench -- ${argv.join(" ")}`.trim(),
  };
}
