import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/database.ts";
import { goalComments, goalMonthTargets, goals, teams, users } from "../db/schema.ts";

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
