import { asc, eq, inArray, sql } from "drizzle-orm";
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

/** Every user with their team, for owner pickers and the admin screen; 姓 then 名 so lists read naturally. */
export async function listUserRows(
  db: Db,
  includeInactive: boolean,
): Promise<{ user: UserRow; team: TeamRow | null }[]> {
  const query = db
    .select({ user: users, team: teams })
    .from(users)
    .leftJoin(teams, eq(teams.id, users.teamId));
  const filtered = includeInactive ? query : query.where(eq(users.active, true));
  return filtered.orderBy(users.familyName, users.givenName, users.id);
}

export async function updateUserRow(
  db: Db,
  id: string,
  values: Partial<typeof users.$inferInsert>,
): Promise<UserRow | null> {
  const rows = await db.update(users).set(values).where(eq(users.id, id)).returning();
  return rows[0] ?? null;
}

/** Admins still able to sign in; the last one may not lock everyone out. */
export async function countActiveAdmins(db: Db): Promise<number> {
  const rows = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(users)
    .where(sql`${users.role} = 'admin' and ${users.active}`);
  return rows[0]?.count ?? 0;
}

/** Every team, oldest first (the order team lists and settings show). */
export async function listTeamRows(db: Db) {
  return db.select().from(teams).orderBy(asc(teams.createdAt), asc(teams.id));
}
