import { sql } from "drizzle-orm";
import { AppError } from "../http/app-error.ts";
import type { Deps } from "../http/types.ts";
import { type Db, isSingleConnection } from "./database.ts";

/** PostgreSQL's SQLSTATE for a statement cancelled by `statement_timeout` (or a cancel request). */
const QUERY_CANCELED = "57014";

const queryTimeout = (ms: number) =>
  new AppError("query_timeout", { seconds: Number((ms / 1000).toFixed(1)) });

function isQueryCanceled(error: unknown): boolean {
  // drizzle wraps driver errors; the SQLSTATE sits on the error or one of its causes.
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; cause?: unknown };
    if (candidate.code === QUERY_CANCELED) return true;
    current = candidate.cause;
  }
  return false;
}

/**
 * Runs user-triggered analytical work (impact previews, calibration, analytics, goal views) so
 * that it answers `query_timeout` (422) once a statement runs longer than `timeoutMs`.
 *
 * PostgreSQL: one transaction with `set local statement_timeout`, so the server cancels the
 * statement and the connection is free again at once. PGlite cannot interrupt a statement (one
 * WASM thread, no timer signals: `statement_timeout` is accepted and ignored), so the caller gets
 * `query_timeout` at the deadline while the statement runs to its end in the database worker,
 * and later queries wait behind it (docs/ARCHITECTURE.md, "Statement timeouts").
 * Background jobs (rescores, sweeps) never go through here.
 */
export async function withStatementTimeout<T>(
  db: Db,
  timeoutMs: number,
  work: (db: Db) => Promise<T>,
): Promise<T> {
  if (isSingleConnection(db)) return withDeadline(timeoutMs, work(db));
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('statement_timeout', ${String(Math.ceil(timeoutMs))}, true)`);
      return work(tx as unknown as Db);
    });
  } catch (error) {
    if (isQueryCanceled(error)) throw queryTimeout(timeoutMs);
    throw error;
  }
}

/** `withStatementTimeout` with the configured timeout, for a service given `deps`. */
export function withQueryTimeout<T>(deps: Deps, work: (deps: Deps) => Promise<T>): Promise<T> {
  return withStatementTimeout(deps.db, deps.config.queryTimeoutMs, (db) => work({ ...deps, db }));
}

function withDeadline<T>(timeoutMs: number, running: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(queryTimeout(timeoutMs)), timeoutMs);
    running.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        // After the deadline the caller has its answer; a late failure is dropped here.
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
