import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { invitations, users } from "../db/schema.ts";

export type InvitationRow = typeof invitations.$inferSelect;

export async function insertInvitation(
  db: Db,
  values: typeof invitations.$inferInsert,
): Promise<InvitationRow> {
  const rows = await db.insert(invitations).values(values).returning();
  return rows[0]!;
}

/** A re-issue replaces every earlier link of the user that is still open. */
export async function revokeOpenInvitations(db: Db, userId: string, now: Date): Promise<number> {
  const rows = await db
    .update(invitations)
    .set({ revokedAt: now })
    .where(and(eq(invitations.userId, userId), isNull(invitations.usedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
  return rows.length;
}

export async function findInvitationByHash(db: Db, tokenHash: string): Promise<InvitationRow | null> {
  const rows = await db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).limit(1);
  return rows[0] ?? null;
}

/**
 * Marks a link used if, at this moment, it is neither used, replaced nor expired: one statement,
 * so two tabs opening the same link cannot both set a password.
 */
export async function claimInvitation(db: Db, tokenHash: string, now: Date): Promise<InvitationRow | null> {
  const rows = await db
    .update(invitations)
    .set({ usedAt: now })
    .where(
      and(
        eq(invitations.tokenHash, tokenHash),
        isNull(invitations.usedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/** Links neither used nor replaced (expired ones included, so the admin sees to re-issue them). */
export async function listOpenInvitations(db: Db) {
  return db
    .select({ invitation: invitations, user: users })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.userId))
    .where(and(isNull(invitations.usedAt), isNull(invitations.revokedAt), sql`${users.active}`))
    .orderBy(asc(invitations.expiresAt), asc(invitations.id));
}
