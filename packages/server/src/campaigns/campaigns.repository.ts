import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { containsPattern, keyset, type SortSpec, toPage } from "../db/pagination.ts";
import { campaigns, users } from "../db/schema.ts";

export type CampaignRow = typeof campaigns.$inferSelect;
export interface CampaignView {
  campaign: CampaignRow;
  creatorFamilyName: string | null;
  creatorGivenName: string | null;
}

const SORTS: Record<string, SortSpec> = {
  createdAt: { expr: sql`${campaigns.createdAt}`, type: "timestamptz" },
  startsOn: { expr: sql`${campaigns.startsOn}`, type: "date" },
  name: { expr: sql`${campaigns.name}`, type: "text" },
};

export interface CampaignFilter {
  q?: string;
  type?: string[];
  sort: string;
  order: "asc" | "desc";
  cursor?: string;
  limit: number;
}

function selectCampaigns(db: Db, extra: Record<string, SQL> = {}) {
  return db
    .select({
      campaign: campaigns,
      creatorFamilyName: users.familyName,
      creatorGivenName: users.givenName,
      ...extra,
    })
    .from(campaigns)
    .leftJoin(users, eq(users.id, campaigns.createdBy));
}

export async function listCampaignRows(db: Db, filter: CampaignFilter) {
  const page = keyset(SORTS[filter.sort]!, campaigns.id, filter.order, filter.cursor);
  const rows = await selectCampaigns(db, { sortKey: page.sortKey })
    .where(
      and(
        filter.q ? sql`lower(${campaigns.name}) like ${containsPattern(filter.q)}` : undefined,
        filter.type ? inArray(campaigns.type, filter.type) : undefined,
        page.where,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows: pageRows, nextCursor } = toPage(
    rows.map((r) => ({ ...(r as CampaignView & { sortKey: string }), id: r.campaign.id })),
    filter.limit,
  );
  return { rows: pageRows as CampaignView[], nextCursor };
}

export async function findCampaignView(db: Db, id: string): Promise<CampaignView | null> {
  const rows = await selectCampaigns(db).where(eq(campaigns.id, id)).limit(1);
  return (rows[0] as CampaignView | undefined) ?? null;
}

export async function insertCampaign(db: Db, values: typeof campaigns.$inferInsert): Promise<CampaignRow> {
  const rows = await db.insert(campaigns).values(values).returning();
  return rows[0]!;
}
