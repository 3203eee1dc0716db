import { type SQL, sql } from "drizzle-orm";
import { type Db, forEachConcurrently, queryRows } from "../db/database.ts";

/**
 * A full rescore that rewrites most scores (another model, or the first scoring) does not update
 * `person_scores` row by row: each updated row would add an entry to the primary key and to the
 * three sort indexes the people list reads, at random places. It writes every score into the
 * next score table instead (no indexes while it fills), builds the indexes by sorting once, and
 * swaps the table in under a short lock. The history of the scores that changed is filled into
 * a table of its own in the same chunks, indexed by sorting, and attached to `score_history` as
 * its partition `score_history_<rebuild>` in the swap: hundreds of thousands of inserts into the
 * history's person index would touch nearly every page of it.
 *
 * The tables are named after the run (`score_runs.id`), so two full rescores never share one.
 * Nothing is visible before the swap: a run that fails leaves the scores and their history as
 * they were, and its tables are dropped (by it, or by the next rebuild if its process died).
 */
export interface ScoreRebuild {
  /** Every person's score as this run leaves it (same columns as `person_scores`). */
  next: SQL;
  /** The history rows of the scores whose numbers changed (columns of `score_history`). */
  changes: SQL;
  suffix: string;
  /** `score_history.rebuild` of those rows: the partition they become in the swap. */
  part: number;
}

const PREFIX = "person_scores_next_";
const CHANGES_PREFIX = "score_changes_next_";
/** A rebuild whose run started this long before another's instant is abandoned (its process died). */
const ABANDONED_MS = 3_600_000;

function rebuildOf(suffix: string, part = 0): ScoreRebuild {
  if (!/^[0-9a-f]{32}$/.test(suffix)) throw new Error(`not a rebuild suffix: ${suffix}`);
  return {
    next: sql.raw(`${PREFIX}${suffix}`),
    changes: sql.raw(`${CHANGES_PREFIX}${suffix}`),
    suffix,
    part,
  };
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
  const { part } = (
    await queryRows<{ part: number }>(db, sql`select nextval('score_history_rebuilds')::int as part`)
  )[0]!;
  const rebuild = rebuildOf(runId.replaceAll("-", ""), part);
  await db.execute(sql`create table ${rebuild.next} (like person_scores including defaults)`);
  // No query filters by the units: their statistics (most common arrays) were half of ANALYZE.
  await db.execute(sql`alter table ${rebuild.next} alter column engagement_units set statistics 0`);
  // The partition constraint, checked as rows go in, so attaching it needs no scan.
  await db.execute(
    sql`create table ${rebuild.changes} (like score_history including defaults,
          constraint ${sql.raw(`score_history_${part}_rebuild`)} check (rebuild = ${sql.raw(String(part))}))`,
  );
  return rebuild;
}

export async function dropScoreRebuild(db: Db, rebuild: ScoreRebuild): Promise<void> {
  await db.execute(sql`drop table if exists ${rebuild.next}`);
  await db.execute(sql`drop table if exists ${rebuild.changes}`);
}

/**
 * Builds the indexes of the next score table and of the run's history partition (by sort: each
 * is its own statement, `concurrency` at a time) and the next table's statistics, and swaps them
 * in. In one transaction the history partition is attached to `score_history`; `person_scores`
 * is then locked against writes and readers, rows written there after the run's instant (a write
 * rescored its person while the run was filling the next table) are copied over, and the next
 * table takes its place and names.
 */
export async function swapInScoreRebuild(
  db: Db,
  rebuild: ScoreRebuild,
  now: Date,
  concurrency: number,
): Promise<void> {
  const { next, changes, suffix, part } = rebuild;
  const name = (what: string) => sql.raw(`${PREFIX}${suffix}_${what}`);
  const changesName = (what: string) => sql.raw(`${CHANGES_PREFIX}${suffix}_${what}`);
  const partition = (what = "") => sql.raw(`score_history_${part}${what}`);
  const builds: SQL[] = [
    sql`create unique index ${name("pkey")} on ${next} (person_id)`,
    ...SORT_INDEXES.map(
      (column) => sql`create index ${name(column)} on ${next} (${sql.raw(column)}, person_id)`,
    ),
    // The indexes of score_history (schema-scoring.ts), which the partition's must match.
    sql`create unique index ${changesName("pkey")} on ${changes} (id, rebuild)`,
    sql`create index ${changesName("person")} on ${changes} (person_id, at)`,
    sql`analyze ${next}`,
    sql`analyze ${changes}`,
  ];
  await forEachConcurrently(db, builds, concurrency, (build) =>
    db.transaction(async (tx) => {
      // One process per build: `concurrency` builds already use every core.
      await tx.execute(
        sql`select set_config('maintenance_work_mem', '256MB', true), set_config('max_parallel_maintenance_workers', '0', true)`,
      );
      await tx.execute(build);
    }),
  );

  const columns = sql`person_id, fit, engagement, total, engagement_units, model_version_id, computed_at`;
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`alter table ${changes} add constraint ${partition("_pkey")} primary key using index ${changesName("pkey")}`,
    );
    await tx.execute(sql`alter index ${changesName("person")} rename to ${partition("_person_idx")}`);
    await tx.execute(sql`alter table ${changes} rename to ${partition()}`);
    await tx.execute(
      sql`alter table score_history attach partition ${partition()} for values in (${sql.raw(String(part))})`,
    );
    await tx.execute(sql`lock table person_scores in access exclusive mode`);
    await tx.execute(
      sql`insert into ${next} (${columns})
          select ${columns} from person_scores where computed_at > ${now}::timestamptz
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
  });
}
