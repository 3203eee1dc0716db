import { inArray } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { activities, campaigns } from "../db/schema.ts";

export type ActivityRow = typeof activities.$inferSelect;

export async function insertActivities(
  db: Db,
  values: (typeof activities.$inferInsert)[],
): Promise<ActivityRow[]> {
  if (values.length === 0) return [];
  return db.insert(activities).values(values).returning();
}

export async function findActivitiesByIds(db: Db, ids: string[]): Promise<ActivityRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(activities).where(inArray(activities.id, ids));
}

export async function findExistingCampaignIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: campaigns.id }).from(campaigns).where(inArray(campaigns.id, ids));
  return new Set(rows.map((r) => r.id));
}
