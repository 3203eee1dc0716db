import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { teams, users } from "../db/schema.ts";

export type UserRow = typeof users.$inferSelect;
export type TeamRow = typeof teams.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const rows = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
  return rows[0] ?? null;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | null> {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function insertUser(db: Db, values: typeof users.$inferInsert): Promise<UserRow> {
  const rows = await db.insert(users).values(values).returning();
  return rows[0]!;
}

export async function listTeams(db: Db): Promise<TeamRow[]> {
  return db.select().from(teams).orderBy(teams.createdAt);
}

export async function findTeamByKey(db: Db, key: string): Promise<TeamRow | null> {
  const rows = await db.select().from(teams).where(eq(teams.key, key)).limit(1);
  return rows[0] ?? null;
}

export async function findTeamById(db: Db, id: string): Promise<TeamRow | null> {
  const rows = await db.select().from(teams).where(eq(teams.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function setTeamManager(db: Db, teamId: string, userId: string): Promise<void> {
  await db.update(teams).set({ managerUserId: userId }).where(eq(teams.id, teamId));
}

export async function findUsersByIds(db: Db, ids: string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(users).where(inArray(users.id, ids));
}
