import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { businessCalendars } from "../db/schema.ts";

export type BusinessCalendarRow = typeof businessCalendars.$inferSelect;

export async function listCalendarRows(db: Db): Promise<BusinessCalendarRow[]> {
  return db.select().from(businessCalendars);
}

/** The company calendar row and, when asked, one team's override row. */
export async function findCalendarRows(
  db: Db,
  teamId: string | null,
): Promise<{ company: BusinessCalendarRow | null; team: BusinessCalendarRow | null }> {
  const rows = await db
    .select()
    .from(businessCalendars)
    .where(
      teamId
        ? sql`${businessCalendars.teamId} is null or ${businessCalendars.teamId} = ${teamId}`
        : isNull(businessCalendars.teamId),
    );
  return {
    company: rows.find((r) => r.teamId === null) ?? null,
    team: teamId ? (rows.find((r) => r.teamId === teamId) ?? null) : null,
  };
}

export async function findCalendarRow(
  db: Db,
  teamId: string | null,
  forUpdate = false,
): Promise<BusinessCalendarRow | null> {
  const query = db
    .select()
    .from(businessCalendars)
    .where(teamId ? eq(businessCalendars.teamId, teamId) : isNull(businessCalendars.teamId))
    .limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

export async function insertCalendarRow(
  db: Db,
  values: typeof businessCalendars.$inferInsert,
): Promise<BusinessCalendarRow> {
  const rows = await db.insert(businessCalendars).values(values).returning();
  return rows[0]!;
}

export async function updateCalendarRow(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<typeof businessCalendars.$inferInsert>,
): Promise<BusinessCalendarRow | null> {
  const rows = await db
    .update(businessCalendars)
    .set({ ...values, version: sql`${businessCalendars.version} + 1` })
    .where(and(eq(businessCalendars.id, id), eq(businessCalendars.version, expectedVersion)))
    .returning();
  return rows[0] ?? null;
}
