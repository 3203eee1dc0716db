import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import type { sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgDialect, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Config } from "../config.ts";
import { PgliteWorkerClient } from "./pglite-client.ts";
import * as schema from "./schema.ts";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));
/** drizzle-kit's list of migrations (names and creation stamps), for `tasuki migrate`'s report. */
export const MIGRATIONS_JOURNAL = new URL("./migrations/meta/_journal.json", import.meta.url);

/** The one handle the rest of the server uses; which backend is behind it is hidden here. */
export interface Database {
  kind: "pglite" | "postgres";
  db: Db;
  /** Runs pending forward-only migrations; safe to call from many instances at once. */
  migrate(): Promise<void>;
  /** Bulk-loads rows with COPY (the fastest path on both backends). Values must be plain text-able. */
  copyRows(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number>;
  /**
   * Whether the database is up, for the health check. PostgreSQL answers `select 1`; PGlite's
   * worker is asked nothing (a long statement there would hold the answer up): it is up while its
   * thread runs.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** PGlite in a data folder (or in memory when dataDir is null), or a PostgreSQL pool. */
export async function createDatabase(database: Config["database"]): Promise<Database> {
  if (database.kind === "postgres") return createPostgres(database.url);
  return createPglite(database.dataDir);
}

/**
 * PGlite runs in a worker thread (`PgliteWorkerClient`): its statements run synchronously in
 * WebAssembly, and on the HTTP thread a ten-second statement stopped every request for ten seconds.
 */
async function createPglite(dataDir: string | null): Promise<Database> {
  const client = await PgliteWorkerClient.create(dataDir);
  const db = drizzlePglite(client as unknown as PGlite, { schema }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER }),
    async copyRows(table, columns, rows) {
      const { text, count } = toCopyText(rows);
      if (count === 0) return 0;
      await client.copyFromText(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob'`, text);
      return count;
    },
    async ping() {
      if (!client.alive) throw new Error("The PGlite worker is not running");
    },
    close: () => client.close(),
  };
}

async function createPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server (restart, failover, a forced drop in tests) must not
  // crash the process: the pool discards it and the next query opens a new one.
  pool.on("error", () => undefined);
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  return {
    kind: "postgres",
    db,
    async migrate() {
      // Many app instances may start together; one migrates while the others wait.
      const client = await pool.connect();
      try {
        await client.query("select pg_advisory_lock(7261001)");
        await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query("select pg_advisory_unlock(7261001)").catch(() => undefined);
        client.release();
      }
    },
    async copyRows(table, columns, rows) {
      const { text, count } = toCopyText(rows);
      if (count === 0) return 0;
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
        await new Promise<void>((resolve, reject) => {
          stream.on("finish", resolve);
          stream.on("error", reject);
          stream.end(text);
        });
      } finally {
        client.release();
      }
      return count;
    },
    async ping() {
      await pool.query("select 1");
    },
    close: () => pool.end(),
  };
}

/** COPY text format: tab-separated, \N for null, backslash escapes. */
function toCopyText(rows: Iterable<readonly unknown[]>): { text: string; count: number } {
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(copyValue).join("\t"));
  return { text: lines.length ? `${lines.join("\n")}\n` : "", count: lines.length };
}

function copyValue(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (Array.isArray(value)) text = `{${value.map((v) => JSON.stringify(String(v))).join(",")}}`;
  else if (typeof value === "object") text = JSON.stringify(value);
  else text = String(value);
  return text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/**
 * An array bound as one value, the literal `{"a","b"}` (quotes and backslashes escaped): drizzle
 * would spread a JS array into a list of parameters. Cast it in the SQL: `any(${arrayLiteral(ids)}::uuid[])`.
 */
export function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

/**
 * Whether all of `db`'s work goes through one connection (PGlite): a transaction there holds it,
 * so work that waits inside a transaction for other transactions would wait forever.
 */
export function isSingleConnection(db: Db): boolean {
  return (db as unknown as { $client?: unknown }).$client instanceof PgliteWorkerClient;
}

/**
 * Runs `work` for each item in order of start, at most `concurrency` at a time (each on its own
 * pooled connection when it opens a transaction); one at a time on PGlite's single connection.
 */
export async function forEachConcurrently<T>(
  db: Db,
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const workers = isSingleConnection(db) ? 1 : Math.max(1, Math.min(concurrency, items.length));
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

/** Rows of a raw query on either backend. */
export async function queryRows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Rows of a raw query that runs often with the same text (only its bound values differ), as a
 * named prepared statement on PostgreSQL: each connection parses it once, and after a few runs
 * the server keeps a generic plan instead of planning the statement again each time (for a
 * compiled scoring statement, planning was a tenth of a 1,000-person batch and most of a single
 * write). The name is a hash of the text, so another text (another model) is another statement.
 * PGlite runs it as `queryRows` does.
 */
export async function queryRowsPrepared<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const built = (db as unknown as { dialect: PgDialect }).dialect.sqlToQuery(query);
  const name = `tasuki_${createHash("sha256").update(built.sql).digest("hex").slice(0, 40)}`;
  const result = await db._.session.prepareQuery(built, undefined, name, false).execute();
  return (result as unknown as { rows: T[] }).rows;
}
