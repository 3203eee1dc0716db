import { and, asc, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/database.ts";
import { encodeCursor } from "../db/pagination.ts";
import {
  companies,
  goalComments,
  goalMonthTargets,
  goals,
  opportunities,
  teams,
  users,
} from "../db/schema.ts";

export type GoalRow = typeof goals.$inferSelect;
export type GoalCommentRow = typeof goalComments.$inferSelect;
export interface GoalView {
  goal: GoalRow;
  teamKey: string | null;
  teamName: string | null;
  ownerFamilyName: string | null;
  ownerGivenName: string | null;
  creatorFamilyName: string | null;
  creatorGivenName: string | null;
}

const owner = alias(users, "goal_owner");
const creator = alias(users, "goal_creator");

function selectGoals(db: Db) {
  return db
    .select({
      goal: goals,
      teamKey: teams.key,
      teamName: teams.nameJa,
      ownerFamilyName: owner.familyName,
      ownerGivenName: owner.givenName,
      creatorFamilyName: creator.familyName,
      creatorGivenName: creator.givenName,
    })
    .from(goals)
    .leftJoin(teams, eq(teams.id, goals.teamId))
    .leftJoin(owner, eq(owner.id, goals.ownerId))
    .leftJoin(creator, eq(creator.id, goals.createdBy));
}

/** Goals are few (a handful per year and team): newest fiscal year first, no paging. */
export async function listGoalViews(db: Db, limit: number): Promise<GoalView[]> {
  return selectGoals(db).orderBy(desc(goals.fiscalYear), desc(goals.createdAt), desc(goals.id)).limit(limit);
}

export async function findGoalView(db: Db, id: string): Promise<GoalView | null> {
  const rows = await selectGoals(db).where(eq(goals.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function findGoal(db: Db, id: string, forUpdate = false): Promise<GoalRow | null> {
  const query = db.select().from(goals).where(eq(goals.id, id)).limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

export async function insertGoal(db: Db, values: typeof goals.$inferInsert): Promise<GoalRow> {
  const rows = await db.insert(goals).values(values).returning();
  return rows[0]!;
}

export async function updateGoalRow(
  db: Db,
  id: string,
  values: Partial<typeof goals.$inferInsert>,
): Promise<GoalRow> {
  const rows = await db
    .update(goals)
    .set({ ...values, version: sql`${goals.version} + 1` })
    .where(eq(goals.id, id))
    .returning();
  return rows[0]!;
}

export async function listMonthTargets(db: Db, goalIds: string[]) {
  if (goalIds.length === 0) return [];
  return db
    .select()
    .from(goalMonthTargets)
    .where(inArray(goalMonthTargets.goalId, goalIds))
    .orderBy(asc(goalMonthTargets.month));
}

export async function replaceMonthTargets(
  db: Db,
  goalId: string,
  targets: readonly { month: string; revenue: number }[],
): Promise<void> {
  await db.delete(goalMonthTargets).where(eq(goalMonthTargets.goalId, goalId));
  if (targets.length > 0) {
    await db
      .insert(goalMonthTargets)
      .values(targets.map((t) => ({ goalId, month: t.month, revenue: t.revenue })));
  }
}

export interface GoalCommentView {
  comment: GoalCommentRow;
  authorFamilyName: string | null;
  authorGivenName: string | null;
  authorTeamId: string | null;
}

function selectComments(db: Db) {
  return db
    .select({
      comment: goalComments,
      authorFamilyName: users.familyName,
      authorGivenName: users.givenName,
      authorTeamId: users.teamId,
    })
    .from(goalComments)
    .leftJoin(users, eq(users.id, goalComments.authorId));
}

export async function listCommentViews(db: Db, goalId: string): Promise<GoalCommentView[]> {
  return selectComments(db)
    .where(eq(goalComments.goalId, goalId))
    .orderBy(asc(goalComments.month), desc(goalComments.createdAt), desc(goalComments.id));
}

export async function findCommentView(db: Db, id: string): Promise<GoalCommentView | null> {
  const rows = await selectComments(db).where(eq(goalComments.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function findComment(db: Db, id: string, forUpdate = false): Promise<GoalCommentRow | null> {
  const query = db.select().from(goalComments).where(eq(goalComments.id, id)).limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

export async function insertComment(
  db: Db,
  values: typeof goalComments.$inferInsert,
): Promise<GoalCommentRow> {
  const rows = await db.insert(goalComments).values(values).returning();
  return rows[0]!;
}

export async function updateCommentRow(
  db: Db,
  id: string,
  values: Partial<typeof goalComments.$inferInsert>,
): Promise<GoalCommentRow> {
  const rows = await db
    .update(goalComments)
    .set({ ...values, version: sql`${goalComments.version} + 1` })
    .where(eq(goalComments.id, id))
    .returning();
  return rows[0]!;
}

/** Whose deals count for a goal: its owner's, or those owned by its team's members; everyone's if neither. */
export interface DealScope {
  teamId: string | null;
  ownerId: string | null;
}

function dealScope(scope: DealScope): SQL | undefined {
  return and(
    scope.ownerId ? eq(opportunities.ownerId, scope.ownerId) : undefined,
    scope.teamId
      ? sql`${opportunities.ownerId} in (select ${users.id} from ${users} where ${users.teamId} = ${scope.teamId})`
      : undefined,
  );
}

const closedMonth = sql<string>`to_char(${opportunities.closedOn}, 'YYYY-MM')`;

/** Won deals and their revenue per JST month of closing (closedOn is a JST date). */
export async function selectWonByMonth(
  db: Db,
  scope: DealScope,
  firstDay: string,
  lastDay: string,
): Promise<{ month: string; deals: number; revenue: number }[]> {
  const rows = await db
    .select({
      month: closedMonth,
      deals: sql<number>`count(*)::int`,
      revenue: sql<string>`coalesce(sum(${opportunities.amount}), 0)::text`,
    })
    .from(opportunities)
    .where(
      and(
        eq(opportunities.outcome, "won"),
        sql`${opportunities.closedOn} between ${firstDay}::date and ${lastDay}::date`,
        dealScope(scope),
      ),
    )
    .groupBy(closedMonth);
  return rows.map((r) => ({ month: r.month, deals: Number(r.deals), revenue: Number(r.revenue) }));
}

/** The won deals one pacing cell counted, biggest first, keyset-paged on (amount, id). */
export async function selectWonDeals(
  db: Db,
  scope: DealScope,
  month: string,
  limit: number,
  cursor: [string, string] | null,
) {
  const inMonth = and(eq(opportunities.outcome, "won"), sql`${closedMonth} = ${month}`, dealScope(scope));
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(opportunities)
    .where(inMonth);
  const rows = await db
    .select({
      id: opportunities.id,
      name: opportunities.name,
      amount: opportunities.amount,
      closedOn: opportunities.closedOn,
      companyId: opportunities.companyId,
      companyName: companies.name,
      ownerId: opportunities.ownerId,
      ownerFamilyName: users.familyName,
      ownerGivenName: users.givenName,
    })
    .from(opportunities)
    .innerJoin(companies, eq(companies.id, opportunities.companyId))
    .leftJoin(users, eq(users.id, opportunities.ownerId))
    .where(
      and(
        inMonth,
        cursor
          ? sql`(${opportunities.amount}, ${opportunities.id}) < (${cursor[0]}::bigint, ${cursor[1]}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(opportunities.amount), desc(opportunities.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(String(last.amount), last.id) : null;
  return { total: Number(total), rows: page, nextCursor };
}
