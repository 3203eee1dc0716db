import {
  ACTIVITY_TYPE_CODES,
  type ActivityType,
  activityTypeCodesSql,
  type CheckedScoringModel,
  compileToSql,
} from "@tasuki/domain";
import { type SQL, sql } from "drizzle-orm";
import { arrayLiteral } from "../db/database.ts";
import { fragmentToSql } from "../definitions/rules.repository.ts";

// The statement that computes every stored score (`scoredRows`): fit from the compiled rules,
// engagement from each person's activities in time order, both mirroring `scorePerson` in the
// domain. `rescoreStatement` (scoring.repository.ts) writes what it computes, and calibration
// reads the same statement for a cohort.

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

export const unitColumn = (i: number) => sql.raw(`u${i}`);

/**
 * The score of every targeted person as one statement, mirroring `scorePerson`: fit is the
 * clamped sum of the fired rules; each engagement rule's units are its counted activities
 * (at most maxPerDay per JST day, the earliest first) each halved per half-life; engagement is
 * Σ points × units, rounded and clamped. Returns person_id, fit, engagement, total, units (the
 * array stored in person_scores) and, per rule, u<i>.
 *
 * `sameBasis` lists the model versions whose stored units this model can reuse (its own included).
 */
export function scoredRows(
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
