import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { deliveries, notificationChannels, relayEvents } from "../db/schema.ts";

export type DeliveryRow = typeof deliveries.$inferSelect;

/**
 * Claims due deliveries for this worker: pending ones whose time has come, and `sending` ones
 * whose lease ran out (their worker died mid-delivery). `for update skip locked` lets many
 * workers claim at once without waiting on or taking each other's rows; the attempt counter
 * the claim bumps is the fencing token the worker must present to record the outcome.
 */
export async function claimDueDeliveries(
  db: Db,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<DeliveryRow[]> {
  const at = now.toISOString();
  const due = db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      sql`(${deliveries.status} = 'pending' and ${deliveries.nextAttemptAt} <= ${at}::timestamptz)
        or (${deliveries.status} = 'sending' and ${deliveries.lockedUntil} <= ${at}::timestamptz)`,
    )
    .orderBy(deliveries.nextAttemptAt, deliveries.id)
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(deliveries)
    .set({
      status: "sending",
      attempts: sql`${deliveries.attempts} + 1`,
      lockedUntil: new Date(now.getTime() + leaseMs),
      updatedAt: now,
    })
    .where(inArray(deliveries.id, due))
    .returning();
}

/** Records the outcome of the claimed attempt; false when the lease was lost to another worker. */
export async function finishDelivery(
  db: Db,
  claimed: Pick<DeliveryRow, "id" | "attempts">,
  values: Partial<typeof deliveries.$inferInsert>,
): Promise<boolean> {
  const rows = await db
    .update(deliveries)
    .set({ ...values, lockedUntil: null })
    .where(
      and(
        eq(deliveries.id, claimed.id),
        eq(deliveries.status, "sending"),
        eq(deliveries.attempts, claimed.attempts),
      ),
    )
    .returning({ id: deliveries.id });
  return rows.length > 0;
}

export async function findDeliveryContext(db: Db, delivery: DeliveryRow) {
  const rows = await db
    .select({ channel: notificationChannels, event: relayEvents })
    .from(notificationChannels)
    .innerJoin(relayEvents, eq(relayEvents.id, delivery.eventId))
    .where(eq(notificationChannels.id, delivery.channelId))
    .limit(1);
  return rows[0] ?? null;
}

export async function listDeliveryRows(db: Db, channelId?: string): Promise<DeliveryRow[]> {
  const query = db.select().from(deliveries);
  const filtered = channelId ? query.where(eq(deliveries.channelId, channelId)) : query;
  return filtered.orderBy(deliveries.createdAt, deliveries.id);
}
