import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { registerJobHandler, waitForAllJobs, waitForJob } from "../jobs/jobs.service.ts";
import { startNightlyRescore } from "../jobs/nightly.ts";
import { call, createTestApp, type TestApp } from "../test/test-app.ts";
import { RESCORE_TEST_MODEL } from "./scoring.fixtures.ts";

/**
 * Issue 18, finding 6: ten `rescoreAll` calls started ten concurrent full rescores. While one is
 * queued or running, every request answers with that job.
 */
let t: TestApp;
// The full rescore is held open until the test lets it finish, so "while one runs" is certain.
const waiting: (() => void)[] = [];
let started = 0;
/** Lets the held jobs finish once `count` have started (a job starts after its claim commits). */
async function finishJobs(count: number) {
  await expect.poll(() => started).toBe(count);
  for (const resolve of waiting.splice(0)) resolve();
}
beforeAll(async () => {
  t = await createTestApp();
  // A model in force, so the nightly rescore would start if nothing else ran.
  const proposed = await call<{ open: { id: string } }>(
    t,
    "marketing",
    "POST",
    "/api/v1/scoring/model/versions",
    {
      config: RESCORE_TEST_MODEL,
      changeNote: "test",
    },
  );
  const versionId = proposed.body.open.id;
  await call(t, "marketing", "POST", `/api/v1/scoring/model/versions/${versionId}/approve`, {});
  const approved = await call<{ rescore: { id: string } | null }>(
    t,
    "field_sales",
    "POST",
    `/api/v1/scoring/model/versions/${versionId}/approve`,
    {},
  );
  if (!approved.body.rescore) throw new Error(`no model: ${JSON.stringify(approved.body)}`);
  await waitForJob(approved.body.rescore.id);
  registerJobHandler("rescore_all", async () => {
    started += 1;
    await new Promise<void>((resolve) => waiting.push(resolve));
    return { changed: 0 };
  });
}, 60_000);
afterAll(async () => {
  for (const resolve of waiting.splice(0)) resolve();
  await waitForAllJobs();
  await t?.close();
});

interface Job {
  id: string;
  status: string;
}

const unfinished = async () =>
  queryRows<{ id: string }>(
    t.testDatabase.database.db,
    sql`select id::text as id from jobs where kind = 'rescore_all' and status in ('queued', 'running')`,
  );

describe("rescoreAll while a full rescore is on its way", () => {
  it("ten requests at once make one job: every answer has its id", async () => {
    await t.login("manager");
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => call<Job>(t, "manager", "POST", "/api/v1/scoring/rescore")),
    );
    expect(answers.map((a) => a.status)).toEqual(new Array(10).fill(202));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect((await unfinished()).map((r) => r.id)).toEqual([...ids]);

    // Still running: a later request joins it too, and the nightly rescore does not start beside it.
    const [id] = [...ids] as [string];
    const later = await call<Job>(t, "manager", "POST", "/api/v1/scoring/rescore");
    expect(later.body.id).toBe(id);
    const deps = { db: t.testDatabase.database.db, clock: t.clock, config: {} as never };
    expect(await startNightlyRescore(deps, new Date())).toBe(false);

    await finishJobs(1);
    await waitForJob(id);
    const done = await call<Job>(t, "manager", "GET", `/api/v1/jobs/${id}`);
    expect(done.body.status).toBe("succeeded");
    // Once it is done, the night's rescore starts (on a later tick of the runner).
    expect(await startNightlyRescore(deps, new Date())).toBe(true);
    await finishJobs(2);
    await waitForAllJobs();

    // Nothing on its way: the next request is a new job.
    const next = await call<Job>(t, "manager", "POST", "/api/v1/scoring/rescore");
    expect(next.status).toBe(202);
    expect(next.body.id).not.toBe(id);
    await finishJobs(3);
    await waitForJob(next.body.id);
  });

  it("a job left running by an instance that stopped beating is taken over, not doubled", async () => {
    const [row] = await queryRows<{ id: string }>(
      t.testDatabase.database.db,
      sql`insert into jobs (kind, status, payload, created_at, started_at, heartbeat_at)
          values ('rescore_all', 'running', '{"reason":"rescore"}'::jsonb, now() - interval '1 hour',
                  now() - interval '1 hour', now() - interval '1 hour')
          returning id::text as id`,
    );
    const before = started;
    const r = await call<Job>(t, "manager", "POST", "/api/v1/scoring/rescore");
    expect(r.body.id).toBe(row!.id);
    await finishJobs(before + 1);
    await waitForJob(row!.id);
    expect((await unfinished()).length).toBe(0);
  });
});
