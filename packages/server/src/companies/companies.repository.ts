import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { keyset, type SortSpec, searchKeyPattern, toPage } from "../db/pagination.ts";
import { companies, opportunities, people, users } from "../db/schema.ts";

export type CompanyRow = typeof companies.$inferSelect;

const owner = users;

/** A company with what its response shows: owner name and live counts. */
const companySelection = {
  company: companies,
  ownerFamilyName: owner.familyName,
  ownerGivenName: owner.givenName,
  peopleCount: sql<number>`(select count(*)::int from ${people} where ${people.companyId} = ${companies.id})`,
  openOpportunityCount: sql<number>`(select count(*)::int from ${opportunities} where ${opportunities.companyId} = ${companies.id} and ${opportunities.outcome} is null)`,
};
export type CompanyView = {
  company: CompanyRow;
  ownerFamilyName: string | null;
  ownerGivenName: string | null;
  peopleCount: number;
  openOpportunityCount: number;
};

const SORTS: Record<string, SortSpec> = {
  createdAt: { expr: sql`${companies.createdAt}`, type: "timestamptz" },
  updatedAt: { expr: sql`${companies.updatedAt}`, type: "timestamptz" },
  name: { expr: sql`${companies.name}`, type: "text" },
  kana: { expr: sql`coalesce(${companies.nameKana}, '')`, type: "text" },
};

export interface CompanyFilter {
  q?: string;
  industry?: string[];
  employeeBand?: string[];
  prefecture?: string[];
  ownerId?: string;
  sort: string;
  order: "asc" | "desc";
  cursor?: string;
  limit: number;
}

export async function listCompanyRows(db: Db, filter: CompanyFilter) {
  const page = keyset(SORTS[filter.sort]!, companies.id, filter.order, filter.cursor);
  const searchPattern = filter.q ? searchKeyPattern(filter.q) : null;
  const conditions: (SQL | undefined)[] = [
    searchPattern ? sql`${companies.searchText} like ${searchPattern}` : undefined,
    filter.industry ? inArray(companies.industry, filter.industry) : undefined,
    filter.employeeBand ? inArray(companies.employeeBand, filter.employeeBand) : undefined,
    filter.prefecture ? inArray(companies.prefecture, filter.prefecture) : undefined,
    filter.ownerId ? eq(companies.ownerId, filter.ownerId) : undefined,
    page.where,
  ];
  const rows = await db
    .select({ ...companySelection, sortKey: page.sortKey })
    .from(companies)
    .leftJoin(owner, eq(owner.id, companies.ownerId))
    .where(and(...conditions))
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows: pageRows, nextCursor } = toPage(
    rows.map((r) => ({ ...r, id: r.company.id })),
    filter.limit,
  );
  return { rows: pageRows as CompanyView[], nextCursor };
}

export async function findCompanyView(db: Db, id: string): Promise<CompanyView | null> {
  const rows = await db
    .select(companySelection)
    .from(companies)
    .leftJoin(owner, eq(owner.id, companies.ownerId))
    .where(eq(companies.id, id))
    .limit(1);
  return rows[0] ?? null;
}

export async function findCompany(db: Db, id: string, forUpdate = false): Promise<CompanyRow | null> {
  const query = db.select().from(companies).where(eq(companies.id, id)).limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

export async function insertCompany(db: Db, values: typeof companies.$inferInsert): Promise<CompanyRow> {
  const rows = await db.insert(companies).values(values).returning();
  return rows[0]!;
}

/** Updates only when the stored version is the one the caller read; returns null otherwise. */
export async function updateCompanyRow(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<typeof companies.$inferInsert>,
): Promise<CompanyRow | null> {
  const rows = await db
    .update(companies)
    .set({ ...values, version: sql`${companies.version} + 1` })
    .where(and(eq(companies.id, id), eq(companies.version, expectedVersion)))
    .returning();
  return rows[0] ?? null;
}
