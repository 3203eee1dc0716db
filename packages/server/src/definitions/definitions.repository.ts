import { asc, desc, eq, inArray, isNotNull, type SQL, sql } from "drizzle-orm";
import { arrayLiteral, type Db, queryRows } from "../db/database.ts";
import { definitionComments, definitions, definitionVersions, users } from "../db/schema.ts";
import { PERSON_ROW_SOURCE } from "./rules.repository.ts";

export type DefinitionRow = typeof definitions.$inferSelect;
export type DefinitionVersionRow = typeof definitionVersions.$inferSelect;
export type DefinitionCommentRow = typeof definitionComments.$inferSelect;

export async function listDefinitionRows(db: Db): Promise<DefinitionRow[]> {
  return db.select().from(definitions).orderBy(asc(definitions.createdAt));
}

export async function findDefinition(db: Db, id: string, forUpdate = false): Promise<DefinitionRow | null> {
  const query = db.select().from(definitions).where(eq(definitions.id, id)).limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

export async function insertDefinition(
  db: Db,
  values: typeof definitions.$inferInsert,
): Promise<DefinitionRow> {
  const rows = await db.insert(definitions).values(values).returning();
  return rows[0]!;
}

export async function updateDefinitionRow(
  db: Db,
  id: string,
  values: Partial<typeof definitions.$inferInsert>,
) {
  await db.update(definitions).set(values).where(eq(definitions.id, id));
}

export async function listVersionsOf(db: Db, definitionIds: string[]): Promise<DefinitionVersionRow[]> {
  if (definitionIds.length === 0) return [];
  return db
    .select()
    .from(definitionVersions)
    .where(inArray(definitionVersions.definitionId, definitionIds))
    .orderBy(desc(definitionVersions.number));
}

export async function findVersion(
  db: Db,
  id: string,
  forUpdate = false,
): Promise<DefinitionVersionRow | null> {
  const query = db.select().from(definitionVersions).where(eq(definitionVersions.id, id)).limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

export async function insertVersion(
  db: Db,
  values: typeof definitionVersions.$inferInsert,
): Promise<DefinitionVersionRow> {
  const rows = await db.insert(definitionVersions).values(values).returning();
  return rows[0]!;
}

export async function updateVersion(
  db: Db,
  id: string,
  values: Partial<typeof definitionVersions.$inferInsert>,
) {
  const rows = await db
    .update(definitionVersions)
    .set(values)
    .where(eq(definitionVersions.id, id))
    .returning();
  return rows[0]!;
}

export async function listCommentsOf(db: Db, versionIds: string[]): Promise<DefinitionCommentRow[]> {
  if (versionIds.length === 0) return [];
  return db
    .select()
    .from(definitionComments)
    .where(inArray(definitionComments.versionId, versionIds))
    .orderBy(asc(definitionComments.createdAt));
}

export async function insertComment(db: Db, values: typeof definitionComments.$inferInsert): Promise<void> {
  await db.insert(definitionComments).values(values);
}

/** Approved versions in force, with their definitions: the rules the relay runs on. */
export async function listCurrentVersions(
  db: Db,
): Promise<{ definition: DefinitionRow; version: DefinitionVersionRow }[]> {
  return db
    .select({ definition: definitions, version: definitionVersions })
    .from(definitions)
    .innerJoin(definitionVersions, eq(definitionVersions.id, definitions.currentVersionId))
    .where(isNotNull(definitions.currentVersionId));
}

export async function nameUsers(
  db: Db,
  ids: (string | null)[],
): Promise<Map<string, { familyName: string; givenName: string }>> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, familyName: users.familyName, givenName: users.givenName })
    .from(users)
    .where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The upper id of the next sweep chunk among people in the given stages, or null when done. */
/** The end of the next chunk of at most `size` people in `fromStages` after `after`, and how many it holds. */
export async function nextChunkEnd(
  db: Db,
  fromStages: string[],
  after: string | null,
  size: number,
): Promise<{ upTo: string; people: number } | null> {
  const rows = await queryRows<{ id: string; n: number }>(
    db,
    // uuid has no max() aggregate, so take the last id of the ordered chunk.
    sql`select id::text as id, count(*) over ()::int as n from (
          select id from people where stage = any(${arrayLiteral(fromStages)}::text[])
          ${after ? sql`and id > ${after}::uuid` : sql``}
          order by id limit ${size}
        ) chunk order by id desc limit 1`,
  );
  const row = rows[0];
  return row ? { upTo: row.id, people: row.n } : null;
}

export async function countPeopleInStages(db: Db, stages: string[]): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from people where stage = any(${arrayLiteral(stages)}::text[])`,
  );
  return rows[0]?.n ?? 0;
}

export interface ImpactRow {
  grp: "both" | "current_only" | "proposed_only" | "neither";
  people: number;
  reached_sal: number;
  reached_sql: number;
  reached_opportunity: number;
  won: number;
  lost: number;
  revenue: string | number;
  samples: { id: string; family_name: string; given_name: string | null; stage: string }[] | null;
}

/**
 * Backtest in one statement (each predicate runs once per person): the cohort created in
 * [from, to), both predicates evaluated as of `to`, what each group went on to reach (stage
 * history) and win (opportunities), and up to five sample people per group.
 */
export async function computeImpact(
  db: Db,
  current: SQL,
  proposed: SQL,
  from: Date,
  to: Date,
): Promise<ImpactRow[]> {
  return queryRows<ImpactRow>(
    db,
    sql`with grouped as (
          select p.id, p.family_name, p.given_name, p.stage,
                 case when (${current}) and (${proposed}) then 'both' when (${current}) then 'current_only'
                      when (${proposed}) then 'proposed_only' else 'neither' end as grp
          from ${PERSON_ROW_SOURCE}
          where p.created_at >= ${from} and p.created_at < ${to}
        ), reached as (
          select s.person_id,
                 bool_or(s.to_stage = 'sal') as sal, bool_or(s.to_stage = 'sql') as sql_,
                 bool_or(s.to_stage = 'opportunity') as opp, bool_or(s.to_stage = 'won') as won,
                 bool_or(s.to_stage = 'lost') as lost
          from stage_changes s join grouped g on g.id = s.person_id
          group by s.person_id
        ), revenue as (
          select o.person_id, sum(o.amount) as amount
          from opportunities o join grouped g on g.id = o.person_id
          where o.outcome = 'won' group by o.person_id
        ), stats as (
          select g.grp, count(*)::int as people,
                 count(*) filter (where r.sal)::int as reached_sal,
                 count(*) filter (where r.sql_)::int as reached_sql,
                 count(*) filter (where r.opp)::int as reached_opportunity,
                 count(*) filter (where r.won)::int as won,
                 count(*) filter (where r.lost)::int as lost,
                 coalesce(sum(v.amount), 0)::bigint as revenue
          from grouped g left join reached r on r.person_id = g.id left join revenue v on v.person_id = g.id
          group by g.grp
        ), samples as (
          select grp, json_agg(json_build_object('id', id, 'family_name', family_name, 'given_name', given_name, 'stage', stage) order by id) as samples
          from (select *, row_number() over (partition by grp order by id) as n from grouped) ranked
          where n <= 5 group by grp
        )
        select stats.*, samples.samples from stats left join samples on samples.grp = stats.grp`,
  );
}
