import type { BackendResult, SuiteResult } from "../suite.ts";
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
  const atSize = suite.options.people >= 1_000_000;
  const sizeNote = atSize
    ? undefined
    : `measured at ${n(suite.options.people)} people; the target is for 1,000,000`;
  for (const r of suite.results) {
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
      checks.push({
        backend: r.backend,
        target: "full rescore ≤ 10 s",
        measured: `${n(r.rescore.seconds, 2)} s for ${n(r.rescore.people)} people`,
        pass: atSize ? r.rescore.seconds <= 10 : null,
        note: sizeNote,
      });
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

Full rescore through \`rescoreAll\`: **${n(r.rescore.seconds, 2)} s** for ${n(r.rescore.people)} people (job start to finish; server peak RSS ${n(r.rescore.peakRssMb)} MB).
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

Size: ${n(suite.options.people)} people, ${suite.options.months} months of history; HTTP workloads run ${suite.options.requests ? `${n(suite.options.requests)} requests` : `${suite.options.seconds} s`} each; mixed load at ${suite.options.rates.map((r) => n(r)).join(" / ")} rps and ${n(suite.options.rescoreRate)} rps during rescores.

## Machine

| | |
|---|---|
${machine}

## Targets

| backend | target | measured | result | note |
|---|---|---|---|---|
${checks.map((c) => `| ${c.backend} | ${c.target} | ${c.measured} | ${verdict(c.pass)} | ${c.note ?? ""} |`).join("\n")}

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
- **Peak RSS**: the server process's VmRSS sampled every 100 ms during each workload.
`;
}
