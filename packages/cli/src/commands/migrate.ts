import { readFileSync } from "node:fs";
import { type Database, MIGRATIONS_JOURNAL, queryRows } from "@tasuki/server/tooling";
import type { Command } from "commander";
import { sql } from "drizzle-orm";
import { type CliIo, describeDatabase, print, withDatabase } from "../context.ts";

export function registerMigrate(program: Command, io: CliIo): void {
  program
    .command("migrate")
    .description("データベースのマイグレーションを実行します / Run pending database migrations")
    .action(async () => {
      await withDatabase(io, async ({ config, database }) => {
        const before = await appliedMigrations(database);
        await database.migrate();
        const after = await appliedMigrations(database);
        const names = migrationNames();
        const added = after.filter((m) => !before.includes(m)).map((m) => names.get(m) ?? `#${m}`);
        print(io.stdout, `データベース / database: ${describeDatabase(config)}`);
        if (added.length === 0) {
          print(
            io.stdout,
            `マイグレーションは最新です（適用済み ${after.length} 件）。`,
            `The database is up to date (${after.length} migrations applied).`,
          );
        } else {
          print(
            io.stdout,
            `${added.length} 件のマイグレーションを適用しました（合計 ${after.length} 件）:`,
            `Applied ${added.length} migration(s) (${after.length} in total):`,
            ...added.map((name) => `  - ${name}`),
          );
        }
      });
    });
}

/** The creation stamps drizzle records per applied migration (empty before the first run). */
async function appliedMigrations(database: Database): Promise<string[]> {
  const [exists] = await queryRows<{ present: boolean }>(
    database.db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists?.present) return [];
  const rows = await queryRows<{ created_at: string }>(
    database.db,
    sql`select created_at::text as created_at from drizzle.__drizzle_migrations order by created_at`,
  );
  return rows.map((r) => r.created_at);
}

/** Migration names by their journal stamp, to say which ones ran. */
function migrationNames(): Map<string, string> {
  try {
    const journal = JSON.parse(readFileSync(MIGRATIONS_JOURNAL, "utf8")) as {
      entries: { when: number; tag: string }[];
    };
    return new Map(journal.entries.map((e) => [String(e.when), e.tag]));
  } catch {
    return new Map();
  }
}
