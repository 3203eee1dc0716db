/**
 * Times `tasuki demo` end to end (process start → migrations → generation → COPY → indexes → ANALYZE)
 * on a scratch database, and prints one Markdown row for bench/DEMO.md.
 *
 *   node --import tsx bench/demo-seed.ts --backend pglite --people 15000 --months 12
 *   node --import tsx bench/demo-seed.ts --backend postgres --people 1000000 --months 24
 *
 * PostgreSQL: a scratch database tasuki_bench_demo on BENCH_POSTGRES_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards. PGlite: a temporary data folder,
 * deleted afterwards (its size is reported). Results are also appended to bench/results/demo.jsonl.
 */
import { spawn } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { values } = parseArgs({
  options: {
    backend: { type: "string", default: "pglite" },
    people: { type: "string", default: "15000" },
    months: { type: "string", default: "12" },
    seed: { type: "string", default: "1" },
    today: { type: "string", default: "2026-11-22" },
    keep: { type: "boolean", default: false },
  },
});
const backend = values.backend === "postgres" ? "postgres" : "pglite";
const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const SCRATCH = "tasuki_bench_demo";

const args = [
  "demo",
  "--people",
  values.people,
  "--months",
  values.months,
  "--seed",
  values.seed,
  "--today",
  values.today,
];
let env: NodeJS.ProcessEnv;
let dataDir: string | null = null;
let databaseUrl: string | null = null;
const { DATABASE_URL: _url, TASUKI_DATA_DIR: _dir, ...inherited } = process.env;
if (backend === "postgres") {
  await admin(`drop database if exists ${SCRATCH} with (force)`);
  await admin(`create database ${SCRATCH}`);
  const url = new URL(adminUrl);
  url.pathname = `/${SCRATCH}`;
  databaseUrl = url.toString();
  env = { ...inherited, DATABASE_URL: databaseUrl };
} else {
  dataDir = mkdtempSync(join(tmpdir(), "tasuki-bench-demo-"));
  env = { ...inherited, TASUKI_DATA_DIR: dataDir };
}

const loadBefore = loadavg()[0]!;
const command = `${backend === "postgres" ? `DATABASE_URL=${databaseUrl}` : "TASUKI_DATA_DIR=$(mktemp -d)"} node --import tsx packages/cli/src/main.ts ${args.join(" ")}`;
console.error(`$ ${command}`);
const started = performance.now();
const { code, maxRssKb } = await run(args, env);
const seconds = (performance.now() - started) / 1000;
const loadAfter = loadavg()[0]!;
if (code !== 0) {
  await cleanUp();
  console.error(`tasuki demo exited with ${code}`);
  process.exit(1);
}

const counts = await countRows();
const rows = Object.values(counts).reduce((a, b) => a + b, 0);
const size = await databaseSize();
await cleanUp();

const result = {
  date: new Date().toISOString(),
  backend,
  people: Number(values.people),
  months: Number(values.months),
  seconds: Math.round(seconds * 10) / 10,
  rows,
  rowsPerSecond: Math.round(rows / seconds),
  activities: counts.activities ?? 0,
  maxRssMb: maxRssKb ? Math.round(maxRssKb / 1024) : null,
  databaseSize: size,
  nproc: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  load: `${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
  command,
};
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
appendFileSync(join(ROOT, "bench/results/demo.jsonl"), `${JSON.stringify(result)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log(
  `| ${result.date.slice(0, 10)} | ${backend} | ${result.people.toLocaleString("en-US")} / ${result.months} | ${result.activities.toLocaleString("en-US")} | ${rows.toLocaleString("en-US")} | ${result.seconds} s | ${result.rowsPerSecond.toLocaleString("en-US")} | ${result.maxRssMb ?? "?"} MB | ${size} | ${result.load} |`,
);

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Runs the CLI under /usr/bin/time when present, for the peak memory of the whole process. */
function run(
  cliArgs: string[],
  childEnv: NodeJS.ProcessEnv,
): Promise<{ code: number | null; maxRssKb: number | null }> {
  const node = [process.execPath, "--import", "tsx", "packages/cli/src/main.ts", ...cliArgs];
  const timed = ["/usr/bin/time", "-f", "__maxrss_kb=%M", ...node];
  return new Promise((resolve) => {
    const useTime = process.platform === "linux";
    const [file, ...rest] = useTime ? timed : node;
    const child = spawn(file!, rest, { cwd: ROOT, env: childEnv, stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      stderr += text;
      process.stderr.write(text.replace(/__maxrss_kb=\d+\n?/, ""));
    });
    child.on("close", (code) => {
      const match = /__maxrss_kb=(\d+)/.exec(stderr);
      resolve({ code, maxRssKb: match ? Number(match[1]) : null });
    });
  });
}

async function countRows(): Promise<Record<string, number>> {
  const tables = [
    "users",
    "campaigns",
    "companies",
    "people",
    "stage_changes",
    "activities",
    "opportunities",
  ];
  const query = `select ${tables.map((t) => `(select count(*) from ${t})::int as ${t}`).join(", ")}`;
  if (backend === "postgres") {
    const client = new pg.Client({ connectionString: databaseUrl! });
    await client.connect();
    try {
      return (await client.query(query)).rows[0];
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const db = await PGlite.create(dataDir!, { extensions: { pg_trgm } });
  try {
    return (await db.query<Record<string, number>>(query)).rows[0]!;
  } finally {
    await db.close();
  }
}

async function databaseSize(): Promise<string> {
  if (backend === "postgres") {
    const client = new pg.Client({ connectionString: databaseUrl! });
    await client.connect();
    try {
      return (await client.query("select pg_size_pretty(pg_database_size(current_database())) as size"))
        .rows[0].size;
    } finally {
      await client.end();
    }
  }
  const { execFileSync } = await import("node:child_process");
  return execFileSync("du", ["-sh", dataDir!]).toString().split("\t")[0]!;
}

async function cleanUp(): Promise<void> {
  if (values.keep) return;
  if (backend === "postgres") await admin(`drop database if exists ${SCRATCH} with (force)`);
  else if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
