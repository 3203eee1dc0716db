import { and, asc, eq, gte, inArray, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { containsPattern, keyset, type SortSpec, searchKeyPattern, toPage } from "../db/pagination.ts";
import { companies, lostReasons, opportunities, people, users } from "../db/schema.ts";

export type OpportunityRow = typeof opportunities.$inferSelect;
export type LostReasonRow = typeof lostReasons.$inferSelect;

const opportunitySelection = {
  opportunity: opportunities,
  companyName: companies.name,
  personFamilyName: people.familyName,
  personGivenName: people.givenName,
  ownerFamilyName: users.familyName,
  ownerGivenName: users.givenName,
  ownerTeamId: users.teamId,
  lostReason: lostReasons,
};
export interface OpportunityView {
  opportunity: OpportunityRow;
  companyName: string | null;
  personFamilyName: string | null;
  personGivenName: string | null;
  ownerFamilyName: string | null;
  ownerGivenName: string | null;
  ownerTeamId: string | null;
  lostReason: LostReasonRow | null;
}

const SORTS: Record<string, SortSpec> = {
  createdAt: { expr: sql`${opportunities.createdAt}`, type: "timestamptz" },
  updatedAt: { expr: sql`${opportunities.updatedAt}`, type: "timestamptz" },
  amount: { expr: sql`${opportunities.amount}`, type: "bigint" },
  expectedCloseDate: {
    expr: sql`coalesce(${opportunities.expectedCloseDate}, '9999-12-31'::date)`,
    type: "date",
  },
  renewalOn: { expr: sql`coalesce(${opportunities.renewalOn}, '9999-12-31'::date)`, type: "date" },
};

export interface OpportunityFilter {
  q?: string;
  stage?: string[];
  status?: ("open" | "won" | "lost")[];
  ownerId?: string;
  companyId?: string;
  personId?: string;
  /** Expected close date range, JST dates inclusive (YYYY-MM-DD). */
  expectedCloseFrom?: string;
  expectedCloseTo?: string;
  /** 契約更新日 range, JST dates inclusive (YYYY-MM-DD). */
  renewalFrom?: string;
  renewalTo?: string;
  sort: string;
  order: "asc" | "desc";
  cursor?: string;
  limit: number;
}

function selectOpportunities(db: Db, extra: Record<string, SQL> = {}) {
  return db
    .select({ ...opportunitySelection, ...extra })
    .from(opportunities)
    .innerJoin(companies, eq(companies.id, opportunities.companyId))
    .leftJoin(people, eq(people.id, opportunities.personId))
    .leftJoin(users, eq(users.id, opportunities.ownerId))
    .leftJoin(lostReasons, eq(lostReasons.id, opportunities.lostReasonId));
}

function statusCondition(status: ("open" | "won" | "lost")[]): SQL | undefined {
  const parts = status.map((s) =>
    s === "open" ? isNull(opportunities.outcome) : eq(opportunities.outcome, s),
  );
  return or(...parts);
}

/** An inclusive range of JST dates on a date column; deals without a date are left out when either end is given. */
function dateRange(
  column: typeof opportunities.expectedCloseDate | typeof opportunities.renewalOn,
  from?: string,
  to?: string,
) {
  return [from ? gte(column, from) : undefined, to ? lte(column, to) : undefined];
}

export async function listOpportunityRows(db: Db, filter: OpportunityFilter) {
  const page = keyset(SORTS[filter.sort]!, opportunities.id, filter.order, filter.cursor);
  const pattern = filter.q ? containsPattern(filter.q) : null;
  const companyPattern = filter.q ? (searchKeyPattern(filter.q) ?? pattern) : null;
  const conditions: (SQL | undefined)[] = [
    pattern
      ? sql`(lower(${opportunities.name}) like ${pattern} or ${companies.searchText} like ${companyPattern})`
      : undefined,
    filter.stage ? inArray(opportunities.stage, filter.stage) : undefined,
    filter.status ? statusCondition(filter.status) : undefined,
    filter.ownerId ? eq(opportunities.ownerId, filter.ownerId) : undefined,
    filter.companyId ? eq(opportunities.companyId, filter.companyId) : undefined,
    filter.personId ? eq(opportunities.personId, filter.personId) : undefined,
    ...dateRange(opportunities.expectedCloseDate, filter.expectedCloseFrom, filter.expectedCloseTo),
    ...dateRange(opportunities.renewalOn, filter.renewalFrom, filter.renewalTo),
    page.where,
  ];
  const rows = await selectOpportunities(db, { sortKey: page.sortKey })
    .where(and(...conditions))
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows: pageRows, nextCursor } = toPage(
    rows.map((r) => ({ ...(r as OpportunityView & { sortKey: string }), id: r.opportunity.id })),
    filter.limit,
  );
  return { rows: pageRows as OpportunityView[], nextCursor };
}

export async function findOpportunityView(db: Db, id: string): Promise<OpportunityView | null> {
  const rows = await selectOpportunities(db).where(eq(opportunities.id, id)).limit(1);
  return (rows[0] as OpportunityView | undefined) ?? null;
}

export async function findOpportunity(db: Db, id: string, forUpdate = false): Promise<OpportunityRow | null> {
  const query = db.select().from(opportunities).where(eq(opportunities.id, id)).limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

export async function insertOpportunity(
  db: Db,
  values: typeof opportunities.$inferInsert,
): Promise<OpportunityRow> {
  const rows = await db.insert(opportunities).values(values).returning();
  return rows[0]!;
}

export async function updateOpportunityRow(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<typeof opportunities.$inferInsert>,
): Promise<OpportunityRow | null> {
  const rows = await db
    .update(opportunities)
    .set({ ...values, version: sql`${opportunities.version} + 1` })
    .where(and(eq(opportunities.id, id), eq(opportunities.version, expectedVersion)))
    .returning();
  return rows[0] ?? null;
}

export async function listLostReasonRows(db: Db, includeInactive: boolean): Promise<LostReasonRow[]> {
  const query = db.select().from(lostReasons);
  const rows = includeInactive
    ? await query.orderBy(asc(lostReasons.sortOrder))
    : await query.where(eq(lostReasons.active, true)).orderBy(asc(lostReasons.sortOrder));
  return rows;
}

export async function findActiveLostReason(db: Db, id: string): Promise<LostReasonRow | null> {
  const rows = await db
    .select()
    .from(lostReasons)
    .where(and(eq(lostReasons.id, id), eq(lostReasons.active, true)))
    .limit(1);
  return rows[0] ?? null;
}

export async function findOwnerTeam(db: Db, ownerId: string | null): Promise<string | null> {
  if (!ownerId) return null;
  const rows = await db.select({ teamId: users.teamId }).from(users).where(eq(users.id, ownerId)).limit(1);
  return rows[0]?.teamId ?? null;
}
