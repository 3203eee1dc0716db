import { type BackendResult, peopleFor, type SuiteResult } from "../suite.ts";
import type { LoadResult } from "./load.ts";

const n = (value: number | null | undefined, digits = 0) =>
  value === null || value === undefined || !Number.isFinite(value)
    ? "—"
    : value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });

export interface TargetCheck {
  backend: string;
  target: string;
  measured: string;
  pass: boolean | null;
  note?: string;
}

/** A fixed-rate run counts only if it kept the asked rate (within 5 %) without errors. */
function keptRate(r: LoadResult): boolean {
  return r.errors === 0 && (r.targetRate === null || r.requestsPerSecond >= r.targetRate * 0.95);
}

export function checkTargets(suite: SuiteResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const r of suite.results) {
    const people = peopleFor(suite.options, r.backend);
    const atSize = people >= 1_000_000;
    const sizeNote = atSize ? undefined : `measured at ${n(people)} people; the target is for 1,000,000`;
    const pgsql = r.backend === "postgres";
    if (pgsql) {
      const ratio = r.load.rowsPerSecond / r.copyLimit.rowsPerSecond;
      checks.push({
        backend: r.backend,
        target: "bulk load ≥ 50 % of raw COPY rows/s",
        measured: `${n(ratio * 100)} % (${n(r.load.rowsPerSecond)} vs ${n(r.copyLimit.rowsPerSecond)} rows/s)`,
        pass: ratio >= 0.5,
      });
    } else {
      checks.push({
        backend: r.backend,
        target: "bulk load ≥ 40,000 rows/s",
        measured: `${n(r.load.rowsPerSecond)} rows/s`,
        pass: r.load.rowsPerSecond >= 40_000,
      });
    }
    checks.push({
      backend: r.backend,
      target: "ingest ≥ 50,000 activities/s in batches",
      measured: `${n(r.ingest.batch.eventsPerSecond)} /s`,
      pass: r.ingest.batch.eventsPerSecond >= 50_000 && r.ingest.batch.errors === 0,
    });
    checks.push({
      backend: r.backend,
      target: "single createActivity p99 < 50 ms at 1,000 rps",
      measured: `p99 ${n(r.ingest.single.p99Ms)} ms at ${n(r.ingest.single.requestsPerSecond)} rps, ${n(r.ingest.single.errors)} errors`,
      pass: r.ingest.single.p99Ms < 50 && keptRate(r.ingest.single),
    });
    if (pgsql) {
      const fv = r.analytics.funnelAndVelocity;
      const duck = r.analytics.duckdb?.reduce((sum, t) => sum + t.p50, 0);
      checks.push({
        backend: r.backend,
        target: "funnel + velocity p50 ≤ 300 ms",
        measured: `p50 ${n(fv.p50, 1)} ms, p95 ${n(fv.p95, 1)} ms (DuckDB ${n(duck, 1)} ms)`,
        pass: atSize ? fv.p50 <= 300 && r.analytics.mismatches.length === 0 : null,
        note: sizeNote,
      });
      const passNames = {
        nightly: "nightly, decay",
        model: "after a change of points (same engagement basis)",
        basis: "after a change of engagement basis: every activity counted",
      } as const;
      // The issue sets the target at "the set-based UPDATE limit measured here": the same run
      // measures that limit, so each pass is also read against it.
      const limits = r.rescorePasses.limits;
      const ofLimit = (seconds: number) =>
        limits
          ? `; ${n((seconds / limits.updateEveryone.seconds) * 100)} % of one UPDATE of every score row (${n(limits.updateEveryone.seconds, 2)} s, same run)`
          : "";
      const passes = (["nightly", "model", "basis"] as const).flatMap((pass) => {
        const row = r.rescorePasses.full.find((f) => f.pass === pass);
        return row ? [{ pass, row }] : [];
      });
      for (const { pass, row } of passes) {
        checks.push({
          backend: r.backend,
          target: `full rescore ≤ 10 s (${passNames[pass]})`,
          measured: `${n(row.seconds, 2)} s for ${n(r.rescorePasses.people)} people, ${n(row.changed)} scores changed${ofLimit(row.seconds)}`,
          pass: atSize ? row.seconds <= 10 : null,
          note: sizeNote,
        });
      }
      const slowest = passes.reduce<(typeof passes)[number] | null>(
        (worst, p) => (!worst || p.row.seconds > worst.row.seconds ? p : worst),
        null,
      );
      if (limits && slowest) {
        checks.push({
          backend: r.backend,
          target: "full rescore ≤ one set-based UPDATE of every score row (same run)",
          measured: `slowest pass ${slowest.pass} ${n(slowest.row.seconds, 2)} s against ${n(limits.updateEveryone.seconds, 2)} s`,
          pass: atSize ? slowest.row.seconds <= limits.updateEveryone.seconds : null,
          note: sizeNote,
        });
      }
      const incremental = r.rescorePasses.incremental.find((i) => i.path === "score" && i.batch === 1000);
      if (incremental) {
        checks.push({
          backend: r.backend,
          target: "incremental scoring ≥ 10,000 people/s (one writer)",
          measured: `${n(incremental.peoplePerSecond)} people/s (batches of 1,000)${limits ? `; the writes alone ${n(limits.writesOnly.peoplePerSecond)} people/s` : ""}`,
          pass: incremental.peoplePerSecond >= 10_000,
        });
      }
      const twoWriters = r.rescorePasses.incremental.find((i) => i.path === "score" && (i.writers ?? 1) > 1);
      if (twoWriters) {
        const alone = limits?.writesOnlyTwoWriters;
        checks.push({
          backend: r.backend,
          target: `incremental scoring ≥ 10,000 people/s (${twoWriters.writers} writers at once)`,
          measured: `${n(twoWriters.peoplePerSecond)} people/s (batches of 1,000)${alone ? `; the writes alone ${n(alone.peoplePerSecond)} people/s` : ""}`,
          pass: twoWriters.peoplePerSecond >= 10_000,
        });
      }
    }
    const limit = pgsql ? 50 : 100;
    const at500 = r.mixed.find((m) => m.targetRate === 500);
    if (at500) {
      checks.push({
        backend: r.backend,
        target: `mixed API at 500 rps p99 ≤ ${limit} ms`,
        measured: `p99 ${n(at500.p99Ms)} ms at ${n(at500.requestsPerSecond)} rps, ${n(at500.errors)} errors`,
        pass: at500.p99Ms <= limit && keptRate(at500),
      });
    }
    const during = r.mixedDuringRescore;
    if (during.targetRate === 500) {
      checks.push({
        backend: r.backend,
        target: `mixed API at 500 rps during a rescore p99 ≤ ${limit * 2} ms`,
        measured: `p99 ${n(during.p99Ms)} ms at ${n(during.requestsPerSecond)} rps, ${n(during.errors)} errors, ${during.rescoresCompleted} rescores`,
        pass: during.p99Ms <= limit * 2 && keptRate(during),
      });
    }
  }
  return checks;
}

const verdict = (pass: boolean | null) => (pass === null ? "n/a" : pass ? "**pass**" : "**FAIL**");

function loadRow(name: string, r: LoadResult): string {
  return `| ${name} | ${r.targetRate ? n(r.targetRate) : "max"} | ${n(r.requestsPerSecond)} | ${n(r.eventsPerSecond)} | ${n(r.p50Ms, 1)} | ${n(r.p99Ms, 1)} | ${n(r.errors)} | ${n(r.peakRssMb)} MB |`;
}

function backendSection(r: BackendResult): string {
  const loadHeader =
    "| workload | target rps | achieved rps | events/s | p50 ms | p99 ms | errors | server peak RSS |\n|---|---|---|---|---|---|---|---|";
  return `### ${r.backend === "postgres" ? "PostgreSQL" : "PGlite"}

**1. Bulk load.** The demo generator loaded ${n(r.load.rows)} rows (${n(r.load.people)} people, ${n(r.load.activities)} activities, ${r.load.months} months) in ${n(r.load.loadSeconds, 1)} s: **${n(r.load.rowsPerSecond)} rows/s** (whole seeding incl. scoring and ANALYZE: ${n(r.load.totalSeconds, 1)} s; peak RSS of the seeding process ${n(r.load.peakRssMb)} MB). Raw COPY of the same rows into copies of the same tables with the same indexes: ${n(r.copyLimit.rows)} rows in ${n(r.copyLimit.seconds, 1)} s, **${n(r.copyLimit.rowsPerSecond)} rows/s**. Ratio: **${n((r.load.rowsPerSecond / r.copyLimit.rowsPerSecond) * 100)} %**.

**2. Ingest over HTTP, 4. rescore, 5. mixed load** (server idle RSS ${n(r.serverIdleRssMb)} MB):

${loadHeader}
${loadRow("createActivities, 100 per batch", r.ingest.batch)}
${loadRow("createActivity, single", r.ingest.single)}
${loadRow("no-op route (ceiling)", r.ingest.hello)}
${loadRow("no-op route at 1,000 rps", r.ingest.helloAtRate)}
${r.mixed.map((m) => loadRow("mixed API", m)).join("\n")}
${loadRow(`mixed API during full rescores (${r.mixedDuringRescore.rescoresCompleted} completed)`, r.mixedDuringRescore)}

**3. Funnel and velocity** for ${r.analytics.period.from} … ${r.analytics.period.to} (the dashboard's default period), ${r.analytics.funnel.runs} timed runs each after warm-up:

| query | p50 ms | p95 ms | min ms |
|---|---|---|---|
${[r.analytics.funnelAndVelocity, r.analytics.funnel, r.analytics.velocity, ...(r.analytics.duckdb ?? [])].map((t) => `| ${t.name} | ${n(t.p50, 1)} | ${n(t.p95, 1)} | ${n(t.min, 1)} |`).join("\n")}

${r.analytics.duckdb ? (r.analytics.mismatches.length === 0 ? "DuckDB and Tasuki return the same counts and medians for every step." : `**DuckDB and Tasuki disagree**: ${r.analytics.mismatches.join("; ")}`) : "DuckDB reference: PostgreSQL only (the rows are copied out of it)."}

**4. Rescore** (the job's \`rescoreEveryone\` in process, ${n(r.rescorePasses.people)} people, ${n(r.rescorePasses.activities)} activities):

| pass | seconds | people/s | scores changed |
|---|---|---|---|
${r.rescorePasses.full.map((f) => `| ${f.pass} | ${n(f.seconds, 2)} | ${n(f.peoplePerSecond)} | ${n(f.changed)} |`).join("\n")}${r.rescorePasses.limits ? `\n| *limit: one UPDATE of every score row* | ${n(r.rescorePasses.limits.updateEveryone.seconds, 2)} | ${n(r.rescorePasses.limits.updateEveryone.rows / r.rescorePasses.limits.updateEveryone.seconds)} | ${n(r.rescorePasses.limits.updateEveryone.rows)} |` : ""}

| incremental | batch | people/s |
|---|---|---|
${r.rescorePasses.incremental.map((i) => `| ${i.path}${i.writers ? `, ${i.writers} writers` : ""} | ${n(i.batch)} | ${n(i.peoplePerSecond)} |`).join("\n")}${r.rescorePasses.limits ? `\n| *limit: the writes alone* | ${n(r.rescorePasses.limits.writesOnly.batch)} | ${n(r.rescorePasses.limits.writesOnly.peoplePerSecond)} |` : ""}${r.rescorePasses.limits?.writesOnlyTwoWriters ? `\n| *limit: the writes alone, 2 writers* | ${n(r.rescorePasses.limits.writesOnlyTwoWriters.batch)} | ${n(r.rescorePasses.limits.writesOnlyTwoWriters.peoplePerSecond)} |` : ""}

Full rescore through \`rescoreAll\` on the server: **${n(r.rescore.seconds, 2)} s** for ${n(r.rescore.people)} people (job start to finish; server peak RSS ${n(r.rescore.peakRssMb)} MB).
`;
}

export function renderReport(suite: SuiteResult): string {
  const checks = checkTargets(suite);
  const machine = Object.entries(suite.machine)
    .map(([k, v]) => `| ${k} | ${v} |`)
    .join("\n");
  return `# Tasuki benchmark report

Written by \`bench/suite.ts\` on ${suite.date} (UTC). Numbers are from one run on the machine below;
the load generator (autocannon) runs on the same machine and takes CPU from the server, which is
what a loopback benchmark on two cores means. Re-run the exact command to reproduce.

\`\`\`sh
${suite.options.command}
\`\`\`

Size: ${n(suite.options.people)} people${suite.options.pglitePeople ? ` (PGlite: ${n(suite.options.pglitePeople)})` : ""}, ${suite.options.months} months of history; HTTP workloads run ${suite.options.requests ? `${n(suite.options.requests)} requests` : `${suite.options.seconds} s`} each; mixed load at ${suite.options.rates.map((r) => n(r)).join(" / ")} rps and ${n(suite.options.rescoreRate)} rps during rescores.

## Machine

| | |
|---|---|
${machine}

## Targets

| backend | target | measured | result | note |
|---|---|---|---|---|
${checks.map((c) => `| ${c.backend} | ${c.target} | ${c.measured} | ${verdict(c.pass)} | ${c.note ?? ""} |`).join("\n")}

Every **FAIL** above is explained, with the measurements behind it and what would fix it, in
[bench/LIMITS.md](LIMITS.md) (written by hand; re-read it against a new run).

## Results

${suite.results.map(backendSection).join("\n")}
## How each number is taken

- **Bulk load**: \`seedDemo\` in the bench process on a fresh migrated database; the load phase is
  generation + COPY (+ index and foreign-key rebuild from 100,000 people), timed up to the start of
  scoring/ANALYZE. The limit exports the same rows with COPY TO, then times COPY FROM into
  \`LIKE … INCLUDING ALL\` copies (same columns, defaults, generated columns, indexes; no foreign
  keys or triggers) in the demo's table order.
- **Ingest**: autocannon on loopback against the real server process (\`bench/lib/bench-server.ts\`:
  \`buildApp\` plus one no-op route, the ceiling), authenticated with a write-scoped API token.
  Batches: 8 connections, as fast as the server answers, 100 activities per request. Single: 50
  connections at a fixed 1,000 rps. Every written activity rescores its person in the same transaction.
- **Mixed load**: listPeople (stage + industry filter), getPerson, getPersonTimeline, updatePerson
  and createActivity in equal parts at a fixed rate; each update takes a person no other request
  writes, so its version is current (an error is a real error). "During full rescores" starts
  \`rescoreAll\` again whenever one finishes, for the whole window.
- **Funnel and velocity**: \`getFunnel\` then \`getVelocity\` over HTTP (one at a time, what the
  dashboard asks for), after \`VACUUM (ANALYZE)\` of the loaded data. DuckDB (in memory) runs the
  same query shape over \`person_funnel\` and \`business_days\` copied out of PostgreSQL.
- **Rescore passes**: same = again at the same instant (read and compare); nightly = one day later
  (decay, carried forward); model = another model's points (stored per-rule units reused, changed
  scores rewritten); restore = back; basis = another half-life (every activity counted again,
  every row rewritten); rebase = back. The
  incremental rows give N people one activity each and score them in one transaction (rolled
  back); \`createActivities\` is the whole service call (insert, audit, score, definitions, handoffs).
- **Peak RSS**: the server process's VmRSS sampled every 100 ms during each workload.
`;
}
