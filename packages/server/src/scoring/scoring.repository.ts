import { type CheckedScoringModel, compileToSql } from "@tasuki/domain";
import { and, desc, eq, gt, inArray, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import { arrayLiteral, type Db, queryRows } from "../db/database.ts";
import { personScores, scoreHistory, scoreRuns, scoringModelVersions } from "../db/schema.ts";
import { fragmentToSql } from "../definitions/rules.repository.ts";

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

export type ScoreTarget =
  | { personIds: string[] }
  | { idRange: { after: string | null; upTo: string } }
  /** People created in [from, to), each scored as of `asOfDays` after they were created (capped at now). */
  | { cohort: { from: Date; to: Date; asOfDays: number } };

/**
 * The JST calendar day of `occurred_at`, spelled exactly as in the index
 * `activities_person_day_idx`: the planner reads a person's activities day by day, type by type,
 * in time order straight from that index, so capping needs no sort.
 */
const JST_DAY = sql.raw(`((a.occurred_at at time zone 'UTC') + interval '9 hours')::date`);

/**
 * How each engagement rule counts inside the rescore query. A rule that names one activity type
 * and no campaign type (the usual case) is capped by the activity's rank among the same person's
 * same-type activities that JST day (`type_n`, one window that the index delivers presorted).
 * Any other rule gets its own running count of matching activities that day (`rule_n<i>`).
 */
function engagementTerms(model: CheckedScoringModel) {
  const simple = new Map<string, { points: number; cap: number }[]>();
  const general: { i: number; match: SQL; points: number; cap: number }[] = [];
  let usesCampaigns = false;
  const types = new Set<string>();
  model.engagement.forEach(({ rule, matcher }, i) => {
    for (const t of matcher.activityTypes) types.add(t);
    if (matcher.activityTypes.length === 1 && matcher.campaignTypes.length === 0) {
      const list = simple.get(matcher.activityTypes[0]!) ?? [];
      list.push({ points: rule.points, cap: rule.maxPerDay });
      simple.set(matcher.activityTypes[0]!, list);
      return;
    }
    if (matcher.campaignTypes.length > 0) usesCampaigns = true;
    const byType = matcher.activityTypes.length
      ? sql`a.type = any(${arrayLiteral(matcher.activityTypes)}::text[])`
      : sql`false`;
    const byCampaign = matcher.campaignTypes.length
      ? sql`coalesce((select k.type = any(${arrayLiteral(matcher.campaignTypes)}::text[]) from campaigns k where k.id = a.campaign_id), false)`
      : sql`false`;
    general.push({ i, match: sql`(${byType} or ${byCampaign})`, points: rule.points, cap: rule.maxPerDay });
  });
  const n = (v: number) => sql.raw(String(Number(v)));
  const simpleWeight = simple.size
    ? sql`(case a.type ${sql.join(
        [...simple].map(
          ([type, rules]) =>
            sql`when ${type} then ${sql.join(
              rules.map((r) => sql`(case when type_n <= ${n(r.cap)} then ${n(r.points)}::float8 else 0 end)`),
              sql` + `,
            )}`,
        ),
        sql` `,
      )} else 0 end)`
    : sql`0`;
  // Activities that match no rule never count; with campaign rules any type may match.
  const filter = usesCampaigns ? sql`true` : sql`a.type = any(${arrayLiteral([...types])}::text[])`;
  return { simpleWeight, general, filter, n };
}

/**
 * A full rescore right after another one under the same model (the nightly case): a stored
 * engagement sum only decays, `raw(t) = raw(computed_at) · ½^((t − computed_at) / half-life)`, so
 * only people with activities that became countable after `since` (the previous run's instant)
 * are counted again from their activities. Activity writes rescore their person at once, so
 * every other activity is already in the stored sum.
 */
export interface CarryForward {
  modelVersionId: string;
  since: Date;
}

/** The targeted people as a condition on a person id column (the cohort is joined instead). */
function targetRestriction(target: ScoreTarget, column: SQL): SQL {
  if ("personIds" in target) return sql`${column} = any(${arrayLiteral(target.personIds)}::uuid[])`;
  if ("cohort" in target) return sql`true`;
  const { after, upTo } = target.idRange;
  return after
    ? sql`${column} > ${after}::uuid and ${column} <= ${upTo}::uuid`
    : sql`${column} <= ${upTo}::uuid`;
}

/**
 * The score of every targeted person as one statement, mirroring `scorePerson`: fit is the
 * clamped sum of the fired rules; engagement sums each counted activity's points halved per
 * half-life (at most maxPerDay per rule per JST day, the earliest first), rounded and clamped.
 * Returns person_id, fit, engagement, total and raw (engagement before rounding).
 */
function scoredRows(
  model: CheckedScoringModel,
  now: Date,
  target: ScoreTarget,
  carry: CarryForward | null = null,
): SQL {
  const { halfLifeDays, weights } = model.config;
  const fit = model.fit.length
    ? sql.join(
        model.fit.map(
          ({ rule, expression }) =>
            sql`(case when ${fragmentToSql(compileToSql(expression, { now }))} then ${rule.points}::int else 0 end)`,
        ),
        sql` + `,
      )
    : sql`0`;
  const cohort = "cohort" in target ? target.cohort : null;
  const restrict = (column: SQL) => targetRestriction(target, column);
  const { simpleWeight, general, filter, n } = engagementTerms(model);
  // The instant each person is scored at: now, or for a calibration cohort their first weeks.
  const asOf = cohort ? sql`t.as_of` : sql`${now}::timestamptz`;
  const total = weights.fit + weights.engagement;
  const ruleCounts = general.map(
    (g) =>
      sql`, count(*) filter (where ${g.match}) over (partition by a.person_id, ${JST_DAY} order by a.occurred_at rows unbounded preceding) as rule_n${n(g.i)}`,
  );
  const weight = sql.join(
    [
      simpleWeight,
      ...general.map(
        (g) =>
          sql`(case when ${g.match} and rule_n${n(g.i)} <= ${n(g.cap)} then ${n(g.points)}::float8 else 0 end)`,
      ),
    ],
    sql` + `,
  );
  const cohortTarget = cohort
    ? sql`target as (
        select p.id, least(p.created_at + make_interval(days => ${cohort.asOfDays}::int), ${now}::timestamptz) as as_of
        from people p where p.created_at >= ${cohort.from} and p.created_at < ${cohort.to}
      ),`
    : sql``;
  const decayed = (raw: SQL, at: SQL) =>
    sql`${raw} * power(0.5::float8, (date_part('epoch', ${asOf}) - date_part('epoch', ${at})) / ${86_400 * halfLifeDays}::float8)`;
  // Carrying forward: only people whose activities changed since `since` (or who have no stored
  // engagement under this model) are counted from their activities; the rest decay their stored sum.
  const recount = carry
    ? sql`recount as (
        select p.id as person_id from people p
        where ${restrict(sql`p.id`)} and not exists (
          select 1 from person_scores s
          where s.person_id = p.id and ${restrict(sql`s.person_id`)} and s.model_version_id = ${carry.modelVersionId}::uuid)
        union
        -- Yesterday's activities (by type and time: activities_type_idx), not every activity.
        select a.person_id from activities a
        where a.occurred_at > ${carry.since}::timestamptz and a.occurred_at <= ${asOf} and ${filter}
          and ${restrict(sql`a.person_id`)}
      ),`
    : sql``;
  // The stored row (one join, carried through for the comparison in `rescoreStatement`).
  const stored = !cohort;
  const storedColumns = stored
    ? sql`, old.person_id as old_person_id, old.fit as old_fit, old.engagement as old_engagement,
          old.total as old_total, old.engagement_raw as old_raw, old.model_version_id as old_model,
          old.computed_at as old_computed_at`
    : sql``;
  const passStored = stored
    ? sql`, old_person_id, old_fit, old_engagement, old_total, old_raw, old_model, old_computed_at`
    : sql``;
  return sql`
    with ${cohortTarget} ${recount}
    counted as (
      select a.person_id, a.type, a.campaign_id,
             date_part('epoch', ${asOf}) - date_part('epoch', a.occurred_at) as age_seconds,
             row_number() over (partition by a.person_id, ${JST_DAY}, a.type order by a.occurred_at) as type_n
             ${sql.join(ruleCounts, sql``)}
      from activities a ${cohort ? sql`join target t on t.id = a.person_id` : sql``}
      where ${restrict(sql`a.person_id`)} and a.occurred_at <= ${asOf} and ${filter}
        ${carry ? sql`and a.person_id in (select person_id from recount)` : sql``}
    ),
    engagement as (
      select a.person_id,
             sum((${weight}) * power(0.5::float8, age_seconds / ${86_400 * halfLifeDays}::float8)) as raw
      from counted a group by a.person_id
    ),
    parts as (
      select p.id as person_id,
             least(100, greatest(0, ${fit}))::int as fit,
             ${
               carry
                 ? sql`(case when r.person_id is not null then coalesce(e.raw, 0)
                        else ${decayed(sql`old.engagement_raw`, sql`old.computed_at`)} end)::float8`
                 : sql`coalesce(e.raw, 0)::float8`
             } as raw
             ${storedColumns}
      from people p
      ${cohort ? sql`join target t on t.id = p.id` : sql``}
      left join companies c on c.id = p.company_id
      left join engagement e on e.person_id = p.id
      ${stored ? sql`left join person_scores old on old.person_id = p.id and ${restrict(sql`old.person_id`)}` : sql``}
      ${carry ? sql`left join recount r on r.person_id = p.id` : sql``}
      where ${restrict(sql`p.id`)}
    ),
    rounded as (
      select person_id, fit, raw, least(100, greatest(0, round(round(raw::numeric, 9))))::int as engagement
             ${passStored}
      from parts
    )
    select person_id, fit, engagement, raw,
           round(round(((fit * ${weights.fit}::numeric + engagement * ${weights.engagement}::numeric) / ${total}::numeric), 9))::int as total
           ${passStored}
    from rounded`;
}

/** Work memory for one rescore statement (inside the caller's transaction): its aggregates stay in memory instead of spilling. */
async function tuneForRescore(db: Db): Promise<void> {
  // JIT compiling this statement costs about a second and saves nothing on these row counts.
  await db.execute(sql`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`);
}

/**
 * Rescores the targeted people in one statement (call inside a transaction) and appends a
 * history row for every score whose numbers changed. Returns how many changed.
 *
 * `incremental` (after a write): every targeted row is rewritten at `now`, so the explanation
 * includes the new facts. Otherwise (a full rescore at the instant `now`): only rows whose numbers
 * changed are written (or whose stored engagement sum is no longer the basis to decay from:
 * see `CarryForward`), and a row already computed after `now` (an incremental write that happened
 * while the rescore ran) is left alone.
 */
export async function rescorePeople(
  db: Db,
  model: CheckedScoringModel,
  modelVersionId: string,
  now: Date,
  target: ScoreTarget,
  reason: string,
  mode: "incremental" | "full" = "personIds" in target ? "incremental" : "full",
  carry: CarryForward | null = null,
): Promise<number> {
  if ("personIds" in target && target.personIds.length === 0) return 0;
  await tuneForRescore(db);
  const rows = await queryRows<{ n: number }>(
    db,
    rescoreStatement(model, modelVersionId, now, target, reason, mode, carry),
  );
  return rows[0]?.n ?? 0;
}

/** The statement `rescorePeople` runs (exported for EXPLAIN in bench/rescore.ts). */
export function rescoreStatement(
  model: CheckedScoringModel,
  modelVersionId: string,
  now: Date,
  target: ScoreTarget,
  reason: string,
  mode: "incremental" | "full",
  carry: CarryForward | null = null,
): SQL {
  const changedOnly = mode === "full";
  const h = 86_400 * model.config.halfLifeDays;
  return sql`with fresh as (${scoredRows(model, now, target, carry)}),
        compared as (
          select f.person_id, f.fit, f.engagement, f.total, f.raw,
                 (old_person_id is null or old_fit <> f.fit or old_engagement <> f.engagement
                  or old_total <> f.total) as changed,
                 -- The stored sum must stay the basis of later carried-forward runs: rewrite it when
                 -- the model changed or it no longer decays into the fresh one (new countable activity).
                 (old_person_id is null or old_model <> ${modelVersionId}::uuid
                  or abs(old_raw * power(0.5::float8, (date_part('epoch', ${now}::timestamptz) - date_part('epoch', old_computed_at)) / ${h}::float8) - f.raw)
                     > 1e-9 * greatest(1, abs(f.raw))) as rebased
          from fresh f
          ${changedOnly ? sql`where (old_person_id is null or old_computed_at <= ${now}::timestamptz)` : sql``}
        ),
        written as (
          select * from compared ${changedOnly ? sql`where changed or rebased` : sql``}
        ),
        upserted as (
          insert into person_scores (person_id, fit, engagement, total, engagement_raw, model_version_id, computed_at)
          select person_id, fit, engagement, total, raw, ${modelVersionId}::uuid, ${now}::timestamptz from written
          on conflict (person_id) do update set fit = excluded.fit, engagement = excluded.engagement,
            total = excluded.total, engagement_raw = excluded.engagement_raw,
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

/**
 * The previous complete run, when it used this model: a new run may carry its sums forward.
 * Any other run since (finished or not) means scores may rest on another model: count again.
 */
export async function findCarryForward(db: Db, modelVersionId: string): Promise<CarryForward | null> {
  const rows = await db
    .select({
      modelVersionId: scoreRuns.modelVersionId,
      asOf: scoreRuns.asOf,
      finishedAt: scoreRuns.finishedAt,
    })
    .from(scoreRuns)
    .orderBy(desc(scoreRuns.asOf))
    .limit(1);
  const last = rows[0];
  if (!last?.finishedAt || last.modelVersionId !== modelVersionId) return null;
  return { modelVersionId, since: last.asOf };
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

export async function nextPeopleChunkEnd(db: Db, after: string | null, size: number): Promise<string | null> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id::text as id from (
          select id from people ${after ? sql`where id > ${after}::uuid` : sql``} order by id limit ${size}
        ) chunk order by id desc limit 1`,
  );
  return rows[0]?.id ?? null;
}

export async function countPeople(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from people`);
  return rows[0]?.n ?? 0;
}

export async function findScoresOf(db: Db, personIds: string[]): Promise<PersonScoreRow[]> {
  if (personIds.length === 0) return [];
  return db.select().from(personScores).where(inArray(personScores.personId, personIds));
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
    sql`with fresh as (${scoredRows(model, now, { cohort })}),
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
