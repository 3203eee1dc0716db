import { and, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { keyset, toPage } from "../db/pagination.ts";
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

export interface ActivityFilter {
  personId?: string;
  companyId?: string;
  campaignId?: string;
  type?: string[];
  createdBy?: string;
  from?: string;
  to?: string;
  order: "asc" | "desc";
  cursor?: string;
  limit: number;
}

/** Activities by person, company, campaign, type, who logged them and time, newest first, keyset-paged on occurred_at. */
export async function listActivityRows(db: Db, filter: ActivityFilter) {
  const page = keyset(
    { expr: sql`${activities.occurredAt}`, type: "timestamptz" },
    activities.id,
    filter.order,
    filter.cursor,
  );
  const conditions: (SQL | undefined)[] = [
    filter.personId ? eq(activities.personId, filter.personId) : undefined,
    filter.companyId ? eq(activities.companyId, filter.companyId) : undefined,
    filter.campaignId ? eq(activities.campaignId, filter.campaignId) : undefined,
    filter.type ? inArray(activities.type, filter.type) : undefined,
    filter.createdBy ? eq(activities.createdBy, filter.createdBy) : undefined,
    filter.from ? gte(activities.occurredAt, new Date(filter.from)) : undefined,
    filter.to ? lt(activities.occurredAt, new Date(filter.to)) : undefined,
    page.where,
  ];
  const rows = await db
    .select({ activity: activities, sortKey: page.sortKey })
    .from(activities)
    .where(and(...conditions))
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows: pageRows, nextCursor } = toPage(
    rows.map((r) => ({ ...r, id: r.activity.id })),
    filter.limit,
  );
  return { rows: pageRows.map((r) => r.activity), nextCursor };
}
