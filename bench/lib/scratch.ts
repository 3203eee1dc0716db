import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "@tasuki/server/tooling";
import pg from "pg";

export type Backend = "postgres" | "pglite";

/** A database that exists for one benchmark run and is removed afterwards. */
export interface Scratch {
  backend: Backend;
  database: Config["database"];
  /** Environment for a server process on this database. */
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

export const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The default name carries the process id, so two runs at once (tests, a bench) never share a database. */
export async function createScratch(
  backend: Backend,
  name = `tasuki_bench_${process.pid}`,
): Promise<Scratch> {
  const { DATABASE_URL: _url, TASUKI_DATA_DIR: _dir, ...inherited } = process.env;
  if (backend === "postgres") {
    await admin(`drop database if exists ${name} with (force)`);
    await admin(`create database ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    return {
      backend,
      database: { kind: "postgres", url: url.toString() },
      env: { ...inherited, DATABASE_URL: url.toString() },
      drop: () => admin(`drop database if exists ${name} with (force)`),
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), `${name}-`));
  return {
    backend,
    database: { kind: "pglite", dataDir },
    env: { ...inherited, TASUKI_DATA_DIR: dataDir },
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
