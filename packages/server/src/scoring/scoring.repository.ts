import {
  ACTIVITY_TYPE_CODES,
  type ActivityType,
  activityTypeCodesSql,
  type CheckedScoringModel,
  compileToSql,
} from "@tasuki/domain";
import { and, desc, eq, gt, isNotNull, lt, type SQL, sql } from "drizzle-orm";
import { arrayLiteral, type Db, queryRows, queryRowsPrepared } from "../db/database.ts";
import { personScores, scoreHistory, scoreRuns, scoringModelVersions } from "../db/schema.ts";
import { fragmentToSql } from "../definitions/rules.repository.ts";
import type { ScoreRebuild } from "./score-rebuild.repository.ts";

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

/** The integer codes of activity types, as `activities.type_code` stores them. */
const typeCodes = (types: readonly ActivityType[]) => sql.raw(activityTypeCodesSql(types));

/**
 * How each engagement rule counts inside the rescore query, as the condition under which an
 * activity adds to that rule's units. Activities are read from `activities_person_day_idx` by
 * person, JST day (`jst_day`) and type code (`type_code`) in time order, so the caps need no sort.
 * A rule that names one activity type and no campaign type (the usual case) is capped by the
 * activity's rank among the same person's same-type activities that JST day (`type_n`, one window
 * that the index delivers presorted). Any other rule gets its own running count of matching
 * activities that day (`rule_n<i>`). `filter` keeps the activities some rule may count (by code);
 * `textFilter` says the same by type name, for a search through `activities_type_idx`.
 */
function engagementTerms(model: CheckedScoringModel) {
  let usesCampaigns = false;
  const types = new Set<ActivityType>();
  const n = (v: number) => sql.raw(String(Number(v)));
  const ruleCounts: SQL[] = [];
  const counts = model.engagement.map(({ rule, matcher }, i) => {
    for (const t of matcher.activityTypes) types.add(t);
    if (matcher.activityTypes.length === 1 && matcher.campaignTypes.length === 0) {
      return sql`a.type_code = ${n(ACTIVITY_TYPE_CODES[matcher.activityTypes[0]!])} and type_n <= ${n(rule.maxPerDay)}`;
    }
    if (matcher.campaignTypes.length > 0) usesCampaigns = true;
    const byType = matcher.activityTypes.length
      ? sql`a.type_code = any(${typeCodes(matcher.activityTypes)})`
      : sql`false`;
    const byCampaign = matcher.campaignTypes.length
      ? sql`coalesce((select k.type = any(${arrayLiteral(matcher.campaignTypes)}::text[]) from campaigns k where k.id = a.campaign_id), false)`
      : sql`false`;
    const match = sql`(${byType} or ${byCampaign})`;
    ruleCounts.push(
      sql`, count(*) filter (where ${match}) over (partition by a.person_id, a.jst_day order by a.occurred_at rows unbounded preceding) as rule_n${n(i)}`,
    );
    return sql`${match} and rule_n${n(i)} <= ${n(rule.maxPerDay)}`;
  });
  // Activities that match no rule never count; with campaign rules any type may match.
  const filter = usesCampaigns ? sql`true` : sql`a.type_code = any(${typeCodes([...types])})`;
  const textFilter = usesCampaigns ? sql`true` : sql`a.type = any(${arrayLiteral([...types])}::text[])`;
  return { counts, ruleCounts, filter, textFilter, n };
}

/**
 * A full rescore after another one whose model had the same engagement basis (`engagementBasis`:
 * nightly, or after a change of points, weights or fit rules): stored units only decay,
 * `units(t) = units(computed_at) · ½^((t − computed_at) / half-life)`, so only people with
 * activities that became countable after `since` (the previous run's instant), or whose stored
 * row has another basis, are counted again from their activities. Activity writes rescore their
 * person at once, so every other activity is already in the stored units.
 */
export interface CarryForward {
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

const unitColumn = (i: number) => sql.raw(`u${i}`);

/**
 * The score of every targeted person as one statement, mirroring `scorePerson`: fit is the
 * clamped sum of the fired rules; each engagement rule's units are its counted activities
 * (at most maxPerDay per JST day, the earliest first) each halved per half-life; engagement is
 * Σ points × units, rounded and clamped. Returns person_id, fit, engagement, total, units (the
 * array stored in person_scores) and, per rule, u<i>.
 *
 * `sameBasis` lists the model versions whose stored units this model can reuse (its own included).
 */
function scoredRows(
  model: CheckedScoringModel,
  now: Date,
  target: ScoreTarget,
  sameBasis: string[],
  carry: CarryForward | null = null,
  storedFit: string[] | null = null,
): SQL {
  const { halfLifeDays, weights } = model.config;
  const fitRules = model.fit.length
    ? sql.join(
        model.fit.map(
          ({ rule, expression }) =>
            sql`(case when ${fragmentToSql(compileToSql(expression, { now }))} then ${rule.points}::int else 0 end)`,
        ),
        sql` + `,
      )
    : sql`0`;
  const fitOfRules = sql`least(100, greatest(0, ${fitRules}))::int`;
  // The people row of each targeted person. Keeping stored fits (see `RescoreOptions.storedFit`),
  // it is only an id and a change time (`people_id_updated_idx`, no table pages); the other rows
  // read the person and their company and evaluate the rules in a subquery the CASE skips.
  const p = sql.raw(storedFit ? "person" : "p");
  const fit = storedFit
    ? sql`case when old.model_version_id = any(${arrayLiteral(storedFit)}::uuid[]) and person.updated_at <= old.computed_at
            then old.fit
          else (select ${fitOfRules} from people p left join companies c on c.id = p.company_id where p.id = person.id) end`
    : fitOfRules;
  const cohort = "cohort" in target ? target.cohort : null;
  const restrict = (column: SQL) => targetRestriction(target, column);
  const { counts, ruleCounts, filter, textFilter, n } = engagementTerms(model);
  const rules = model.engagement.map((_, i) => i);
  const list = (parts: SQL[]) => (parts.length ? sql`, ${sql.join(parts, sql`, `)}` : sql``);
  // The instant each person is scored at: now, or for a calibration cohort their first weeks.
  const asOf = cohort ? sql`t.as_of` : sql`${now}::timestamptz`;
  const total = weights.fit + weights.engagement;
  const cohortTarget = cohort
    ? sql`target as (
        select p.id, least(p.created_at + make_interval(days => ${cohort.asOfDays}::int), ${now}::timestamptz) as as_of
        from people p where p.created_at >= ${cohort.from} and p.created_at < ${cohort.to}
      ),`
    : sql``;
  const basis = sql`${arrayLiteral(sameBasis)}::uuid[]`;
  // The stored row (one join, carried through for the comparison in `rescoreStatement`).
  const stored = !cohort;
  const storedColumns = stored
    ? sql`, old.person_id as old_person_id, old.fit as old_fit, old.engagement as old_engagement,
          old.total as old_total, old.engagement_units as old_units, old.model_version_id as old_model,
          (old.model_version_id = any(${basis})) as old_same_basis, old.computed_at as old_computed_at,
          power(0.5::float8, (date_part('epoch', ${now}::timestamptz) - date_part('epoch', old.computed_at)) / ${86_400 * halfLifeDays}::float8) as old_decay`
    : sql``;
  const passStored = stored
    ? sql`, old_person_id, old_fit, old_engagement, old_total, old_units, old_model, old_same_basis, old_computed_at, old_decay`
    : sql``;
  // Carrying forward: only people with activities that became countable since `since` (found by
  // type and time through activities_type_idx, not by reading every activity), or whose stored
  // units are missing or have another basis, are counted from their activities; the rest decay
  // their stored units.
  const recounted = carry
    ? sql`(old.person_id is null or old.engagement_units is null or not (old.model_version_id = any(${basis}))
          or ${p}.id in (
            select a.person_id from activities a
            where a.occurred_at > ${carry.since}::timestamptz and a.occurred_at <= ${asOf} and ${textFilter}
              and ${restrict(sql`a.person_id`)}))`
    : sql`true`;
  const unitOf = (i: number) =>
    carry
      ? sql`(case when recounted then coalesce(e.${unitColumn(i)}, 0) else coalesce(old_units[${n(i + 1)}], 0) * old_decay end)::float8 as ${unitColumn(i)}`
      : sql`coalesce(e.${unitColumn(i)}, 0)::float8 as ${unitColumn(i)}`;
  const raw = rules.length
    ? sql.join(
        rules.map((i) => sql`${unitColumn(i)} * ${n(model.engagement[i]!.rule.points)}::float8`),
        sql` + `,
      )
    : sql`0::float8`;
  // Materialized steps compute each expression once (an inlined step is copied into every
  // reference: the fit predicates and decay factors would run several times per person).
  return sql`
    with ${cohortTarget}
    base as materialized (
      select ${p}.id as person_id, ${fit} as fit, ${recounted} as recounted
             ${storedColumns}
      from people ${p}
      ${cohort ? sql`join target t on t.id = p.id` : sql``}
      ${storedFit ? sql`` : sql`left join companies c on c.id = p.company_id`}
      ${stored ? sql`left join person_scores old on old.person_id = ${p}.id and ${restrict(sql`old.person_id`)}` : sql``}
      where ${restrict(sql`${p}.id`)}
    ),
    counted as (
      select a.person_id, a.type_code, a.campaign_id,
             power(0.5::float8, (date_part('epoch', ${asOf}) - date_part('epoch', a.occurred_at)) / ${86_400 * halfLifeDays}::float8) as decay,
             row_number() over (partition by a.person_id, a.jst_day, a.type_code order by a.occurred_at) as type_n
             ${sql.join(ruleCounts, sql``)}
      from activities a ${cohort ? sql`join target t on t.id = a.person_id` : sql``}
      where ${restrict(sql`a.person_id`)} and a.occurred_at <= ${asOf} and ${filter}
        ${carry ? sql`and a.person_id in (select person_id from base where recounted)` : sql``}
    ),
    engagement as (
      select a.person_id ${list(rules.map((i) => sql`sum(decay) filter (where ${counts[i]!}) as ${unitColumn(i)}`))}
      from counted a group by a.person_id
    ),
    unit_parts as materialized (
      select b.person_id, b.fit, b.recounted ${list(rules.map(unitOf))} ${passStored}
      from base b left join engagement e on e.person_id = b.person_id
    )
    -- Each score computed once per person: a lateral step with offset 0 is not folded into the
    -- columns that read it.
    select u.*, s.engagement, t.total
    from unit_parts u
    cross join lateral (
      select least(100, greatest(0, ${roundLikeScore(sql`(${raw})`, sql`(${raw})::numeric`)}))::int as engagement offset 0
    ) s
    cross join lateral (
      select ${roundLikeScore(
        sql`((u.fit * ${weights.fit}::float8 + s.engagement * ${weights.engagement}::float8) / ${total}::float8)`,
        sql`((u.fit * ${weights.fit}::numeric + s.engagement * ${weights.engagement}::numeric) / ${total}::numeric)`,
      )}::int as total offset 0
    ) t`;
}

/**
 * `roundScore` in SQL: round to 9 decimals, then to an integer, halves away from zero. Converting
 * every float to numeric for that goes through text (a quarter of a second per 250,000 people),
 * so only a value within 1e-9 of a half takes the exact decimal path: further from a half, the
 * 9-decimal step cannot move it across one, and a float rounds to the same integer.
 */
export function roundLikeScore(float: SQL, exact: SQL): SQL {
  return sql`(case when abs(abs(${float}) - floor(abs(${float})) - 0.5) > 1e-9 then round(${float}) else round(round(${exact}, 9)) end)`;
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
