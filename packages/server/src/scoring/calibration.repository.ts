import { type CheckedScoringModel, compileToSql } from "@tasuki/domain";
import { sql } from "drizzle-orm";
import { arrayLiteral, type Db, queryRows } from "../db/database.ts";
import { fragmentToSql } from "../definitions/rules.repository.ts";

/** One person of a calibration cohort: what each rule saw in their first weeks, and what became of them. */
export interface CalibrationFeatureRow {
  personId: string;
  temperature: string | null;
  fit: number[];
  engagement: number[];
  reachedSql: boolean;
  reachedOpportunity: boolean;
  won: boolean;
  lost: boolean;
}

/**
 * The calibration cohort (people created in [from, to)) with each rule's feature as of
 * `asOfDays` after they entered (capped at now), so later sales work cannot flatter the score:
 * fit rules as 1/0, engagement rules as the decayed number of counted activities (at most
 * maxPerDay per JST day), exactly the quantities `scoredRows` multiplies by the points. Kept
 * apart from `scoredRows` because it returns the parts, not the sums.
 */
export async function calibrationFeatureRows(
  db: Db,
  model: CheckedScoringModel,
  now: Date,
  cohort: { from: Date; to: Date; asOfDays: number },
  limit: number,
): Promise<CalibrationFeatureRow[]> {
  const { halfLifeDays } = model.config;
  const rules = model.engagement.length
    ? sql.join(
        model.engagement.map(
          ({ rule, matcher }, i) =>
            sql`(${i}::int, ${arrayLiteral(matcher.activityTypes)}::text[], ${arrayLiteral(matcher.campaignTypes)}::text[], ${rule.maxPerDay}::int)`,
        ),
        sql`, `,
      )
    : sql`(-1, '{}'::text[], '{}'::text[], 0)`;
  const engagementSums = model.engagement.length
    ? sql.join(
        model.engagement.map(
          (_, i) =>
            sql`coalesce(sum(power(0.5::float8, (extract(epoch from (as_of - occurred_at)) / 86400.0)::float8 / ${halfLifeDays}::float8)) filter (where idx = ${i}::int), 0)::float8 as ${sql.raw(`e_${i}`)}`,
        ),
        sql`, `,
      )
    : sql`0::float8 as e_none`;
  const fitFlags = model.fit.map(
    ({ expression }, i) =>
      sql`(case when ${fragmentToSql(compileToSql(expression, { now }))} then 1 else 0 end)::int as ${sql.raw(`f_${i}`)}`,
  );
  const engagementColumns = model.engagement.map(
    (_, i) => sql`coalesce(e.${sql.raw(`e_${i}`)}, 0)::float8 as ${sql.raw(`e_${i}`)}`,
  );
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`
    with rules(idx, types, ctypes, max_per_day) as (values ${rules}),
    target as (
      select p.id, least(p.created_at + make_interval(days => ${cohort.asOfDays}::int), ${now}::timestamptz) as as_of
      from people p where p.created_at >= ${cohort.from} and p.created_at < ${cohort.to}
    ),
    counted as (
      select a.person_id, r.idx, r.max_per_day, a.occurred_at, t.as_of,
             row_number() over (
               partition by a.person_id, r.idx, a.jst_day
               order by a.occurred_at, a.id) as n
      from activities a
      join target t on t.id = a.person_id
      left join campaigns k on k.id = a.campaign_id
      join rules r on (a.type = any(r.types) or k.type = any(r.ctypes))
      where a.occurred_at <= t.as_of
    ),
    engagement as (
      select person_id, ${engagementSums} from counted where n <= max_per_day group by person_id
    ),
    outcomes as (
      select sc.person_id, bool_or(sc.to_stage = 'sql') as reached_sql,
             bool_or(sc.to_stage = 'opportunity') as reached_opportunity,
             bool_or(sc.to_stage = 'won') as won, bool_or(sc.to_stage = 'lost') as lost
      from stage_changes sc join target t on t.id = sc.person_id group by sc.person_id
    )
    select ${sql.join(
      [
        sql`p.id::text as person_id`,
        sql`p.temperature`,
        ...fitFlags,
        ...engagementColumns,
        sql`coalesce(o.reached_sql, false) as reached_sql`,
        sql`coalesce(o.reached_opportunity, false) as reached_opportunity`,
        sql`coalesce(o.won, false) as won`,
        sql`coalesce(o.lost, false) as lost`,
      ],
      sql`, `,
    )}
    from target t
    join people p on p.id = t.id
    left join companies c on c.id = p.company_id
    left join person_scores s on s.person_id = p.id
    left join engagement e on e.person_id = p.id
    left join outcomes o on o.person_id = p.id
    order by p.id limit ${limit}`,
  );
  return rows.map((r) => ({
    personId: r.person_id as string,
    temperature: (r.temperature as string | null) ?? null,
    fit: model.fit.map((_, i) => Number(r[`f_${i}`])),
    engagement: model.engagement.map((_, i) => Number(r[`e_${i}`])),
    reachedSql: Boolean(r.reached_sql),
    reachedOpportunity: Boolean(r.reached_opportunity),
    won: Boolean(r.won),
    lost: Boolean(r.lost),
  }));
}

export interface CalibrationPersonRef {
  id: string;
  familyName: string;
  givenName: string | null;
  stage: string;
  temperature: string | null;
  companyName: string | null;
}

/** Names and places of the people a calibration drill-down lists. */
export async function findCalibrationPeople(db: Db, ids: string[]): Promise<CalibrationPersonRef[]> {
  if (ids.length === 0) return [];
  return queryRows<CalibrationPersonRef>(
    db,
    sql`select p.id::text as id, p.family_name as "familyName", p.given_name as "givenName",
               p.stage, p.temperature, c.name as "companyName"
        from people p left join companies c on c.id = p.company_id
        where p.id = any(${arrayLiteral(ids)}::uuid[])`,
  );
}
