import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, type ErrorBody, makePerson, type TestApp } from "../test/test-app.ts";

// Issue 18, finding 5, through HTTP: an impact preview's statement past TASUKI_QUERY_TIMEOUT_SECONDS
// answers query_timeout. The statement is kept waiting by a lock another transaction holds (a
// statement timeout cancels lock waits too), which needs a second connection: PostgreSQL only.
// PGlite's deadline is tested in db/statement-timeout.test.ts.
const onPostgres = process.env.TASUKI_TEST_DB === "postgres";

let t: TestApp;
let impactUrl: string;
beforeAll(async () => {
  t = await createTestApp({ env: { TASUKI_QUERY_TIMEOUT_SECONDS: "0.3" } });
  await makePerson(t);
  const d = await call<{ id: string }>(t, "marketing", "POST", "/api/v1/definitions", {
    key: "impact_timeout",
    nameJa: "重い定義",
    nameEn: "Expensive",
    description: "重い定義",
    marketingOwnerId: t.users.marketing.id,
    salesOwnerId: t.users.inside_sales.id,
    expression: "company.employees >= 50",
  });
  if (d.status !== 201) throw new Error(JSON.stringify(d.body));
  const proposed = await call<{ open: { id: string } }>(
    t,
    "marketing",
    "POST",
    `/api/v1/definitions/${d.body.id}/versions`,
    {
      expression: "last('問い合わせ') <= 7 && count('資料請求', days(3650)) >= 0",
      changeNote: "問い合わせを条件に加える",
    },
  );
  if (proposed.status !== 201) throw new Error(JSON.stringify(proposed.body));
  impactUrl = `/api/v1/definitions/${d.body.id}/versions/${proposed.body.open.id}/impact?from=2000-01-01&to=2050-01-01`;
});
afterAll(async () => t?.close());

describe("impact preview under the statement timeout", () => {
  it.skipIf(!onPostgres)(
    "answers query_timeout (422, ja and en) when its statement runs too long",
    async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked: () => void = () => undefined;
      const lockTaken = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = t.testDatabase.database.db.transaction(async (tx) => {
        await tx.execute(sql`lock table people in access exclusive mode`);
        locked();
        await gate;
      });
      await lockTaken;
      try {
        const started = Date.now();
        const ja = await call<ErrorBody>(t, "manager", "GET", impactUrl);
        expect(Date.now() - started).toBeLessThan(3000);
        expect(ja.status, JSON.stringify(ja.body)).toBe(422);
        expect(ja.body.error.code).toBe("query_timeout");
        expect(ja.body.error.message).toContain("期間を短く");
        const en = await call<ErrorBody>(t, "manager", "GET", impactUrl, undefined, {
          "accept-language": "en",
        });
        expect(en.body.error.message).toContain("Narrow the period");
        const health = await t.app.inject({ method: "GET", url: "/api/health" });
        expect(health.statusCode).toBe(200);
      } finally {
        release();
        await holder;
      }
      const after = await call(t, "manager", "GET", impactUrl);
      expect(after.status).toBe(200);
    },
  );
});
