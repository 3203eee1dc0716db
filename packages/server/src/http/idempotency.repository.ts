import { and, eq, isNull, lt, lte, or } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { idempotencyKeys } from "../db/schema.ts";

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;

/** A caller's hold on a key while its first request runs; `claimedAt` tells takeovers apart. */
export interface IdempotencyClaim {
  scope: string;
  key: string;
  claimedAt: Date;
}

/** Takes a fresh key: false when the caller already used it (finished, running or expired). */
export async function claimIdempotencyKey(
  db: Db,
  claim: IdempotencyClaim,
  requestHash: string,
  expiresAt: Date,
): Promise<boolean> {
  const rows = await db
    .insert(idempotencyKeys)
    .values({ ...claim, createdAt: claim.claimedAt, requestHash, expiresAt })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length === 1;
}

export async function findIdempotencyKey(
  db: Db,
  scope: string,
  key: string,
): Promise<IdempotencyKeyRow | null> {
  const rows = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Takes over a key that has expired, or whose first request was abandoned (still unfinished
 * when it started before `staleBefore`: its process died). Atomic: of two callers, one wins.
 */
export async function takeOverIdempotencyKey(
  db: Db,
  claim: IdempotencyClaim,
  requestHash: string,
  expiresAt: Date,
  staleBefore: Date,
): Promise<boolean> {
  const rows = await db
    .update(idempotencyKeys)
    .set({ requestHash, statusCode: null, responseBody: null, createdAt: claim.claimedAt, expiresAt })
    .where(
      and(
        eq(idempotencyKeys.scope, claim.scope),
        eq(idempotencyKeys.key, claim.key),
        or(
          lte(idempotencyKeys.expiresAt, claim.claimedAt),
          and(isNull(idempotencyKeys.statusCode), lt(idempotencyKeys.createdAt, staleBefore)),
        ),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return rows.length === 1;
}

const heldBy = (claim: IdempotencyClaim) =>
  and(
    eq(idempotencyKeys.scope, claim.scope),
    eq(idempotencyKeys.key, claim.key),
    eq(idempotencyKeys.createdAt, claim.claimedAt),
    isNull(idempotencyKeys.statusCode),
  );

/** Keeps the first answer for retries; only by the claim's holder. */
export async function completeIdempotencyKey(
  db: Db,
  claim: IdempotencyClaim,
  statusCode: number,
  responseBody: string,
): Promise<void> {
  await db.update(idempotencyKeys).set({ statusCode, responseBody }).where(heldBy(claim));
}

/** Frees a key whose request failed, so the same request can be sent again. */
export async function releaseIdempotencyKey(db: Db, claim: IdempotencyClaim): Promise<void> {
  await db.delete(idempotencyKeys).where(heldBy(claim));
}

/** Removes keys past their 24 hours. */
export async function deleteExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const rows = await db
    .delete(idempotencyKeys)
    .where(lte(idempotencyKeys.expiresAt, now))
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}
