import { and, asc, eq, sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/database.ts";
import { rejectionReasons, relayTeamSettings, slaPolicies, users } from "../db/schema.ts";

export type SlaPolicyRow = typeof slaPolicies.$inferSelect;
export type RejectionReasonRow = typeof rejectionReasons.$inferSelect;
export type RelayTeamSettingsRow = typeof relayTeamSettings.$inferSelect;

export async function listSlaPolicyRows(db: Db): Promise<SlaPolicyRow[]> {
  return db.select().from(slaPolicies).orderBy(asc(slaPolicies.businessMinutes), asc(slaPolicies.id));
}

export async function findSlaPolicyForEdge(
  db: Db,
  fromTeamId: string,
  toTeamId: string,
): Promise<SlaPolicyRow | null> {
  const rows = await db
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.fromTeamId, fromTeamId), eq(slaPolicies.toTeamId, toTeamId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findSlaPolicy(db: Db, id: string, forUpdate = false): Promise<SlaPolicyRow | null> {
  const query = db.select().from(slaPolicies).where(eq(slaPolicies.id, id)).limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

export async function updateSlaPolicyRow(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<typeof slaPolicies.$inferInsert>,
): Promise<SlaPolicyRow | null> {
  const rows = await db
    .update(slaPolicies)
    .set({ ...values, version: sql`${slaPolicies.version} + 1` })
    .where(and(eq(slaPolicies.id, id), eq(slaPolicies.version, expectedVersion)))
    .returning();
  return rows[0] ?? null;
}

export async function listRejectionReasonRows(
  db: Db,
  includeInactive: boolean,
): Promise<RejectionReasonRow[]> {
  const query = db.select().from(rejectionReasons);
  const filtered = includeInactive ? query : query.where(eq(rejectionReasons.active, true));
  return filtered.orderBy(asc(rejectionReasons.sortOrder), asc(rejectionReasons.key));
}

export async function findActiveRejectionReason(db: Db, id: string): Promise<RejectionReasonRow | null> {
  const rows = await db
    .select()
    .from(rejectionReasons)
    .where(and(eq(rejectionReasons.id, id), eq(rejectionReasons.active, true)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findRejectionReason(
  db: Db,
  id: string,
  forUpdate = false,
): Promise<RejectionReasonRow | null> {
  const query = db.select().from(rejectionReasons).where(eq(rejectionReasons.id, id)).limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

export async function insertRejectionReason(
  db: Db,
  values: typeof rejectionReasons.$inferInsert,
): Promise<RejectionReasonRow> {
  const rows = await db.insert(rejectionReasons).values(values).returning();
  return rows[0]!;
}

export async function updateRejectionReasonRow(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<typeof rejectionReasons.$inferInsert>,
): Promise<RejectionReasonRow | null> {
  const rows = await db
    .update(rejectionReasons)
    .set({ ...values, version: sql`${rejectionReasons.version} + 1` })
    .where(and(eq(rejectionReasons.id, id), eq(rejectionReasons.version, expectedVersion)))
    .returning();
  return rows[0] ?? null;
}

export async function listTeamSettingsRows(db: Db): Promise<RelayTeamSettingsRow[]> {
  return db.select().from(relayTeamSettings);
}

export async function findTeamSettings(
  db: Db,
  teamId: string,
  forUpdate = false,
): Promise<RelayTeamSettingsRow | null> {
  const query = db.select().from(relayTeamSettings).where(eq(relayTeamSettings.teamId, teamId)).limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

/** Creates the team's settings row if missing (teams made after the migration), so it can be locked. */
export async function ensureTeamSettings(db: Db, teamId: string): Promise<void> {
  await db.insert(relayTeamSettings).values({ teamId }).onConflictDoNothing();
}

export async function updateTeamSettingsRow(
  db: Db,
  teamId: string,
  expectedVersion: number | null,
  values: Partial<typeof relayTeamSettings.$inferInsert>,
): Promise<RelayTeamSettingsRow | null> {
  const rows = await db
    .update(relayTeamSettings)
    .set({ ...values, version: sql`${relayTeamSettings.version} + 1` })
    .where(
      expectedVersion === null
        ? eq(relayTeamSettings.teamId, teamId)
        : and(eq(relayTeamSettings.teamId, teamId), eq(relayTeamSettings.version, expectedVersion)),
    )
    .returning();
  return rows[0] ?? null;
}

/** Active members of a team in a stable order (for round robin), with their pending handoffs. */
export async function listTeamMembersWithLoad(
  db: Db,
  teamId: string,
): Promise<{ userId: string; pending: number }[]> {
  return queryRows<{ userId: string; pending: number }>(
    db,
    sql`select u.id as "userId",
      (select count(*)::int from handoffs h where h.assignee_user_id = u.id and h.state = 'pending') as pending
    from ${users} u
    where u.team_id = ${teamId} and u.active
    order by u.created_at, u.id`,
  );
}

export async function isActiveTeamMember(db: Db, userId: string, teamId: string): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.teamId, teamId), eq(users.active, true)))
    .limit(1);
  return rows.length > 0;
}
