import { and, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { keyset, toPage } from "../db/pagination.ts";
import { deliveries, notificationChannels, notifications, relayEvents } from "../db/schema.ts";

export type RelayEventRow = typeof relayEvents.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationChannelRow = typeof notificationChannels.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;

/** Inserts the event unless its key exists; null means it was emitted before. */
export async function insertRelayEventOnce(
  db: Db,
  values: typeof relayEvents.$inferInsert,
): Promise<RelayEventRow | null> {
  const rows = await db.insert(relayEvents).values(values).onConflictDoNothing().returning();
  return rows[0] ?? null;
}

export async function findRelayEvent(db: Db, id: string): Promise<RelayEventRow | null> {
  const rows = await db.select().from(relayEvents).where(eq(relayEvents.id, id)).limit(1);
  return rows[0] ?? null;
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
