import { and, eq, inArray, isNotNull, isNull, type SQL, sql } from "drizzle-orm";
import { arrayLiteral, type Db, queryRows } from "../db/database.ts";
import { decodeCursor, keyset, type SortSpec, searchKeyPattern, toPage } from "../db/pagination.ts";
import { companies, people, personScores, stageChanges, teams, users } from "../db/schema.ts";
import { PERSON_ROW_SOURCE } from "../definitions/rules.repository.ts";

export type PersonRow = typeof people.$inferSelect;
export type StageChangeRow = typeof stageChanges.$inferSelect;

const personSelection = {
  person: people,
  companyName: companies.name,
  ownerFamilyName: users.familyName,
  ownerGivenName: users.givenName,
  teamKey: teams.key,
  teamName: teams.nameJa,
  scoreFit: personScores.fit,
  scoreEngagement: personScores.engagement,
  scoreTotal: personScores.total,
};
export interface PersonView {
  person: PersonRow;
  companyName: string | null;
  ownerFamilyName: string | null;
  ownerGivenName: string | null;
  teamKey: string | null;
  teamName: string | null;
  scoreFit: number | null;
  scoreEngagement: number | null;
  scoreTotal: number | null;
}

/** 五十音順: セイ then メイ; people without フリガナ sort last. */
const kanaExpr = sql`coalesce(${people.familyNameKana}, 'ン') || ' ' || coalesce(${people.givenNameKana}, '')`;

const SORTS: Record<string, SortSpec> = {
  createdAt: { expr: sql`${people.createdAt}`, type: "timestamptz" },
  updatedAt: { expr: sql`${people.updatedAt}`, type: "timestamptz" },
  stageChangedAt: { expr: sql`${people.stageChangedAt}`, type: "timestamptz" },
  kana: { expr: kanaExpr, type: "text" },
};

export interface PersonFilter {
  q?: string;
  stage?: string[];
  temperature?: string[];
  industry?: string[];
  teamId?: string;
  ownerId?: string;
  companyId?: string;
  /** A selection (bulk export): only these people, within the rest of the filter. */
  ids?: string[];
  sort: string;
  order: "asc" | "desc";
  cursor?: string;
  limit: number;
}

function selectPeople(db: Db, extra: Record<string, SQL> = {}) {
  return db
    .select({ ...personSelection, ...extra })
    .from(people)
    .leftJoin(companies, eq(companies.id, people.companyId))
    .leftJoin(users, eq(users.id, people.ownerId))
    .leftJoin(teams, eq(teams.id, people.teamId))
    .leftJoin(personScores, eq(personScores.personId, people.id));
}

const SCORE_SORTS = {
  scoreTotal: personScores.total,
  scoreFit: personScores.fit,
  scoreEngagement: personScores.engagement,
} as const;
const UNSCORED_KEY = "-1";

/**
 * Sorted by a score, in two index-friendly parts: scored people by (score, person_id) on the
 * person_scores index, and people not scored yet (no model signed, or scoring still running) by
 * id, after the scored ones when descending and before them when ascending. The cursor's key
 * says which part it is in ("-1" for not scored, scores are 0–100).
 */
async function listPersonRowsByScore(
  db: Db,
  filter: PersonFilter,
  conditions: (SQL | undefined)[],
  column: (typeof SCORE_SORTS)[keyof typeof SCORE_SORTS],
) {
  const parts =
    filter.order === "desc" ? (["scored", "unscored"] as const) : (["unscored", "scored"] as const);
  const cursorPart = filter.cursor
    ? decodeCursor(filter.cursor, "score")[0] === UNSCORED_KEY
      ? "unscored"
      : "scored"
    : null;
  const rows: (PersonView & { sortKey: string })[] = [];
  let reached = cursorPart === null;
  for (const part of parts) {
    if (!reached && part !== cursorPart) continue;
    const cursor = !reached ? filter.cursor : undefined;
    reached = true;
    const need = filter.limit + 1 - rows.length;
    if (need <= 0) break;
    const page =
      part === "scored"
        ? keyset({ expr: sql`${column}`, type: "score" }, personScores.personId, filter.order, cursor)
        : // -1 for every row of this part; an expression, since ORDER BY a bare constant means a column position.
          keyset({ expr: sql`coalesce(${column}, -1)`, type: "score" }, people.id, filter.order, cursor);
    const found = await selectPeople(db, { sortKey: page.sortKey })
      .where(
        and(
          ...conditions,
          part === "scored" ? isNotNull(personScores.personId) : isNull(personScores.personId),
          page.where,
        ),
      )
      .orderBy(...page.orderBy)
      .limit(need);
    rows.push(...(found as (PersonView & { sortKey: string })[]));
  }
  const { rows: pageRows, nextCursor } = toPage(
    rows.map((r) => ({ ...r, id: r.person.id })),
    filter.limit,
  );
  return { rows: pageRows as PersonView[], nextCursor };
}

/**
 * The people list's filter as conditions over `people` joined to `companies` (see selectPeople):
 * the list, the export and the bulk actions all select with these.
 */
export function personFilterConditions(
  filter: Omit<PersonFilter, "sort" | "order" | "cursor" | "limit">,
): (SQL | undefined)[] {
  const pattern = filter.q ? searchKeyPattern(filter.q) : null;
  return [
    pattern
      ? sql`(${people.searchText} like ${pattern} or ${people.companyId} in (select ${companies.id} from ${companies} where ${companies.searchText} like ${pattern}))`
      : undefined,
    filter.stage ? inArray(people.stage, filter.stage) : undefined,
    filter.temperature ? inArray(people.temperature, filter.temperature) : undefined,
    filter.industry ? inArray(companies.industry, filter.industry) : undefined,
    filter.teamId ? eq(people.teamId, filter.teamId) : undefined,
    filter.ownerId ? eq(people.ownerId, filter.ownerId) : undefined,
    filter.companyId ? eq(people.companyId, filter.companyId) : undefined,
    filter.ids ? inArray(people.id, filter.ids) : undefined,
  ];
}

export async function listPersonRows(db: Db, filter: PersonFilter) {
  const conditions = personFilterConditions(filter);
  const scoreColumn = SCORE_SORTS[filter.sort as keyof typeof SCORE_SORTS];
  if (scoreColumn) return listPersonRowsByScore(db, filter, conditions, scoreColumn);
  const page = keyset(SORTS[filter.sort]!, people.id, filter.order, filter.cursor);
  conditions.push(page.where);
  const rows = await selectPeople(db, { sortKey: page.sortKey })
    .where(and(...conditions))
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows: pageRows, nextCursor } = toPage(
    rows.map((r) => ({ ...(r as PersonView & { sortKey: string }), id: r.person.id })),
    filter.limit,
  );
  return { rows: pageRows as PersonView[], nextCursor };
}

export async function findPersonView(db: Db, id: string): Promise<PersonView | null> {
  const rows = await selectPeople(db).where(eq(people.id, id)).limit(1);
  return (rows[0] as PersonView | undefined) ?? null;
}

export async function findPerson(db: Db, id: string, forUpdate = false): Promise<PersonRow | null> {
  const query = db.select().from(people).where(eq(people.id, id)).limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

/**
 * Locks these people's rows in id order for the rest of the transaction. Writes that touch several
 * tables per person (activity → score → stage) take this first, so two of them on overlapping
 * people queue instead of deadlocking.
 */
export async function lockPeople(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .select({ id: people.id })
    .from(people)
    .where(inArray(people.id, ids))
    .orderBy(people.id)
    .for("update");
}

/** Locks the people of a company (in id order, as `lockPeople`) and returns their ids. */
export async function lockPeopleOfCompany(db: Db, companyId: string): Promise<string[]> {
  const rows = await db
    .select({ id: people.id })
    .from(people)
    .where(eq(people.companyId, companyId))
    .orderBy(people.id)
    .for("update");
  return rows.map((r) => r.id);
}

export async function findPeopleByIds(db: Db, ids: string[]): Promise<Pick<PersonRow, "id" | "companyId">[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: people.id, companyId: people.companyId })
    .from(people)
    .where(inArray(people.id, ids));
}

export async function insertPerson(db: Db, values: typeof people.$inferInsert): Promise<PersonRow> {
  const rows = await db.insert(people).values(values).returning();
  return rows[0]!;
}

export async function updatePersonRow(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<typeof people.$inferInsert>,
): Promise<PersonRow | null> {
  const rows = await db
    .update(people)
    .set({ ...values, version: sql`${people.version} + 1` })
    .where(and(eq(people.id, id), eq(people.version, expectedVersion)))
    .returning();
  return rows[0] ?? null;
}

export async function insertStageChange(
  db: Db,
  values: typeof stageChanges.$inferInsert,
): Promise<StageChangeRow> {
  const rows = await db.insert(stageChanges).values(values).returning();
  return rows[0]!;
}

export async function findStageChangesByIds(db: Db, ids: string[]): Promise<StageChangeRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(stageChanges).where(inArray(stageChanges.id, ids));
}

export interface AdvanceInput {
  predicate: SQL;
  fromStages: string[];
  toStage: string;
  now: Date;
  actorId: string | null;
  reason: string;
  versionId: string;
  /** Restrict to these people (incremental evaluation after a write). */
  personIds?: string[];
  /** Restrict to ids in (after, upTo] (a sweep chunk). */
  idRange?: { after: string | null; upTo: string };
}

/**
 * Moves every matching person (a definition's predicate) to the target stage in one statement: locks the candidates,
 * updates their stage and version, and appends their stage changes citing the version.
 */
export async function advanceMatchingPeople(db: Db, input: AdvanceInput): Promise<string[]> {
  const restrictions: SQL[] = [];
  if (input.personIds) restrictions.push(sql`and p.id = any(${arrayLiteral(input.personIds)}::uuid[])`);
  if (input.idRange) {
    if (input.idRange.after) restrictions.push(sql`and p.id > ${input.idRange.after}::uuid`);
    restrictions.push(sql`and p.id <= ${input.idRange.upTo}::uuid`);
  }
  const fromStages = arrayLiteral(input.fromStages);
  const rows = await queryRows<{ person_id: string }>(
    db,
    sql`with candidates as (
          select p.id, p.stage as from_stage
          from ${PERSON_ROW_SOURCE}
          where p.stage = any(${fromStages}::text[]) and ${input.predicate} ${sql.join(restrictions, sql` `)}
          for update of p
        ), moved as (
          update people set stage = ${input.toStage}, stage_changed_at = ${input.now}, updated_at = ${input.now},
                 version = people.version + 1
          from candidates where people.id = candidates.id
          returning people.id
        )
        insert into stage_changes (person_id, from_stage, to_stage, changed_at, changed_by, reason, definition_version_id)
        select id, from_stage, ${input.toStage}, ${input.now}, ${input.actorId}::uuid, ${input.reason}, ${input.versionId}::uuid
        from candidates
        returning person_id`,
  );
  return rows.map((r) => r.person_id);
}
