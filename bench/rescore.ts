/**
 * Full rescore seconds and incremental people/s on a demo dataset (issue #6: ≤ 10 s for
 * 1,000,000 people / 10,000,000 activities on PostgreSQL; incremental ≥ 10,000 people/s).
 *
 *   npm run bench -- rescore --backend postgres --people 1000000
 *   npm run bench -- rescore --backend postgres --database-url postgres://…/tasuki_perf_1m
 *   npm run bench -- rescore --backend pglite --people 15000
 *
 * Without --database-url / --data-dir it seeds a scratch database first (tasuki_bench_rescore on
 * BENCH_POSTGRES_URL, or a temporary PGlite folder) and drops it afterwards (--keep keeps it).
 * With one it uses that dataset as it is (migrating it first) and leaves its data as it found it:
 * the timed rescores only rewrite scores that change, the model-change pass is undone by
 * rescoring with the model in force again, and incremental writes run in transactions that are
 * rolled back.
 *
 * Passes, each a complete `rescoreEveryone` (the job's code path) over everyone:
 *   first      — only when nobody has a score yet: every score and history row is written
 *   same       — again at the same instant: nothing changes, so this is the read-and-compare cost
 *   nightly    — one day later: scores that decayed are rewritten
 *   model      — with another model (points changed, as calibration suggests): most scores
 *                change; the stored per-rule units are reused (same engagement basis)
 *   restore    — the model in force again (as `model`, in reverse)
 *   basis      — another engagement basis (half-life + 15 days): every activity counted again
 *   rebase     — the model in force again (as `basis`, in reverse)
 * Incremental: batches of N people each get one new activity and `rescoreAfterWrite` in the same
 * transaction (N = 1, 100, 1000), timed as the scoring statement alone ("score") and as the whole
 * transaction ("write + score"), and the whole `createActivities` service call for N = 1000. On
 * PostgreSQL also N = 1000 from two connections at once (disjoint people), as the server's pool
 * runs concurrent activity writes on a two-core machine ("2 writers": wall time while both score).
 * Limits (`measureLimits`, skipped with --no-limits): one UPDATE of every score row, and the
 * incremental path's writes alone, timed in the same run to read the passes against.
 *
 * `runRescoreBench()` is callable (the unified bench report calls it); the CLI wrapper below prints
 * the result, appends it to bench/RESCORE.json and rewrites the results tables in bench/RESCORE.md
 * (`--no-record` skips both).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { ScoringModelConfig } from "@tasuki/domain";
import type { Actor, Deps } from "@tasuki/server/tooling";
import {
  arrayLiteral,
  createActivities,
  createDatabase,
  type Database,
  type Db,
  findApprovedModel,
  forEachConcurrently,
  insertModelVersion,
  isSingleConnection,
  queryRows,
  rescoreAfterWrite,
  rescoreEveryone,
  seedDemo,
} from "@tasuki/server/tooling";
import { sql } from "drizzle-orm";
import pg from "pg";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DAY_MS = 86_400_000;

export interface RescoreBenchOptions {
  backend: "postgres" | "pglite";
  /** An existing dataset; otherwise a scratch one is seeded with `people`. */
  databaseUrl?: string;
  dataDir?: string;
  people?: number;
  months?: number;
  seed?: number;
  today?: string;
  /** Keep the scratch database (prints where it is). */
  keep?: boolean;
  /** Chunks in flight at once (default: 2 on PostgreSQL, 1 on PGlite, as the job). */
  concurrency?: number;
  /** Which passes to run (default: all). */
  passes?: RescorePass[];
  /**
   * PostgreSQL: read the tables and indexes a rescore touches into the buffer pool first (pg_prewarm),
   * as on a server that has been running. Only useful with a buffer pool that holds them.
   */
  prewarm?: boolean;
  /** Measure the machine's write limits in the same run (default true; see `measureLimits`). */
  limits?: boolean;
  log?: (line: string) => void;
}

export type RescorePass = "first" | "same" | "nightly" | "model" | "restore" | "basis" | "rebase";

export interface RescoreBenchResult {
  date: string;
  backend: "postgres" | "pglite";
  people: number;
  activities: number;
  full: { pass: RescorePass; seconds: number; changed: number; peoplePerSecond: number; load: number }[];
  /** `writers`: batches in flight at once, each in its own transaction on its own connection (absent: 1). */
  incremental: {
    path: string;
    batch: number;
    batches: number;
    writers?: number;
    seconds: number;
    peoplePerSecond: number;
  }[];
  /**
   * What this machine takes, in the same run, for the writes alone (absent in runs recorded before
   * they were measured): one set-based UPDATE of every score row, and the incremental path's
   * writes (score rows and history rows of batches of 1,000 random people, no reading or scoring).
   */
  limits?: {
    updateEveryone: { rows: number; seconds: number };
    writesOnly: { batch: number; batches: number; seconds: number; peoplePerSecond: number };
    /** The same writes from two connections at once (PostgreSQL; absent in runs before it was measured). */
    writesOnlyTwoWriters?: { batch: number; batches: number; seconds: number; peoplePerSecond: number };
  };
  /** `sharedBuffers`: PostgreSQL's buffer pool (absent in runs recorded before it was). */
  machine: { nproc: number; memoryGb: number; server: string; sharedBuffers?: string };
  load: string;
  command: string;
}

export async function runRescoreBench(options: RescoreBenchOptions): Promise<RescoreBenchResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  const scratch = !options.databaseUrl && !options.dataDir;
  const adminUrl = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const SCRATCH = "tasuki_bench_rescore";
  let databaseUrl = options.databaseUrl ?? null;
  let dataDir = options.dataDir ?? null;
  if (scratch && options.backend === "postgres") {
    await admin(adminUrl, `drop database if exists ${SCRATCH} with (force)`);
    await admin(adminUrl, `create database ${SCRATCH}`);
    const url = new URL(adminUrl);
    url.pathname = `/${SCRATCH}`;
    databaseUrl = url.toString();
  } else if (scratch) {
    dataDir = mkdtempSync(join(tmpdir(), "tasuki-bench-rescore-"));
  }
  const loadBefore = loadavg()[0]!;
  const database = await createDatabase(
    options.backend === "postgres" ? { kind: "postgres", url: databaseUrl! } : { kind: "pglite", dataDir },
  );
  try {
    await database.migrate();
    if (scratch) {
      log(`seeding ${options.people ?? 15_000} people…`);
      const started = performance.now();
      await seedDemo(database, {
        people: options.people ?? 15_000,
        months: options.months ?? 24,
        seed: options.seed ?? 1,
        today: options.today ?? "2026-11-22",
      });
      log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const db = database.db;
    // Untimed, once: what autovacuum (off on this machine) does after a bulk load. Without it the
    // people and activities written by seeding have no visibility map, and every index-only scan
    // of them (chunk bounds, activity counts) reads the table too.
    await db.execute(sql`vacuum (analyze) people, companies, activities`);
    if (options.prewarm && options.backend === "postgres") {
      await db.execute(sql`create extension if not exists pg_prewarm`);
      await db.execute(
        sql`select pg_prewarm(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = current_schema() and c.relkind in ('r', 'i')
              and (c.relname ~ '^(people|companies|person_scores|score_history)' or c.relname in ('activities_person_day_idx', 'activities_type_idx'))`,
      );
    }
    const [counts] = await queryRows<{ people: number; activities: number; scored: number }>(
      db,
      sql`select (select count(*)::int from people) as people, (select count(*)::int from activities) as activities,
                 (select count(*)::int from person_scores) as scored`,
    );
    const approved = await findApprovedModel(db);
    if (!approved)
      throw new Error("No approved scoring model in this database (seed it with `tasuki demo`).");
    const config = approved.config as ScoringModelConfig;
    const model = { id: approved.id, config };
    // As the rescore job does: two chunks at once on PostgreSQL, one on PGlite.
    const concurrency = options.concurrency ?? (options.backend === "postgres" ? 2 : 1);
    const passes = new Set(
      options.passes ?? ["first", "same", "nightly", "model", "restore", "basis", "rebase"],
    );
    const full: RescoreBenchResult["full"] = [];
    // The latest instant anything was scored at: passes move forward from there, never back.
    const [latest] = await queryRows<{ at: Date | null }>(
      db,
      sql`select max(computed_at) as at from person_scores`,
    );
    let now = new Date(Math.max(Date.now(), new Date(latest?.at ?? 0).getTime() + 1000));
    const timePass = async (pass: RescorePass, m: typeof model, at: Date) => {
      // Untimed, as autovacuum would after the previous pass rewrote many rows (it is off on this
      // machine's PostgreSQL): dead row versions would otherwise pile up in person_scores and its
      // indexes pass after pass, which no production database would show.
      await db.execute(sql`vacuum (analyze) person_scores, score_history`);
      // Each pass writes hundreds of MB of WAL; a checkpoint the previous pass left running would
      // otherwise land in this one's time. (Needs superuser or pg_checkpoint; skipped without.)
      if (options.backend === "postgres") await db.execute(sql`checkpoint`).catch(() => undefined);
      const load = loadavg()[0]!;
      const started = performance.now();
      const changed = await rescoreEveryone(db, m, at, `bench:${pass}`, undefined, concurrency);
      const seconds = (performance.now() - started) / 1000;
      const row = {
        pass,
        seconds: round(seconds),
        changed,
        peoplePerSecond: Math.round(counts!.people / seconds),
        load: round(load),
      };
      full.push(row);
      log(
        `full rescore (${pass}): ${row.seconds} s, ${changed.toLocaleString("en-US")} changed, load ${row.load}`,
      );
    };
    if (counts!.scored === 0 && passes.has("first")) await timePass("first", model, now);
    if (passes.has("same")) await timePass("same", model, now);
    if (passes.has("nightly")) {
      now = new Date(now.getTime() + DAY_MS);
      await timePass("nightly", model, now);
    }
    // Another model for a pass and back to the model in force (the dataset is left as found).
    const away = async (pass: RescorePass, back: RescorePass, other: ScoringModelConfig, note: string) => {
      const version = await insertModelVersion(db, {
        number: 100_000 + Math.floor(Math.random() * 1_000_000),
        status: "draft",
        config: other,
        changeNote: `bench/rescore.ts: ${note} (not a real proposal)`,
        authorId: approved.authorId,
        createdAt: now,
      });
      now = new Date(now.getTime() + 1000);
      await timePass(pass, { id: version.id, config: other }, now);
      now = new Date(now.getTime() + 1000);
      await timePass(back, model, now);
    };
    if (passes.has("model")) {
      const points = config.engagementRules.map((r) => ({ ...r, points: r.points + 1 }));
      await away("model", "restore", { ...config, engagementRules: points }, "points + 1");
    }
    if (passes.has("basis")) {
      const slower = { ...config, halfLifeDays: config.halfLifeDays + 15 };
      await away("basis", "rebase", slower, "half-life + 15 days");
    }

    const incremental = await measureIncremental(database, now, counts!.people, log);
    const limits =
      options.limits === false
        ? undefined
        : await measureLimits(database, options.backend, now, counts!.people, log);
    const loadAfter = loadavg()[0]!;
    return {
      date: new Date().toISOString(),
      backend: options.backend,
      people: counts!.people,
      activities: counts!.activities,
      full,
      incremental,
      ...(limits ? { limits } : {}),
      machine: {
        nproc: cpus().length,
        memoryGb: Math.round(totalmem() / 2 ** 30),
        server: await serverVersion(database),
        ...(options.backend === "postgres" ? { sharedBuffers: await sharedBuffers(database) } : {}),
      },
      load: `${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
      command: "",
    };
  } finally {
    await database.close();
    if (scratch && !options.keep) {
      if (options.backend === "postgres")
        await admin(adminUrl, `drop database if exists ${SCRATCH} with (force)`);
      else if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    } else if (scratch) {
      log(`kept: ${databaseUrl ?? dataDir}`);
    }
  }
}

class Rollback extends Error {}

/** Runs `work` in a transaction that is always rolled back (the bench leaves the dataset as found). */
async function rolledBack(db: Db, work: (tx: Db) => Promise<void>): Promise<void> {
  await db
    .transaction(async (tx) => {
      await work(tx);
      throw new Rollback();
    })
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
}

/** Batches of people each get one activity and their score, in one transaction each, rolled back. */
async function measureIncremental(
  database: Database,
  now: Date,
  people: number,
  log: (line: string) => void,
) {
  const db = database.db;
  const results: RescoreBenchResult["incremental"] = [];
  const [actorRow] = await queryRows<{ id: string }>(
    db,
    sql`select id::text as id from users where role = 'marketing' order by created_at limit 1`,
  );
  const actor: Actor = {
    userId: actorRow!.id,
    role: "marketing",
    teamId: null,
    via: "session",
    tokenId: null,
    scopes: null,
  } as Actor;
  const plans: { path: "score" | "createActivities"; batch: number; batches: number; writers: number }[] = [
    { path: "score", batch: 1, batches: 200, writers: 1 },
    { path: "score", batch: 100, batches: 50, writers: 1 },
    { path: "score", batch: 1000, batches: 20, writers: 1 },
    // As the server's pool runs concurrent activity writes: one writer per core, each batch in its
    // own transaction on its own connection (see `scoreRound`).
    ...(isSingleConnection(db) ? [] : [{ path: "score" as const, batch: 1000, batches: 40, writers: 2 }]),
    { path: "createActivities", batch: 1000, batches: 5, writers: 1 },
  ];
  for (const plan of plans) {
    // Disjoint people, as independent writes would be (concurrent batches sharing a person would
    // only make one writer wait for the other's rollback), from one sample for all batches.
    const batches = await disjointBatches(db, plan.batch, plan.batches, people);
    const started = performance.now();
    let scoring = 0;
    // Rounds of `writers` batches: each inserts its activities, then all score at once, and the
    // round's scoring time runs from the moment every insert is done until the last score is.
    for (let i = 0; i < batches.length; i += plan.writers) {
      const round = batches.slice(i, i + plan.writers);
      if (plan.path === "score") {
        scoring += await scoreRound(db, round, now);
        continue;
      }
      await rolledBack(db, async (tx) => {
        const deps = { db: tx, clock: { now: () => now }, config: {} } as unknown as Deps;
        await createActivities(
          deps,
          actor,
          round[0]!.map((personId) => ({ personId, type: "document_request" as const })),
        );
      });
    }
    const seconds = (performance.now() - started) / 1000;
    const scored = batches.flat().length;
    // "score" is the scoring statements alone; "write + score" the whole transactions around them.
    const timed =
      plan.path === "score"
        ? [
            { path: "score", seconds: scoring },
            { path: "write + score", seconds },
          ]
        : [{ path: plan.path, seconds }];
    for (const t of timed) {
      const row = {
        path: t.path,
        batch: plan.batch,
        batches: batches.length,
        ...(plan.writers > 1 ? { writers: plan.writers } : {}),
        seconds: round(t.seconds),
        peoplePerSecond: Math.round(scored / t.seconds),
      };
      results.push(row);
      log(
        `incremental ${t.path} ×${plan.batch}${plan.writers > 1 ? `, ${plan.writers} writers` : ""}: ${row.peoplePerSecond.toLocaleString("en-US")} people/s (${scored} people in ${row.seconds} s)`,
      );
    }
  }
  return results;
}

/**
 * One round of batches at once, each in its own transaction (rolled back) on its own connection:
 * every batch's people get an activity, and once all inserts are done, all are scored together.
 * Returns the seconds from that moment until the last score was written.
 */
async function scoreRound(db: Db, round: string[][], now: Date): Promise<number> {
  let inserted = 0;
  let release = () => {};
  const allInserted = new Promise<void>((resolve) => {
    release = resolve;
  });
  let from = 0;
  let to = 0;
  await Promise.all(
    round.map((ids) =>
      rolledBack(db, async (tx) => {
        try {
          await giveEachAnActivity(tx, ids, now);
        } finally {
          // A failed insert releases the others too (its error then ends the bench).
          if (++inserted === round.length) {
            from = performance.now();
            release();
          }
        }
        await allInserted;
        await rescoreAfterWrite(tx, ids, now, "activity");
        to = Math.max(to, performance.now());
      }),
    ),
  );
  return (to - from) / 1000;
}

/** `batches` batches of random people, no person in two of them (fewer when the dataset is small). */
async function disjointBatches(db: Db, batch: number, batches: number, people: number): Promise<string[][]> {
  const ids = [...new Set(await samplePeople(db, batch * batches, people))];
  const out: string[][] = [];
  for (let i = 0; i < ids.length && out.length < batches; i += batch) out.push(ids.slice(i, i + batch));
  return out;
}

/** Random people without sorting the whole table: a Bernoulli sample about twice the size needed. */
async function samplePeople(db: Db, n: number, people: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id::text as id from people tablesample bernoulli (${Math.min(100, (200 * n) / Math.max(1, people))}) limit ${n}`,
  );
  return rows.map((r) => r.id);
}

/**
 * The writes a rescore cannot avoid, timed on this machine in this run, so each pass can be read
 * against them whatever the machine's speed that day (issue #6 sets the full-rescore target at
 * "the set-based UPDATE limit measured here").
 *
 * - Every score row rewritten by one set-based UPDATE, on a copy of `person_scores` with the same
 *   indexes (copied and vacuumed untimed, dropped after): what a full rescore that changed every
 *   number would write in place.
 * - For 20 batches of 1,000 random people: their score rows updated (every number changed, as an
 *   activity changes them) and one history row each, in one statement, rolled back: the writes of
 *   an incremental rescore without reading activities or scoring anything. On PostgreSQL also 40
 *   such batches from two connections at once, as the "score, 2 writers" path runs.
 */
async function measureLimits(
  database: Database,
  backend: "postgres" | "pglite",
  now: Date,
  people: number,
  log: (line: string) => void,
): Promise<NonNullable<RescoreBenchResult["limits"]>> {
  const db = database.db;
  await db.execute(sql`drop table if exists bench_update_limit`);
  await db.execute(sql`create table bench_update_limit (like person_scores including all)`);
  try {
    await db.execute(sql`insert into bench_update_limit select * from person_scores`);
    await db.execute(sql`vacuum (analyze) bench_update_limit`);
    if (backend === "postgres") await db.execute(sql`checkpoint`).catch(() => undefined);
    const started = performance.now();
    const [updated] = await queryRows<{ n: number }>(
      db,
      sql`with changed as (
            update bench_update_limit set fit = fit + 1, engagement = engagement + 1, total = total + 1,
              computed_at = computed_at + interval '1 second'
            returning 1
          ) select count(*)::int as n from changed`,
    );
    // To the millisecond: at the smoke size it takes a few.
    const seconds = Math.round(performance.now() - started) / 1000;
    const updateEveryone = { rows: updated?.n ?? 0, seconds };
    log(`limit: one UPDATE of every score row: ${updateEveryone.seconds} s (${updateEveryone.rows} rows)`);

    const writesOnly = await timeWritesAlone(db, await disjointBatches(db, 1000, 20, people), 1, now);
    log(`limit: the writes alone ×1000: ${writesOnly.peoplePerSecond.toLocaleString("en-US")} people/s`);
    if (isSingleConnection(db)) return { updateEveryone, writesOnly };
    const writesOnlyTwoWriters = await timeWritesAlone(
      db,
      await disjointBatches(db, 1000, 40, people),
      2,
      now,
    );
    log(
      `limit: the writes alone ×1000, 2 writers: ${writesOnlyTwoWriters.peoplePerSecond.toLocaleString("en-US")} people/s`,
    );
    return { updateEveryone, writesOnly, writesOnlyTwoWriters };
  } finally {
    await db.execute(sql`drop table if exists bench_update_limit`);
  }
}

/**
 * The writes of an incremental rescore for each batch (its people's score rows updated with every
 * number changed, as an activity changes them, and one history row each, in one statement), in
 * transactions rolled back, `writers` at once. One writer is timed as the statements alone (as the
 * "score" path), several as wall time over all batches.
 */
async function timeWritesAlone(db: Db, samples: string[][], writers: number, now: Date) {
  let writing = 0;
  const started = performance.now();
  await forEachConcurrently(db, samples, writers, (ids) =>
    rolledBack(db, async (tx) => {
      const statementStarted = performance.now();
      await tx.execute(
        sql`with changed as (
                update person_scores set fit = fit + 1, engagement = engagement + 1, total = total + 1,
                  computed_at = ${now}::timestamptz
                where person_id = any(${arrayLiteral(ids)}::uuid[])
                returning person_id, fit, engagement, total, model_version_id
              )
              insert into score_history (person_id, fit, engagement, total, model_version_id, reason, at)
              select person_id, fit, engagement, total, model_version_id, 'bench:limit', ${now}::timestamptz
              from changed`,
      );
      writing += (performance.now() - statementStarted) / 1000;
    }),
  );
  const seconds = writers > 1 ? (performance.now() - started) / 1000 : writing;
  return {
    batch: Math.max(0, ...samples.map((ids) => ids.length)),
    batches: samples.length,
    seconds: round(seconds),
    peoplePerSecond: Math.round(samples.flat().length / seconds),
  };
}

/** One new document request for each of these people at `now`, as an activity write would insert. */
export async function giveEachAnActivity(db: Db, personIds: string[], now: Date): Promise<void> {
  await db.execute(
    sql`insert into activities (person_id, type, occurred_at, created_at)
        select id, 'document_request', ${now}::timestamptz, ${now}::timestamptz
        from unnest(${arrayLiteral(personIds)}::uuid[]) as id`,
  );
}

const round = (n: number) => Math.round(n * 100) / 100;

async function serverVersion(database: Database): Promise<string> {
  const [row] = await queryRows<{ v: string }>(database.db, sql`select version() as v`);
  return (row?.v ?? "").split(" on ")[0]!.split(",")[0]!;
}

async function sharedBuffers(database: Database): Promise<string> {
  const [row] = await queryRows<{ v: string }>(
    database.db,
    sql`select current_setting('shared_buffers') as v`,
  );
  return row?.v ?? "";
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The Markdown table of every recorded run (newest first), between the markers in RESCORE.md. */
export function renderResults(results: RescoreBenchResult[]): string {
  const lines = [
    "| date | backend | people / activities | pass | seconds | people/s | scores changed | load (1 min) |",
    "|---|---|---|---|---|---|---|---|",
  ];
  const incremental = [
    "| date | backend | people | path | batch | people/s | load (start → end) |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of [...results].reverse()) {
    const backend = r.machine.sharedBuffers ? `${r.backend}, buffers ${r.machine.sharedBuffers}` : r.backend;
    const size = `${r.people.toLocaleString("en-US")} / ${r.activities.toLocaleString("en-US")}`;
    for (const f of r.full) {
      lines.push(
        `| ${r.date.slice(0, 16).replace("T", " ")} | ${backend} | ${size} | ${f.pass} | **${f.seconds}** | ${f.peoplePerSecond.toLocaleString("en-US")} | ${f.changed.toLocaleString("en-US")} | ${f.load} |`,
      );
    }
    for (const i of r.incremental) {
      incremental.push(
        `| ${r.date.slice(0, 16).replace("T", " ")} | ${backend} | ${r.people.toLocaleString("en-US")} | ${i.path}${i.writers ? `, ${i.writers} writers` : ""} | ${i.batch} | **${i.peoplePerSecond.toLocaleString("en-US")}** | ${r.load} |`,
      );
    }
    if (r.limits) {
      const u = r.limits.updateEveryone;
      lines.push(
        `| ${r.date.slice(0, 16).replace("T", " ")} | ${backend} | ${size} | *limit: one UPDATE of every score row* | **${u.seconds}** | ${Math.round(u.rows / Math.max(u.seconds, 0.001)).toLocaleString("en-US")} | ${u.rows.toLocaleString("en-US")} | — |`,
      );
      const w = r.limits.writesOnly;
      incremental.push(
        `| ${r.date.slice(0, 16).replace("T", " ")} | ${backend} | ${r.people.toLocaleString("en-US")} | *limit: the writes alone* | ${w.batch} | **${w.peoplePerSecond.toLocaleString("en-US")}** | ${r.load} |`,
      );
      const w2 = r.limits.writesOnlyTwoWriters;
      if (w2)
        incremental.push(
          `| ${r.date.slice(0, 16).replace("T", " ")} | ${backend} | ${r.people.toLocaleString("en-US")} | *limit: the writes alone, 2 writers* | ${w2.batch} | **${w2.peoplePerSecond.toLocaleString("en-US")}** | ${r.load} |`,
        );
    }
  }
  const commands = [...new Set([...results].reverse().map((r) => `    ${r.command}`))];
  return [
    "Full rescore (`rescoreEveryone`, everyone, in chunks):",
    "",
    ...lines,
    "",
    "Incremental (one activity per person and the score, one transaction per batch):",
    "",
    ...incremental,
    "",
    "Commands:",
    "",
    ...commands,
  ].join("\n");
}

// ── CLI ──────────────────────────────────────────────────────────────────────────────────────
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      backend: { type: "string", default: "pglite" },
      people: { type: "string", default: "15000" },
      months: { type: "string", default: "24" },
      "database-url": { type: "string" },
      "data-dir": { type: "string" },
      passes: { type: "string" },
      concurrency: { type: "string" },
      keep: { type: "boolean", default: false },
      prewarm: { type: "boolean", default: false },
      "no-limits": { type: "boolean", default: false },
      "no-record": { type: "boolean", default: false },
    },
  });
  const backend = values.backend === "postgres" ? "postgres" : "pglite";
  const result = await runRescoreBench({
    backend,
    people: Number(values.people),
    months: Number(values.months),
    databaseUrl: values["database-url"],
    dataDir: values["data-dir"],
    keep: values.keep,
    prewarm: values.prewarm,
    limits: !values["no-limits"],
    passes: values.passes?.split(",") as RescorePass[] | undefined,
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
  });
  result.command = `npm run bench -- rescore ${process.argv.slice(2).join(" ")}`;
  console.log(JSON.stringify(result, null, 2));
  if (!values["no-record"]) {
    // bench/RESCORE.json keeps every recorded run (committed); RESCORE.md shows them as tables.
    const jsonPath = join(ROOT, "bench/RESCORE.json");
    const all = existsSync(jsonPath)
      ? (JSON.parse(readFileSync(jsonPath, "utf8")) as RescoreBenchResult[])
      : [];
    all.push(result);
    writeFileSync(jsonPath, `${JSON.stringify(all, null, 2)}\n`);
    const mdPath = join(ROOT, "bench/RESCORE.md");
    const md = readFileSync(mdPath, "utf8");
    const start = "<!-- results:start -->";
    const end = "<!-- results:end -->";
    writeFileSync(
      mdPath,
      `${md.slice(0, md.indexOf(start) + start.length)}\n${renderResults(all)}\n${md.slice(md.indexOf(end))}`,
    );
  }
}
