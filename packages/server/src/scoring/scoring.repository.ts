import type { CheckedScoringModel } from "@tasuki/domain";
import { and, desc, eq, gt, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import { type Db, queryRows, queryRowsPrepared } from "../db/database.ts";
import { personScores, scoreHistory, scoreRuns, scoringModelVersions } from "../db/schema.ts";
import type { ScoreRebuild } from "./score-rebuild.repository.ts";
import { type CarryForward, type ScoreTarget, scoredRows, unitColumn } from "./score-statement.repository.ts";

export type ScoringModelVersionRow = typeof scoringModelVersions.$inferSelect;
export type PersonScoreRow = typeof personScores.$inferSelect;

export async function listModelVersions(db: Db): Promise<ScoringModelVersionRow[]> {
  return db.select().from(scoringModelVersions).orderBy(desc(scoringModelVersions.number));
}

export async function findModelVersion(
  db: Db,
  id: string,
  forUpdate = false,
): Promise<ScoringModelVersionRow | null> {
  const query = db.select().from(scoringModelVersions).where(eq(scoringModelVersions.id, id)).limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

export async function findApprovedModel(db: Db): Promise<ScoringModelVersionRow | null> {
  const rows = await db
    .select()
    .from(scoringModelVersions)
    .where(eq(scoringModelVersions.status, "approved"))
    .orderBy(desc(scoringModelVersions.number))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertModelVersion(db: Db, values: typeof scoringModelVersions.$inferInsert) {
  const rows = await db.insert(scoringModelVersions).values(values).returning();
  return rows[0]!;
}

export async function updateModelVersion(
  db: Db,
  id: string,
  values: Partial<typeof scoringModelVersions.$inferInsert>,
) {
  const rows = await db
    .update(scoringModelVersions)
    .set(values)
    .where(eq(scoringModelVersions.id, id))
    .returning();
  return rows[0]!;
}

/** Serialises model changes: only one version is open at a time. */
export async function lockModelVersions(db: Db): Promise<void> {
  await db.execute(sql`lock table scoring_model_versions in share row exclusive mode`);
}

export async function findPersonScore(db: Db, personId: string): Promise<PersonScoreRow | null> {
  const rows = await db.select().from(personScores).where(eq(personScores.personId, personId)).limit(1);
  return rows[0] ?? null;
}

export async function listScoreHistory(db: Db, personId: string, limit: number) {
  return db
    .select({ row: scoreHistory, number: scoringModelVersions.number })
    .from(scoreHistory)
    .innerJoin(scoringModelVersions, eq(scoringModelVersions.id, scoreHistory.modelVersionId))
    .where(eq(scoreHistory.personId, personId))
    .orderBy(desc(scoreHistory.at), desc(scoreHistory.id))
    .limit(limit);
}

/** Work memory for one rescore statement (inside the caller's transaction): its aggregates stay in memory instead of spilling. */
export async function tuneForRescore(db: Db): Promise<void> {
  // JIT compiling this statement costs about a second and saves nothing on these row counts.
  await db.execute(sql`select set_config('work_mem', '256MB', true), set_config('jit', 'off', true)`);
}

/** How a rescore runs: which stored units it may reuse, and whether it carries them forward. */
export interface RescoreOptions {
  mode?: "incremental" | "full";
  /** Model versions with this model's engagement basis (default: this version only). */
  sameBasis?: string[];
  carry?: CarryForward | null;
  /** A full rescore that fills the next score table instead of updating rows (see `ScoreRebuild`). */
  into?: ScoreRebuild;
  /**
   * Model versions whose stored fit this model keeps (the same fit basis, `fitBasis`) instead of
   * evaluating the fit rules again, for rows written after the person's last change
   * (`people.updated_at`). Fit rules read only the person's and company's profile, and every
   * profile or company write rescores its people, so such a fit is what the rules would give; the
   * caller rules out fit rules that read the clock. Spares each person their company and the rules.
   */
  storedFit?: string[] | null;
}

/**
 * Rescores the targeted people in one statement (call inside a transaction) and appends a
 * history row for every score whose numbers changed. Returns how many changed.
 *
 * `incremental` (after a write, the default for a list of people): every targeted row is
 * rewritten at `now`, so the explanation includes the new facts. Otherwise (a full rescore at the
 * instant `now`): only rows whose numbers changed are written (or whose stored units are no
 * longer the basis to decay from: see `CarryForward`), and a row already computed after `now`
 * (an incremental write that happened while the rescore ran) is left alone.
 */
export async function rescorePeople(
  db: Db,
  model: CheckedScoringModel,
  modelVersionId: string,
  now: Date,
  target: ScoreTarget,
  reason: string,
  options: RescoreOptions = {},
): Promise<number> {
  if ("personIds" in target && target.personIds.length === 0) return 0;
  await tuneForRescore(db);
  const statement = rescoreStatement(model, modelVersionId, now, target, reason, options);
  // A list of people (a write's) runs over and over with the same text: plan it once per
  // connection. A full rescore's chunks are few and each worth its own plan.
  const rows = await ("personIds" in target ? queryRowsPrepared : queryRows)<{ n: number }>(db, statement);
  return rows[0]?.n ?? 0;
}

/** The statement `rescorePeople` runs (exported for EXPLAIN in bench/rescore.ts). */
export function rescoreStatement(
  model: CheckedScoringModel,
  modelVersionId: string,
  now: Date,
  target: ScoreTarget,
  reason: string,
  options: RescoreOptions = {},
): SQL {
  const mode = options.mode ?? ("personIds" in target ? "incremental" : "full");
  const sameBasis = [...new Set([modelVersionId, ...(options.sameBasis ?? [])])];
  const changedOnly = mode === "full";
  const unitMoved = model.engagement.map(
    (_, i) =>
      sql`abs(coalesce(old_units[${sql.raw(String(i + 1))}], 0) * old_decay - f.${unitColumn(i)}) > 1e-9 * greatest(1, abs(f.${unitColumn(i)}))`,
  );
  const storedFit = options.storedFit?.length && !("cohort" in target) ? options.storedFit : null;
  const compared = sql`fresh as (${scoredRows(model, now, target, sameBasis, options.carry ?? null, storedFit)}),
        compared as (
          select f.person_id, f.fit, f.engagement, f.total,
                 array[${sql.join(
                   model.engagement.map((_, i) => sql`f.${unitColumn(i)}`),
                   sql`, `,
                 )}]::float8[] as units,
                 ${options.into ? sql`old_person_id, old_fit, old_engagement, old_total, old_units, old_model, old_computed_at,` : sql``}
                 (old_person_id is null or old_fit <> f.fit or old_engagement <> f.engagement
                  or old_total <> f.total) as changed,
                 -- The stored units must stay the basis of later carried-forward runs: rewrite them
                 -- when their basis differs or they no longer decay into the fresh ones (a new
                 -- countable activity). Units carried forward decay into themselves by construction.
                 (old_person_id is null or old_units is null or not old_same_basis
                  ${unitMoved.length ? sql`or (f.recounted and (${sql.join(unitMoved, sql` or `)}))` : sql``}) as rebased
          from fresh f
          ${changedOnly && !options.into ? sql`where (old_person_id is null or old_computed_at <= ${now}::timestamptz)` : sql``}
        )`;
  if (options.into) return rebuildStatement(compared, options.into, modelVersionId, now, reason);
  return sql`with ${compared},
        written as (
          select * from compared ${changedOnly ? sql`where changed or rebased` : sql``}
        ),
        upserted as (
          insert into person_scores (person_id, fit, engagement, total, engagement_units, model_version_id, computed_at)
          select person_id, fit, engagement, total, units, ${modelVersionId}::uuid, ${now}::timestamptz from written
          on conflict (person_id) do update set fit = excluded.fit, engagement = excluded.engagement,
            total = excluded.total, engagement_units = excluded.engagement_units,
            model_version_id = excluded.model_version_id, computed_at = excluded.computed_at
        ),
        logged as (
          insert into score_history (person_id, fit, engagement, total, model_version_id, reason, at)
          select person_id, fit, engagement, total, ${modelVersionId}::uuid, ${reason}, ${now}::timestamptz
          from written where changed
          returning 1
        )
        select count(*)::int as n from logged`;
}

/**
 * A rebuild chunk: every targeted person's row goes into the next score table, freshly scored
 * when it is written in the update path (numbers changed, or units rebased), as stored otherwise
 * (unchanged, or written after the run's instant); changed numbers also become rows of the run's
 * history partition.
 */
function rebuildStatement(
  compared: SQL,
  into: ScoreRebuild,
  modelVersionId: string,
  now: Date,
  reason: string,
): SQL {
  const pick = (fresh: string, old: string) => sql.raw(`case when keep then ${old} else ${fresh} end`);
  return sql`with ${compared},
        decided as (
          select c.*, (old_person_id is not null and (old_computed_at > ${now}::timestamptz or not (changed or rebased))) as keep
          from compared c
        ),
        filled as (
          insert into ${into.next} (person_id, fit, engagement, total, engagement_units, model_version_id, computed_at)
          select person_id, ${pick("fit", "old_fit")}, ${pick("engagement", "old_engagement")}, ${pick("total", "old_total")},
                 ${pick("units", "old_units")}, case when keep then old_model else ${modelVersionId}::uuid end,
                 case when keep then old_computed_at else ${now}::timestamptz end
          from decided
        ),
        logged as (
          insert into ${into.changes} (person_id, fit, engagement, total, model_version_id, reason, at, rebuild)
          select person_id, fit, engagement, total, ${modelVersionId}::uuid, ${reason}, ${now}::timestamptz,
                 ${sql.raw(String(into.part))}
          from decided where changed and not keep
          returning 1
        )
        select count(*)::int as n from logged`;
}

export async function analyzeScores(db: Db): Promise<void> {
  await db.execute(sql`analyze person_scores`);
}

/** Starts recording a full rescore (see `score_runs`). */
export async function insertScoreRun(
  db: Db,
  values: { modelVersionId: string; asOf: Date; reason: string },
): Promise<string> {
  const rows = await db.insert(scoreRuns).values(values).returning({ id: scoreRuns.id });
  return rows[0]!.id;
}

export interface LatestRun {
  modelVersionId: string;
  asOf: Date;
  finishedAt: Date | null;
}

/** The latest full rescore (finished or not). */
export async function findLatestRun(db: Db): Promise<LatestRun | null> {
  const rows = await db
    .select({
      modelVersionId: scoreRuns.modelVersionId,
      asOf: scoreRuns.asOf,
      finishedAt: scoreRuns.finishedAt,
    })
    .from(scoreRuns)
    .orderBy(desc(scoreRuns.asOf))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * A new run may carry units forward from the latest run when that run is complete and its model
 * had this model's engagement basis (`sameBasis`). Any other run since (finished or not) means
 * stored units may rest on another basis: count again.
 */
export function carryForwardFrom(latest: LatestRun | null, sameBasis: string[]): CarryForward | null {
  if (!latest?.finishedAt || !sameBasis.includes(latest.modelVersionId)) return null;
  return { since: latest.asOf };
}

/** The run is complete: older runs can no longer explain anyone better, so they go. */
export async function finishScoreRun(db: Db, runId: string, finishedAt: Date): Promise<void> {
  const [run] = await db
    .update(scoreRuns)
    .set({ finishedAt })
    .where(eq(scoreRuns.id, runId))
    .returning({ asOf: scoreRuns.asOf });
  if (run)
    await db.delete(scoreRuns).where(and(lt(scoreRuns.asOf, run.asOf), isNotNull(scoreRuns.finishedAt)));
}

/**
 * The latest complete full rescore after this score was written: it checked every score, so its
 * model at its instant gives the stored numbers exactly (it would have rewritten the row otherwise).
 */
export async function findCheckingRun(
  db: Db,
  computedAt: Date,
): Promise<{ modelVersionId: string; asOf: Date } | null> {
  const rows = await db
    .select({ modelVersionId: scoreRuns.modelVersionId, asOf: scoreRuns.asOf })
    .from(scoreRuns)
    .where(and(gt(scoreRuns.asOf, computedAt), isNotNull(scoreRuns.finishedAt)))
    .orderBy(desc(scoreRuns.asOf))
    .limit(1);
  return rows[0] ?? null;
}

/** A range of person ids a full rescore scores in one statement, and how many people it holds. */
export interface PeopleChunk {
  after: string | null;
  upTo: string;
  people: number;
}

/**
 * The person id ranges a full rescore works through, `size` people each in id order (each end
 * found by skipping along the primary key), the last one shorter: its `people` is counted, so
 * progress adds up to the people scored, not to chunks × size.
 */
export async function peopleChunks(db: Db, size: number): Promise<PeopleChunk[]> {
  const ranges: PeopleChunk[] = [];
  for (let after: string | null = null; ; ) {
    const from: SQL = after ? sql`where id > ${after}::uuid` : sql``;
    const [end]: { id: string }[] = await queryRows<{ id: string }>(
      db,
      sql`select id::text as id from people ${from} order by people.id offset ${size - 1} limit 1`,
    );
    if (end) {
      ranges.push({ after, upTo: end.id, people: size });
      after = end.id;
      continue;
    }
    // Fewer than `size` left: the last chunk ends at the last id and holds the rest.
    const [last]: { id: string; n: number }[] = await queryRows<{ id: string; n: number }>(
      db,
      sql`select id::text as id, count(*) over ()::int as n from people ${from} order by people.id desc limit 1`,
    );
    if (last) ranges.push({ after, upTo: last.id, people: last.n });
    return ranges;
  }
}

export async function countPeople(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from people`);
  return rows[0]?.n ?? 0;
}

export interface CalibrationRow {
  person_id: string;
  fit: number;
  engagement: number;
  total: number;
  temperature: string | null;
  reached_sql: boolean;
  reached_opportunity: boolean;
  won: boolean;
  lost: boolean;
}

/**
 * The calibration cohort: each person's score as of their first `asOfDays` (before sales had
 * worked them, so outcomes do not leak into the score) next to what became of them.
 */
export async function calibrationRows(
  db: Db,
  model: CheckedScoringModel,
  now: Date,
  cohort: { from: Date; to: Date; asOfDays: number },
  limit: number,
): Promise<CalibrationRow[]> {
  return queryRows<CalibrationRow>(
    db,
    sql`with fresh as (${scoredRows(model, now, { cohort }, [])}),
        outcomes as (
          select s.person_id, bool_or(s.to_stage = 'sql') as reached_sql,
                 bool_or(s.to_stage = 'opportunity') as reached_opportunity,
                 bool_or(s.to_stage = 'won') as won, bool_or(s.to_stage = 'lost') as lost
          from stage_changes s join fresh f on f.person_id = s.person_id group by s.person_id
        )
        select f.person_id, f.fit, f.engagement, f.total, p.temperature,
               coalesce(o.reached_sql, false) as reached_sql,
               coalesce(o.reached_opportunity, false) as reached_opportunity,
               coalesce(o.won, false) as won, coalesce(o.lost, false) as lost
        from fresh f join people p on p.id = f.person_id left join outcomes o on o.person_id = f.person_id
        order by f.person_id limit ${limit}`,
  );
}
