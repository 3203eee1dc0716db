import { sql } from "drizzle-orm";
import { integer, timestamp, uuid } from "drizzle-orm/pg-core";
import { v7 as uuidv7 } from "uuid";

/** A check that a text column holds one of the domain's values (the lists come from `@tasuki/domain`). */
export const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export const id = () => uuid("id").primaryKey().defaultRandom();
/**
 * For append-heavy tables (activities): ids from the app are UUIDv7, time-ordered, so new rows
 * go to the right edge of the primary key instead of a random leaf page each (at 12M activities
 * that random page is mostly not in shared buffers). Rows written in SQL keep the random default.
 */
export const timeOrderedId = () =>
  uuid("id")
    .primaryKey()
    .defaultRandom()
    .$defaultFn(() => uuidv7());
export const instant = (name: string) => timestamp(name, { withTimezone: true });
export const createdAt = () => instant("created_at").notNull().defaultNow();
export const updatedAt = () => instant("updated_at").notNull().defaultNow();
/** Optimistic concurrency: bumped by every update, checked against the version the caller read. */
export const version = () => integer("version").notNull().default(1);
