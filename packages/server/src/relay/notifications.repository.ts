import { and, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { keyset, toPage } from "../db/pagination.ts";
import { deliveries, notificationChannels, notifications, relayEvents } from "../db/schema.ts";

export type RelayEventRow = typeof relayEvents.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationChannelRow = typeof notificationChannels.$inferSelect;

/** Inserts the event unless its key exists; null means it was emitted before. */
/** Inserts the events whose key is new (one statement); the ones already on record are skipped. */
export async function insertRelayEventsOnce(
  db: Db,
  values: (typeof relayEvents.$inferInsert)[],
): Promise<RelayEventRow[]> {
  if (values.length === 0) return [];
  return db.insert(relayEvents).values(values).onConflictDoNothing().returning();
}

export async function insertNotifications(
  db: Db,
  rows: (typeof notifications.$inferInsert)[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return inserted.length;
}

export interface NotificationFilter {
  unread?: boolean;
  order: "asc" | "desc";
  cursor?: string;
  limit: number;
}

export async function listNotificationRows(db: Db, userId: string, filter: NotificationFilter) {
  const page = keyset(
    { expr: sql`${notifications.createdAt}`, type: "timestamptz" },
    notifications.id,
    filter.order,
    filter.cursor,
  );
  const conditions: (SQL | undefined)[] = [
    eq(notifications.userId, userId),
    filter.unread ? isNull(notifications.readAt) : undefined,
    page.where,
  ];
  const rows = await db
    .select({ notification: notifications, sortKey: page.sortKey })
    .from(notifications)
    .where(and(...conditions))
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows: pageRows, nextCursor } = toPage(
    rows.map((r) => ({ ...r, id: r.notification.id })),
    filter.limit,
  );
  return { rows: pageRows.map((r) => r.notification), nextCursor };
}

export async function markNotificationRowsRead(
  db: Db,
  userId: string,
  ids: string[],
  at: Date,
): Promise<string[]> {
  const rows = await db
    .update(notifications)
    .set({ readAt: at })
    .where(
      and(eq(notifications.userId, userId), inArray(notifications.id, ids), isNull(notifications.readAt)),
    )
    .returning({ id: notifications.id });
  return rows.map((r) => r.id);
}

export async function listChannelRows(db: Db): Promise<NotificationChannelRow[]> {
  return db
    .select()
    .from(notificationChannels)
    .orderBy(notificationChannels.createdAt, notificationChannels.id);
}

export async function findChannel(db: Db, id: string): Promise<NotificationChannelRow | null> {
  const rows = await db.select().from(notificationChannels).where(eq(notificationChannels.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function insertChannel(
  db: Db,
  values: typeof notificationChannels.$inferInsert,
): Promise<NotificationChannelRow> {
  const rows = await db.insert(notificationChannels).values(values).returning();
  return rows[0]!;
}

/** Active channels that subscribe to the event type, for all teams or one of the handoff's teams. */
export async function findSubscribedChannels(
  db: Db,
  type: string,
  teamIds: string[],
): Promise<NotificationChannelRow[]> {
  return db
    .select()
    .from(notificationChannels)
    .where(
      and(
        eq(notificationChannels.active, true),
        sql`${type} = any(${notificationChannels.events})`,
        teamIds.length
          ? sql`(${notificationChannels.teamId} is null or ${inArray(notificationChannels.teamId, teamIds)})`
          : isNull(notificationChannels.teamId),
      ),
    );
}

/** Queues deliveries; the unique idempotency key makes queueing the same (event, channel) again a no-op. */
export async function insertDeliveries(db: Db, rows: (typeof deliveries.$inferInsert)[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(deliveries)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: deliveries.id });
  return inserted.length;
}

export async function findChannelForUpdate(db: Db, id: string): Promise<NotificationChannelRow | null> {
  const rows = await db
    .select()
    .from(notificationChannels)
    .where(eq(notificationChannels.id, id))
    .limit(1)
    .for("update");
  return rows[0] ?? null;
}

export async function updateChannelRow(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<typeof notificationChannels.$inferInsert>,
): Promise<NotificationChannelRow | null> {
  const rows = await db
    .update(notificationChannels)
    .set({ ...values, version: sql`${notificationChannels.version} + 1` })
    .where(and(eq(notificationChannels.id, id), eq(notificationChannels.version, expectedVersion)))
    .returning();
  return rows[0] ?? null;
}

/** Deletes a channel with its delivery log (the audit log keeps that it existed). */
export async function deleteChannelRow(db: Db, id: string): Promise<number> {
  const removed = await db
    .delete(deliveries)
    .where(eq(deliveries.channelId, id))
    .returning({ id: deliveries.id });
  await db.delete(notificationChannels).where(eq(notificationChannels.id, id));
  return removed.length;
}

export interface DeliveryFilter {
  status?: string[];
  order: "asc" | "desc";
  cursor?: string;
  limit: number;
}

/** A channel's delivery log, newest first by default, with the event's handoff and person. */
export async function listDeliveryRows(db: Db, channelId: string, filter: DeliveryFilter) {
  const page = keyset(
    { expr: sql`${deliveries.createdAt}`, type: "timestamptz" },
    deliveries.id,
    filter.order,
    filter.cursor,
  );
  const rows = await db
    .select({
      delivery: deliveries,
      handoffId: relayEvents.handoffId,
      personName: sql<string | null>`${relayEvents.payload} -> 'person' ->> 'name'`,
      sortKey: page.sortKey,
    })
    .from(deliveries)
    .innerJoin(relayEvents, eq(relayEvents.id, deliveries.eventId))
    .where(
      and(
        eq(deliveries.channelId, channelId),
        filter.status ? inArray(deliveries.status, filter.status) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  return toPage(
    rows.map((r) => ({ ...r, id: r.delivery.id })),
    filter.limit,
  );
}

/** Deliveries per status for each channel (the settings list shows them). */
export async function countDeliveriesByChannel(
  db: Db,
): Promise<Map<string, Record<"pending" | "delivered" | "failed", number>>> {
  const rows = await db
    .select({
      channelId: deliveries.channelId,
      pending: sql<number>`count(*) filter (where ${deliveries.status} in ('pending', 'sending'))::int`,
      delivered: sql<number>`count(*) filter (where ${deliveries.status} = 'delivered')::int`,
      failed: sql<number>`count(*) filter (where ${deliveries.status} = 'failed')::int`,
    })
    .from(deliveries)
    .groupBy(deliveries.channelId);
  return new Map(
    rows.map((r) => [r.channelId, { pending: r.pending, delivered: r.delivered, failed: r.failed }]),
  );
}
