/**
 * Workload 1, bulk load: the demo generator at size, next to a raw COPY of the same rows into
 * copies of the same tables with the same indexes (the limit on this machine).
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { createDatabase, DEMO_TABLES, seedDemo } from "@tasuki/server/tooling";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import type { Scratch } from "./scratch.ts";

export interface DemoLoadResult {
  people: number;
  months: number;
  rows: number;
  activities: number;
  /** Generation + COPY + (from 100,000 people) index and foreign-key rebuild. */
  loadSeconds: number;
  rowsPerSecond: number;
  /** The whole seeding: load, scoring (small seeds; big ones queue it), ANALYZE. */
  totalSeconds: number;
  peakRssMb: number;
}

/** Seeds the demo into the scratch database in this process, timing the load phase on its own. */
export async function loadDemo(
  scratch: Scratch,
  options: { people: number; months: number; today: string },
  log: (line: string) => void,
): Promise<DemoLoadResult> {
  const database = await createDatabase(scratch.database);
  try {
    await database.migrate();
    let peakRss = process.memoryUsage.rss();
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }, 200);
    const started = performance.now();
    let loadEnded: number | null = null;
    let lastLog = 0;
    const summary = await seedDemo(
      database,
      { people: options.people, months: options.months, seed: 1, today: options.today },
      (p) => {
        if (p.kind === "step" && !p.finished && p.step !== "indexes") loadEnded ??= performance.now();
        if (p.kind === "rows" && p.table === "people" && performance.now() - lastLog > 5_000) {
          lastLog = performance.now();
          log(`  demo: ${p.done.toLocaleString("en-US")} / ${p.total.toLocaleString("en-US")} people`);
        }
      },
    ).finally(() => clearInterval(sampler));
    const ended = performance.now();
    const loadSeconds = ((loadEnded ?? ended) - started) / 1000;
    const rows = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    return {
      people: options.people,
      months: options.months,
      rows,
      activities: summary.counts.activities,
      loadSeconds: round(loadSeconds),
      rowsPerSecond: Math.round(rows / loadSeconds),
      totalSeconds: round((ended - started) / 1000),
      peakRssMb: Math.round(peakRss / 2 ** 20),
    };
  } finally {
    await database.close();
  }
}

export interface CopyLimitResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

/** A plain SQL session on the scratch database, whichever backend it is. */
interface Session {
  query<T>(text: string): Promise<T[]>;
  /** Writes `COPY (select) TO STDOUT` into a file. */
  copyOut(select: string, file: string): Promise<void>;
  /** `COPY table (columns) FROM` a file. */
  copyIn(table: string, columns: string[], file: string): Promise<void>;
  close(): Promise<void>;
}

async function openSession(scratch: Scratch): Promise<Session> {
  if (scratch.database.kind === "postgres") {
    const client = new pg.Client({ connectionString: scratch.database.url });
    await client.connect();
    return {
      query: async (text) => (await client.query(text)).rows,
      copyOut: (select, file) =>
        pipeline(client.query(copyTo(`COPY (${select}) TO STDOUT`)), createWriteStream(file)),
      copyIn: (table, columns, file) =>
        pipeline(
          createReadStream(file),
          client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`)),
        ),
      close: () => client.end(),
    };
  }
  const db = await PGlite.create(scratch.database.dataDir ?? undefined, { extensions: { pg_trgm } });
  return {
    query: async (text) => (await db.query(text)).rows as never,
    async copyOut(select, file) {
      const result = await db.query(`COPY (${select}) TO '/dev/blob'`);
      const blob = result.blob;
      const bytes = blob ? Buffer.from(await blob.arrayBuffer()) : Buffer.alloc(0);
      await pipeline(
        (async function* () {
          yield bytes;
        })(),
        createWriteStream(file),
      );
    },
    async copyIn(table, columns, file) {
      await db.query(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob'`, [], {
        blob: new Blob([readFileSync(file)]),
      });
    },
    close: () => db.close(),
  };
}

const CHUNK = 250_000;

/**
 * Exports every demo table in chunks, then times COPY of those files into `bench_raw_<table>`
 * (LIKE … INCLUDING ALL: same columns, defaults, generated columns and indexes; no foreign keys
 * or triggers), in the order the demo loads them. The copies are dropped afterwards.
 */
export async function measureCopyLimit(
  scratch: Scratch,
  log: (line: string) => void,
): Promise<CopyLimitResult> {
  const session = await openSession(scratch);
  const folder = mkdtempSync(join(tmpdir(), "tasuki-bench-copy-"));
  try {
    const plan: { table: string; columns: string[]; files: string[]; rows: number }[] = [];
    for (const table of DEMO_TABLES) {
      const columns = (
        await session.query<{ name: string }>(
          `select column_name as name from information_schema.columns
            where table_schema = current_schema() and table_name = '${table}' and is_generated = 'NEVER'
            order by (column_name <> 'id'), ordinal_position`,
        )
      ).map((c) => c.name);
      const files: string[] = [];
      let rows = 0;
      let last: string | null = null;
      for (;;) {
        const file = join(folder, `${table}-${files.length}.copy`);
        const where = last ? `where id > '${last}'` : "";
        await session.copyOut(
          `select ${columns.join(", ")} from ${table} ${where} order by id limit ${CHUNK}`,
          file,
        );
        const text = readFileSync(file, "latin1");
        const count = text.length === 0 ? 0 : text.split("\n").length - 1;
        if (count === 0) break;
        files.push(file);
        rows += count;
        const lastLine = text.slice(text.lastIndexOf("\n", text.length - 2) + 1);
        last = lastLine.slice(0, lastLine.indexOf("\t"));
        if (count < CHUNK) break;
      }
      plan.push({ table, columns, files, rows });
    }
    for (const { table } of plan) {
      await session.query(`drop table if exists bench_raw_${table}`);
      await session.query(`create table bench_raw_${table} (like ${table} including all)`);
    }
    const rows = plan.reduce((sum, p) => sum + p.rows, 0);
    log(`  raw COPY: ${rows.toLocaleString("en-US")} rows`);
    const started = performance.now();
    for (const { table, columns, files } of plan)
      for (const file of files) await session.copyIn(`bench_raw_${table}`, columns, file);
    const seconds = (performance.now() - started) / 1000;
    for (const { table } of plan) await session.query(`drop table bench_raw_${table}`);
    return { rows, seconds: round(seconds), rowsPerSecond: Math.round(rows / seconds) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await session.close();
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
