import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { AppError } from "../http/app-error.ts";

export type SortType = "text" | "timestamptz" | "bigint" | "date";

export interface SortSpec {
  /** The sort key; must never be null (coalesce it), so row comparison works. */
  expr: SQL;
  type: SortType;
}

export interface Keyset {
  where: SQL | undefined;
  orderBy: SQL[];
  /** Select this as `sortKey` so the page's last row can become the next cursor. */
  sortKey: SQL<string>;
}

/**
 * Keyset (cursor) pagination on (sort key, id): stable under inserts and as fast on page 1,000
 * as on page 1, which offset paging is not.
 */
export function keyset(
  spec: SortSpec,
  idColumn: AnyPgColumn,
  order: "asc" | "desc",
  cursor: string | undefined,
): Keyset {
  const direction = order === "asc" ? sql`asc` : sql`desc`;
  const orderBy = [sql`${spec.expr} ${direction}`, sql`${idColumn} ${direction}`];
  const sortKey = sql<string>`(${spec.expr})::text`;
  if (!cursor) return { where: undefined, orderBy, sortKey };
  const [value, id] = decodeCursor(cursor);
  const cast = sql.raw(spec.type);
  const where =
    order === "asc"
      ? sql`(${spec.expr}, ${idColumn}) > (${value}::${cast}, ${id}::uuid)`
      : sql`(${spec.expr}, ${idColumn}) < (${value}::${cast}, ${id}::uuid)`;
  return { where, orderBy, sortKey };
}

export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString("base64url");
}

/** Decodes a cursor made by encodeCursor, or fails with a validation error on query.cursor. */
export function decodeTimelineCursor(cursor: string): [string, string] {
  return decodeCursor(cursor);
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === "string" &&
      typeof parsed[1] === "string" &&
      /^[0-9a-f-]{36}$/i.test(parsed[1])
    ) {
      return [parsed[0], parsed[1]];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError("validation_failed", {}, [
    {
      path: "query.cursor",
      message:
        "cursor が不正です。前のページの nextCursor をそのまま渡してください / invalid cursor: pass nextCursor from the previous page unchanged",
    },
  ]);
}

/** Splits a fetched `limit + 1` rows into the page and the next cursor. */
export function toPage<T extends { id: string; sortKey: string }>(
  rows: T[],
  limit: number,
): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  const last = page[page.length - 1]!;
  return { rows: page, nextCursor: encodeCursor(last.sortKey, last.id) };
}

/** ILIKE pattern for a user's search text, with %, _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
