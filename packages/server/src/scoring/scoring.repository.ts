import { type CheckedScoringModel, compileToSql } from "@tasuki/domain";
import { desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/database.ts";
import { personScores, scoreHistory, scoringModelVersions } from "../db/schema.ts";
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
 * The score of every targeted person as one SQL expression tree, mirroring `scorePerson`:
 * fit is the clamped sum of the fired rules; engagement sums each counted activity's points
 * halved per half-life (at most maxPerDay per rule per JST day), rounded and clamped.
 */
function scoredRows(model: CheckedScoringModel, now: Date, target: ScoreTarget): SQL {
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
  const rules = model.engagement.length
    ? sql.join(
        model.engagement.map(
          ({ rule, matcher }, i) =>
            sql`(${i}::int, ${`{${matcher.activityTypes.join(",")}}`}::text[], ${`{${matcher.campaignTypes.join(",")}}`}::text[], ${rule.points}::float8, ${rule.maxPerDay}::int)`,
        ),
        sql`, `,
      )
    : sql`(0, '{}'::text[], '{}'::text[], 0::float8, 0)`;
  const restrict =
    "personIds" in target
      ? sql`p.id = any(${`{${target.personIds.join(",")}}`}::uuid[])`
      : "cohort" in target
        ? sql`p.created_at >= ${target.cohort.from} and p.created_at < ${target.cohort.to}`
        : target.idRange.after
          ? sql`p.id > ${target.idRange.after}::uuid and p.id <= ${target.idRange.upTo}::uuid`
          : sql`p.id <= ${target.idRange.upTo}::uuid`;
  // The instant each person is scored at: now, or for a calibration cohort their first weeks.
  const asOf =
    "cohort" in target
      ? sql`least(p.created_at + make_interval(days => ${target.cohort.asOfDays}::int), ${now}::timestamptz)`
      : sql`${now}::timestamptz`;
  const total = weights.fit + weights.engagement;
  return sql`
    with rules(idx, types, ctypes, points, max_per_day) as (values ${rules}),
    target as (select p.id, ${asOf} as as_of from people p where ${restrict}),
    counted as (
      select a.person_id, r.points, r.max_per_day, a.occurred_at, t.as_of,
             row_number() over (
               partition by a.person_id, r.idx, ((a.occurred_at at time zone 'UTC') + interval '9 hours')::date
               order by a.occurred_at, a.id) as n
      from activities a
      join target t on t.id = a.person_id
      left join campaigns k on k.id = a.campaign_id
      join rules r on (a.type = any(r.types) or k.type = any(r.ctypes))
      where a.occurred_at <= t.as_of
    ),
    engagement as (
      select person_id,
             sum(points * power(0.5::float8, (extract(epoch from (as_of - occurred_at)) / 86400.0)::float8 / ${halfLifeDays}::float8)) as raw
      from counted where n <= max_per_day group by person_id
    ),
    parts as (
      select p.id as person_id,
             least(100, greatest(0, ${fit}))::int as fit,
             least(100, greatest(0, round(round(coalesce(e.raw, 0)::numeric, 9))))::int as engagement
      from people p
      join target t on t.id = p.id
      left join companies c on c.id = p.company_id
      left join person_scores s on s.person_id = p.id
      left join engagement e on e.person_id = p.id
    )
    select person_id, fit, engagement,
           round(round(((fit * ${weights.fit}::numeric + engagement * ${weights.engagement}::numeric) / ${total}::numeric), 9))::int as total
    from parts`;
}

/**
 * Rescores the targeted people in one statement: upserts their current scores and appends a
 * history row for every score that changed. Returns how many changed.
 */
export async function rescorePeople(
  db: Db,
  model: CheckedScoringModel,
  modelVersionId: string,
  now: Date,
  target: ScoreTarget,
  reason: string,
): Promise<number> {
  if ("personIds" in target && target.personIds.length === 0) return 0;
  const rows = await queryRows<{ person_id: string }>(
    db,
    sql`with fresh as (${scoredRows(model, now, target)}),
        changed as (
          select f.* from fresh f left join person_scores old on old.person_id = f.person_id
          where old.person_id is null or old.fit <> f.fit or old.engagement <> f.engagement
             or old.total <> f.total or old.model_version_id <> ${modelVersionId}::uuid
        ),
        upserted as (
          insert into person_scores (person_id, fit, engagement, total, model_version_id, computed_at)
          select person_id, fit, engagement, total, ${modelVersionId}::uuid, ${now} from fresh
          on conflict (person_id) do update set fit = excluded.fit, engagement = excluded.engagement,
            total = excluded.total, model_version_id = excluded.model_version_id, computed_at = excluded.computed_at
          returning person_id
        )
        insert into score_history (person_id, fit, engagement, total, model_version_id, reason, at)
        select person_id, fit, engagement, total, ${modelVersionId}::uuid, ${reason}, ${now} from changed
        returning person_id`,
  );
  return rows.length;
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
