/**
 * Funnel + velocity latency on the demo data (PostgreSQL), beside the same queries in DuckDB over the
 * same rows as the reference limit. Writes bench/ANALYTICS.md and appends bench/results/analytics.jsonl.
 *
 *   node --import tsx bench/analytics.ts --people 100000
 *   node --import tsx bench/analytics.ts --people 1000000 --reuse   # keep a seeded tasuki_bench_analytics
 *   node --import tsx bench/analytics.ts --people 1000000 --database-url postgres://…/tasuki_perf_1m
 *
 * Seeds `tasuki demo` into the scratch database tasuki_bench_analytics on BENCH_POSTGRES_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres) unless --reuse finds it seeded at that size; then runs
 * funnel (cohort and period views) and velocity through the same service functions the API and the
 * goals area call, `--runs` times after `--warmup` runs, and reports p50/p95.
 */
import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createDatabase, funnel, resolveFilter, velocity } from "@tasuki/server/tooling";
import pg from "pg";
import { duckdbReference, engineMismatches, timeRuns } from "./lib/analytics.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    people: { type: "string", default: "100000" },
    months: { type: "string", default: "24" },
    runs: { type: "string", default: "20" },
    warmup: { type: "string", default: "3" },
    today: { type: "string", default: "2026-11-22" },
    reuse: { type: "boolean", default: false },
    "database-url": { type: "string" },
  },
});
const people = Number(values.people);
const runs = Number(values.runs);
const warmup = Number(values.warmup);
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SCRATCH = "tasuki_bench_analytics";
const url = new URL(adminUrl);
url.pathname = `/${SCRATCH}`;
// --database-url: an existing demo dataset, used as it is (nothing is written but VACUUM ANALYZE).
const databaseUrl = values["database-url"] ?? url.toString();

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(statement);
  } finally {
    await client.end();
  }
}

async function seededPeople(): Promise<number | null> {
  const exists = await admin(`select 1 from pg_database where datname = '${SCRATCH}'`);
  if (exists.rowCount === 0) return null;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query("select count(*)::int as n from person_funnel");
    return r.rows[0].n as number;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

function runDemo(): Promise<number> {
  return new Promise((resolve) => {
    const { DATABASE_URL: _u, TASUKI_DATA_DIR: _d, ...env } = process.env;
    const args = [
      "--import",
      "tsx",
      "packages/cli/src/main.ts",
      "demo",
      "--people",
      values.people,
      "--months",
      values.months,
      "--seed",
      "1",
      "--today",
      values.today,
    ];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

let seedSeconds: number | null = null;
const seeded = values["database-url"] ? people : await seededPeople();
if (!values["database-url"] && (!values.reuse || seeded === null || seeded < people)) {
  await admin(`drop database if exists ${SCRATCH} with (force)`);
  await admin(`create database ${SCRATCH}`);
  console.error(`seeding ${people.toLocaleString()} people into ${SCRATCH} …`);
  const started = performance.now();
  if ((await runDemo()) !== 0) throw new Error("tasuki demo failed");
  seedSeconds = (performance.now() - started) / 1000;
}

const database = await createDatabase({ kind: "postgres", url: databaseUrl });
// The bulk load leaves person_funnel with a dead version of every row (inserted with the person,
// updated by the stage changes) until autovacuum passes; do its work now so index-only scans apply.
await database.db.execute("vacuum (analyze) person_funnel" as never);
const counts = Object.fromEntries(
  await Promise.all(
    ["people", "activities", "stage_changes", "opportunities", "person_funnel"].map(async (table) => {
      const r = (await database.db.execute(
        `select count(*)::bigint as n from ${table}` as never,
      )) as unknown as { rows: { n: string }[] };
      return [table, Number(r.rows[0]!.n)] as const;
    }),
  ),
);
const filter = resolveFilter({}, new Date(`${values.today}T12:00:00+09:00`));

const options = { runs, warmup };
const time = <T>(name: string, work: () => Promise<T>) => timeRuns(name, work, options);

const pgRows = [
  await time("PostgreSQL funnel (cohort)", () => funnel(database.db, filter, "cohort")),
  await time("PostgreSQL funnel (period)", () => funnel(database.db, filter, "period")),
  await time("PostgreSQL velocity", () => velocity(database.db, filter)),
  await time("PostgreSQL funnel (cohort) + velocity", async () => {
    await funnel(database.db, filter, "cohort");
    return velocity(database.db, filter);
  }),
  await time("PostgreSQL funnel (cohort), industry filter", () =>
    funnel(database.db, { ...filter, industry: "manufacturing" }, "cohort"),
  ),
];
const cohort = pgRows[0]!.result as Awaited<ReturnType<typeof funnel>>;
const speed = pgRows[2]!.result as Awaited<ReturnType<typeof velocity>>;

// DuckDB over the same rows; the two engines must agree, or the comparison means nothing.
const duck = await duckdbReference(databaseUrl, filter, options);
const mismatches = engineMismatches({ funnel: cohort.steps, velocity: speed.steps }, duck.totals);
await database.close();

const environment = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? "unknown",
  memoryGb: Math.round(totalmem() / 2 ** 30),
  loadAverage: loadavg()
    .map((l) => l.toFixed(1))
    .join(" "),
  node: process.version,
};
const result = {
  at: new Date().toISOString(),
  people,
  counts,
  period: `${filter.from}..${filter.to}`,
  seedSeconds,
  runs,
  timings: [...pgRows, ...duck.timings].map(({ name, p50, p95, min }) => ({ name, p50, p95, min })),
  mismatches,
  environment,
};
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
appendFileSync(join(ROOT, "bench/results/analytics.jsonl"), `${JSON.stringify(result)}\n`);

const ms = (v: number) => v.toFixed(1);
const target = pgRows[3]!;
const report = `# Analytics benchmark: funnel + velocity

Generated by \`npm run bench -- analytics --people ${people}\` (bench/analytics.ts) at ${result.at}.

- Data: \`tasuki demo --people ${people} --months ${values.months} --today ${values.today}\` on PostgreSQL —
  ${Object.entries(counts)
    .map(([t, n]) => `${n.toLocaleString("en-US")} ${t}`)
    .join(
      ", ",
    )}.${seedSeconds === null ? " (Reused a database seeded earlier with the same command.)" : ` Seeding took ${Math.round(seedSeconds)} s.`}
- Query: period ${filter.from} … ${filter.to} (the dashboard default: this month and the 12 before), no other filter unless named;
  the same service functions as \`getFunnel\` / \`getVelocity\` and the goals area (\`funnel(db, filter)\`, \`velocity(db, filter)\`),
  i.e. all six adjacent steps with the monthly breakdown, plus stage counts for the funnel.
- \`vacuum (analyze) person_funnel\` first (what autovacuum does after the bulk load). ${runs} timed runs after ${warmup} warm-up runs, one at a time, measured in the Node process (pool, driver and JSON mapping included).
- DuckDB (@duckdb/node-api, in memory) runs the same SQL shape over the same rows (person_funnel and business_days
  copied out of PostgreSQL), as the reference for what a columnar engine does with this data. Results compared:
  ${mismatches.length === 0 ? "both engines return the same counts and medians." : `**mismatches**: ${mismatches.join("; ")}`}
- Machine: ${environment.cpus} × ${environment.cpuModel}, ${environment.memoryGb} GB, Node ${environment.node};
  load average at the end ${environment.loadAverage} (the machine is shared with other work, so numbers are pessimistic).

| query | p50 ms | p95 ms | min ms |
|---|---:|---:|---:|
${result.timings.map((t) => `| ${t.name} | ${ms(t.p50)} | ${ms(t.p95)} | ${ms(t.min)} |`).join("\n")}

Target: funnel + velocity p50 ≤ 300 ms at 1,000,000 people / 10,000,000 activities on PostgreSQL.
Measured here at ${people.toLocaleString("en-US")} people: **${ms(target.p50)} ms** p50 (${target.p50 <= 300 ? "within" : "over"} the target).
`;
writeFileSync(join(ROOT, "bench/ANALYTICS.md"), report);
console.error(report);
