import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../http/app-error.ts";
import { createTestApp, type TestApp } from "../test/test-app.ts";
import { isSingleConnection, queryRows } from "./database.ts";
import { withStatementTimeout } from "./statement-timeout.ts";

// Issue 18, finding 5: a long analytical statement stalled the server (on PGlite even
// /api/health) and ran unbounded. A statement that takes seconds on either database (PGlite
// is some ten times slower; 10 million rows there take about two seconds, well past the three
// health checks below even on an idle machine):
const long = (single: boolean) =>
  sql`select count(*)::int as n from generate_series(1, ${single ? 10_000_000 : 40_000_000}::int) g`;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe("withStatementTimeout", () => {
  it("answers query_timeout at the deadline instead of running on", async () => {
    const db = t.testDatabase.database.db;
    const started = Date.now();
    const error = await withStatementTimeout(db, 200, (tx) =>
      queryRows(tx, long(isSingleConnection(db))),
    ).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    // PGlite cannot interrupt it: it runs on in the worker and the next statement waits for it.
    await queryRows(db, sql`select 1`);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("query_timeout");
    expect((error as AppError).params).toEqual({ seconds: 0.2 });
    expect(elapsed).toBeLessThan(1500);
  });

  it("returns the work's result within the deadline, and the limit does not outlive it", async () => {
    const db = t.testDatabase.database.db;
    const rows = await withStatementTimeout(db, 5000, (tx) =>
      queryRows<{ n: number }>(tx, sql`select 1 as n`),
    );
    expect(rows).toEqual([{ n: 1 }]);
    if (!isSingleConnection(db)) {
      // set local: pooled connections (background jobs) keep no timeout.
      for (let i = 0; i < 12; i++) {
        const [setting] = await queryRows<{ statement_timeout: string }>(db, sql`show statement_timeout`);
        expect(setting?.statement_timeout).toBe("0");
      }
    }
  });

  it("keeps /api/health answering within a second while a long statement runs", async () => {
    const db = t.testDatabase.database.db;
    let finishedAt = 0;
    const running = queryRows(db, long(isSingleConnection(db))).then(() => {
      finishedAt = Date.now();
    });
    let answeredAt = 0;
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      const health = await t.app.inject({ method: "GET", url: "/api/health" });
      expect(health.statusCode).toBe(200);
      answeredAt = Date.now();
      expect(answeredAt - started).toBeLessThan(1000);
    }
    await running;
    // The statement was still running when the last health check answered.
    expect(finishedAt).toBeGreaterThan(answeredAt);
  });
});
