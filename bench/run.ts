/**
 * `npm run bench [-- <options>]`: the whole benchmark (bench/suite.ts) → bench/REPORT.md + REPORT.json.
 * `npm run bench -- <workload> [options]`: one workload on its own; each documents its options.
 *
 *   npm run bench                                              # default size, PostgreSQL and PGlite
 *   npm run bench -- --people 1000000 --activities 10000000 --backend postgres
 *   npm run bench -- demo --backend postgres --people 1000000 --months 24
 *   npm run bench -- rescore --backend postgres --people 1000000
 *   npm run bench -- analytics --people 1000000 [--reuse]
 *   npm run bench -- export --people 1000000 [--backend pglite]
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKLOADS: Record<string, { script: string; about: string }> = {
  suite: { script: "suite-cli.ts", about: "every workload of issue #8 → bench/REPORT.md (the default)" },
  demo: { script: "demo-seed.ts", about: "time `tasuki demo` on a scratch database (bench/DEMO.md)" },
  rescore: {
    script: "rescore.ts",
    about: "full rescore seconds and incremental people/s (bench/RESCORE.md)",
  },
  export: {
    script: "export.ts",
    about: "exportPeople over 1,000,000 generated people: rows/s and peak RSS (bench/EXPORT.md)",
  },
  analytics: {
    script: "analytics.ts",
    about: "funnel + velocity p50/p95 on the demo data, PostgreSQL beside DuckDB (bench/ANALYTICS.md)",
  },
};

const argv = process.argv.slice(2);
const named = argv[0] && !argv[0].startsWith("-") ? argv[0] : null;
const workload = WORKLOADS[named ?? "suite"];
if (!workload) {
  console.error(`不明なワークロードです / Unknown workload: ${named}`);
  for (const [key, w] of Object.entries(WORKLOADS)) console.error(`  ${key.padEnd(8)} ${w.about}`);
  process.exit(2);
}
const script = fileURLToPath(new URL(workload.script, import.meta.url));
const args = named ? argv.slice(1) : argv;
const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { stdio: "inherit" });
child.on("close", (code) => process.exit(code ?? 1));
