import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDatabase, type Database } from "../db/database.ts";

export interface TestDatabase {
  database: Database;
  drop(): Promise<void>;
}

/** The PostgreSQL server tests use: DATABASE_URL, else the local server. */
export function postgresAdminUrl(): string {
  return process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
}

/**
 * A fresh, migrated database of the kind TASUKI_TEST_DB names (pglite in memory by default,
 * or a new database on the PostgreSQL server), dropped again by `drop()`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.TASUKI_TEST_DB !== "postgres") {
    const database = await createDatabase({ kind: "pglite", dataDir: null });
    await database.migrate();
    return { database, drop: () => database.close() };
  }
  const adminUrl = postgresAdminUrl();
  const name = `tasuki_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL tests need a server at ${adminUrl} (set DATABASE_URL, or start the local one): ${(error as Error).message}`,
    );
  }
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await createDatabase({ kind: "postgres", url: url.toString() });
  await database.migrate();
  return {
    database,
    async drop() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
