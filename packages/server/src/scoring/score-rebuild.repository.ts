import { type SQL, sql } from "drizzle-orm";
import { type Db, isSingleConnection, queryRows } from "../db/database.ts";

/**
 * A full rescore that rewrites most scores (another model, or the first scoring) does not update
 * `person_scores` row by row: each updated row would add an entry to the primary key and to the
 * three sort indexes the people list reads, at random places. It writes every score into the
 * next score table instead (no indexes while it fills), builds the indexes by sorting once, and
 * swaps the table in under a short lock, together with the history of the scores that changed.
 *
 * The tables are named after the run (`score_runs.id`), so two full rescores never share one.
 * Nothing is visible before the swap: a run that fails leaves the scores and their history as
 * they were, and its tables are dropped (by it, or by the next rebuild if its process died).
 */
export interface ScoreRebuild {
  /** Every person's score as this run leaves it (same columns as `person_scores`). */
  next: SQL;
  /** The scores whose numbers changed: they become history rows in the swap. */
  changes: SQL;
  suffix: string;
}

const PREFIX = "person_scores_next_";
const CHANGES_PREFIX = "score_changes_next_";
/** A rebuild whose run started this long before another's instant is abandoned (its process died). */
const ABANDONED_MS = 3_600_000;

function rebuildOf(suffix: string): ScoreRebuild {
  if (!/^[0-9a-f]{32}$/.test(suffix)) throw new Error(`not a rebuild suffix: ${suffix}`);
  return { next: sql.raw(`${PREFIX}${suffix}`), changes: sql.raw(`${CHANGES_PREFIX}${suffix}`), suffix };
}

/** The sort indexes of `person_scores` (schema-scoring.ts), which a rebuild builds again. */
const SORT_INDEXES = ["total", "fit", "engagement"] as const;

/** Creates the run's empty tables, after dropping those of rebuilds whose process died. */
export async function startScoreRebuild(db: Db, runId: string, now: Date): Promise<ScoreRebuild> {
  const leftovers = await queryRows<{ suffix: string }>(
    db,
    sql`select substr(t.tablename, ${PREFIX.length + 1}) as suffix
        from pg_tables t
        left join score_runs r on replace(r.id::text, '-', '') = substr(t.tablename, ${PREFIX.length + 1})
        where t.schemaname = current_schema() and t.tablename like ${`${PREFIX}%`}
          and (r.id is null or r.finished_at is not null or r.as_of < ${new Date(now.getTime() - ABANDONED_MS)})`,
  );
  for (const { suffix } of leftovers) await dropScoreRebuild(db, rebuildOf(suffix));
  const rebuild = rebuildOf(runId.replaceAll("-", ""));
  await db.execute(sql`create table ${rebuild.next} (like person_scores including defaults)`);
  // Unlogged: if the server crashes the run is abandoned anyway (and its table dropped).
  await db.execute(
    sql`create unlogged table ${rebuild.changes} (person_id uuid not null, fit integer not null, engagement integer not null, total integer not null)`,
  );
  return rebuild;
}

export async function dropScoreRebuild(db: Db, rebuild: ScoreRebuild): Promise<void> {
  await db.execute(sql`drop table if exists ${rebuild.next}`);
  await db.execute(sql`drop table if exists ${rebuild.changes}`);
}

/**
 * Builds the next table's indexes (by sort: each is its own statement) and its statistics, and
 * swaps it in. In one transaction the changed scores become history rows; `person_scores` is then
 * locked against writes and readers, rows written there after the run's instant (a write rescored
 * its person while the run was filling the next table) are copied over, and the next table takes
 * its place and names. On PostgreSQL the history rows are written while other connections build
 * the indexes (`concurrency` at a time); on PGlite's one connection one after the other.
 * Returns how many history rows it wrote.
 */
export async function swapInScoreRebuild(
  db: Db,
  rebuild: ScoreRebuild,
  run: { now: Date; modelVersionId: string; reason: string },
  concurrency: number,
): Promise<number> {
  const { next, changes, suffix } = rebuild;
  const name = (what: string) => sql.raw(`${PREFIX}${suffix}_${what}`);
  const builds: SQL[] = [
    sql`create unique index ${name("pkey")} on ${next} (person_id)`,
    ...SORT_INDEXES.map(
      (column) => sql`create index ${name(column)} on ${next} (${sql.raw(column)}, person_id)`,
    ),
    sql`analyze ${next}`,
  ];
  const buildAll = async (workers: number) => {
    let nextBuild = 0;
    const worker = async () => {
      while (nextBuild < builds.length) {
        const build = builds[nextBuild++]!;
        await db.transaction(async (tx) => {
          // One process per build: the builds and the history insert already use every core.
          await tx.execute(
            sql`select set_config('maintenance_work_mem', '256MB', true), set_config('max_parallel_maintenance_workers', '0', true)`,
          );
          await tx.execute(build);
        });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
  };
  const alongside = !isSingleConnection(db);
  if (!alongside) await buildAll(1);

  const columns = sql`person_id, fit, engagement, total, engagement_units, model_version_id, computed_at`;
  return db.transaction(async (tx) => {
    const [logged] = await Promise.all([
      queryRows<{ n: number }>(
        tx,
        sql`with logged as (
              insert into score_history (person_id, fit, engagement, total, model_version_id, reason, at)
              select person_id, fit, engagement, total, ${run.modelVersionId}::uuid, ${run.reason}, ${run.now}::timestamptz
              -- In person order: the history index (person_id, at) is then written page after page.
              from ${changes} order by person_id
              returning 1
            )
            select count(*)::int as n from logged`,
      ),
      alongside ? buildAll(concurrency) : undefined,
    ]);
    await tx.execute(sql`lock table person_scores in access exclusive mode`);
    await tx.execute(
      sql`insert into ${next} (${columns})
          select ${columns} from person_scores where computed_at > ${run.now}::timestamptz
          on conflict (person_id) do update set fit = excluded.fit, engagement = excluded.engagement,
            total = excluded.total, engagement_units = excluded.engagement_units,
            model_version_id = excluded.model_version_id, computed_at = excluded.computed_at`,
    );
    await tx.execute(sql`drop table person_scores`);
    await tx.execute(sql`alter table ${next} rename to person_scores`);
    await tx.execute(
      sql`alter table person_scores add constraint person_scores_pkey primary key using index ${name("pkey")}`,
    );
    for (const column of SORT_INDEXES)
      await tx.execute(sql`alter index ${name(column)} rename to ${sql.raw(`person_scores_${column}_idx`)}`);
    await tx.execute(sql`drop table ${changes}`);
    return logged[0]?.n ?? 0;
  });
}
