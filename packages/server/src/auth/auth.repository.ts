import { and, desc, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { apiTokens, sessions } from "../db/schema.ts";

export type SessionRow = typeof sessions.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;

export async function insertSession(db: Db, values: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(values);
}

export async function findLiveSession(db: Db, idHash: string, now: Date): Promise<SessionRow | null> {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now)))
    .limit(1);
  return rows[0] ?? null;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

/** Expired sessions are useless; dropping them at login keeps the table small without a job. */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function insertApiToken(db: Db, values: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const rows = await db.insert(apiTokens).values(values).returning();
  return rows[0]!;
}

export async function findLiveApiToken(db: Db, tokenHash: string, now: Date): Promise<ApiTokenRow | null> {
  const rows = await db
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .limit(1);
  return rows[0] ?? null;
}

export async function touchApiToken(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

export async function listApiTokensOfUser(db: Db, userId: string): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function findApiToken(db: Db, id: string): Promise<ApiTokenRow | null> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function revokeApiTokenRow(db: Db, id: string, now: Date): Promise<ApiTokenRow> {
  const rows = await db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id)).returning();
  return rows[0]!;
}

/** Every session of a user ends, e.g. when their password is replaced through an invitation link. */
export async function deleteSessionsOfUser(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
