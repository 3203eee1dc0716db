import { searchQuery } from "@tasuki/domain";
import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { AppError } from "../http/app-error.ts";
import { textProblem } from "../http/input-guard.ts";

/**
 * How a cursor's sort key is cast and checked: `score` is a stored score (an integer; -1 marks
 * "not scored yet" in the people list), compared as an integer.
 */
export type SortType = "text" | "timestamptz" | "bigint" | "date" | "score";

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
  const [value, id] = decodeCursor(cursor, spec.type);
  const cast = sql.raw(spec.type === "score" ? "integer" : spec.type);
  const where =
    order === "asc"
      ? sql`(${spec.expr}, ${idColumn}) > (${value}::${cast}, ${id}::uuid)`
      : sql`(${spec.expr}, ${idColumn}) < (${value}::${cast}, ${id}::uuid)`;
  return { where, orderBy, sortKey };
}

export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString("base64url");
}

/**
 * Decodes a cursor made by encodeCursor, checking its sort key against the sort's type before it
 * reaches SQL, or fails with `invalid_cursor` on query.cursor: a cursor is opaque, and one a
 * client edited must not reach a cast that the database refuses.
 */
export function decodeCursor(cursor: string, type: SortType): [string, string] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[0] === "string" &&
    typeof parsed[1] === "string" &&
    UUID.test(parsed[1]) &&
    SORT_KEY_CHECKS[type](parsed[0])
  ) {
    return [parsed[0], parsed[1]];
  }
  throw invalidCursor();
}

const invalidCursor = () =>
  new AppError("invalid_cursor", {}, [
    {
      path: "query.cursor",
      message:
        "cursor が不正です。前のページの nextCursor をそのまま渡してください / invalid cursor: pass nextCursor from the previous page unchanged",
    },
  ]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** `timestamptz::text` (DateStyle ISO): `2026-09-30 05:05:00.123+00`, offsets like `+05:30`. */
const TIMESTAMPTZ =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2})(?::?([0-5]\d)(?::?[0-5]\d)?)?)$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const SORT_KEY_CHECKS: Record<SortType, (key: string) => boolean> = {
  text: (key) => textProblem(key) === null,
  bigint: (key) => /^-?\d{1,18}$/.test(key),
  score: (key) => /^-?\d{1,9}$/.test(key),
  date: (key) => {
    const m = DATE.exec(key);
    return !!m && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
  },
  timestamptz: (key) => {
    const m = TIMESTAMPTZ.exec(key);
    return (
      !!m &&
      isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) &&
      Number(m[4]) <= 23 &&
      Number(m[5]) <= 59 &&
      Number(m[6]) <= 59 &&
      Number(m[7] ?? 0) <= 15
    );
  },
};

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

/**
 * LIKE pattern for a search over a `search_text` key (people, companies): the query folded as
 * the key is (`searchQuery`: kana, width, case and romaji), so さとう, ｻﾄｳ and sato find サトウ.
 * Null when the query has nothing to look for (only spaces).
 */
export function searchKeyPattern(text: string): string | null {
  const query = searchQuery(text);
  return query ? containsPattern(query) : null;
}
