/**
 * `npm run bench [-- <workload> [options]]`: runs one reproducible workload and prints its numbers.
 * Workloads live beside this file; each documents its options and writes its report (*.md).
 *
 *   npm run bench                                   # demo seeding, default size, PGlite
 *   npm run bench -- demo --backend postgres --people 1000000 --months 24
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKLOADS: Record<string, { script: string; about: string }> = {
  demo: { script: "demo-seed.ts", about: "time `tasuki demo` on a scratch database (bench/DEMO.md)" },
};

const [name = "demo", ...args] = process.argv.slice(2);
const workload = WORKLOADS[name];
if (!workload) {
  console.error(`不明なワークロードです / Unknown workload: ${name}`);
  for (const [key, w] of Object.entries(WORKLOADS)) console.error(`  ${key.padEnd(8)} ${w.about}`);
  process.exit(2);
}
const script = fileURLToPath(new URL(workload.script, import.meta.url));
const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { stdio: "inherit" });
child.on("close", (code) => process.exit(code ?? 1));
