import type { Deps } from "@tasuki/server/tooling";
import { type Config, createDatabase, type Database, loadConfig } from "@tasuki/server/tooling";
import { sql } from "drizzle-orm";
import { CliError, describe, EXIT, isDatabaseUnreachable } from "./errors.ts";

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
}

/** Writes a line (or several) to a stream. */
export function print(stream: NodeJS.WritableStream, ...lines: string[]): void {
  stream.write(`${lines.join("\n")}\n`);
}

/** Where the data lives, for messages; a password in the URL is never shown. */
export function describeDatabase(config: Config): string {
  if (config.database.kind === "pglite") return `PGlite (${config.database.dataDir ?? "in memory"})`;
  const url = new URL(config.database.url);
  if (url.password) url.password = "***";
  return `PostgreSQL (${url.toString()})`;
}

export interface OpenDatabase {
  config: Config;
  database: Database;
  deps: Deps;
}

/**
 * Reads the configuration (only through loadConfig), opens the database and checks it answers.
 * Failing to open or reach it is exit code 6, whatever the driver's error looks like.
 */
export async function openDatabase(io: CliIo): Promise<OpenDatabase> {
  const config = loadConfig(io.env);
  let database: Database;
  try {
    database = await createDatabase(config.database);
  } catch (error) {
    throw unreachable(config, error);
  }
  try {
    await database.db.execute(sql`select 1`);
  } catch (error) {
    await database.close().catch(() => undefined);
    throw unreachable(config, error);
  }
  return { config, database, deps: { db: database.db, clock: { now: () => new Date() }, config } };
}

function unreachable(config: Config, error: unknown): CliError {
  const reason = describe(error);
  const where = describeDatabase(config);
  const hint = isDatabaseUnreachable(error)
    ? ""
    : config.database.kind === "pglite"
      ? "（データフォルダを開けません / cannot open the data folder）"
      : "";
  return new CliError(
    EXIT.databaseUnreachable,
    `データベースに接続できません: ${where}${hint}。DATABASE_URL または TASUKI_DATA_DIR を確認してください。（${reason}）`,
    `Cannot reach the database: ${where}. Check DATABASE_URL or TASUKI_DATA_DIR. (${reason})`,
  );
}

/** Runs work with an open database and always closes it. */
export async function withDatabase<T>(io: CliIo, work: (open: OpenDatabase) => Promise<T>): Promise<T> {
  const open = await openDatabase(io);
  try {
    return await work(open);
  } finally {
    await open.database.close().catch(() => undefined);
  }
}
