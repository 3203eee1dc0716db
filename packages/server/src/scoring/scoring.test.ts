import {
  checkExpression,
  checkScoringModel,
  compileToSql,
  type ScoringModelConfig,
  scorePerson,
} from "@tasuki/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { fragmentToSql, loadRuleFacts, selectMatchingPeople } from "../definitions/rules.repository.ts";
import { waitForJob } from "../jobs/jobs.service.ts";
import {
  call,
  createTestApp,
  type ErrorBody,
  makeCompany,
  makePerson,
  moveTo,
  type TestApp,
} from "../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const config: ScoringModelConfig = {
  fitRules: [
    { label: "役職: 部長", condition: "person.title == '部長'", points: 20 },
    { label: "従業員100名以上", condition: "company.employees >= 100", points: 30 },
    { label: "フリーメール", condition: "person.email_domain in freemail", points: -40 },
  ],
  engagementRules: [
    { label: "資料請求", activities: ["資料請求"], points: 25, maxPerDay: 1 },
    { label: "ページ閲覧", activities: ["ページ閲覧"], points: 3, maxPerDay: 3 },
    { label: "展示会", activities: ["展示会"], points: 15, maxPerDay: 1 },
  ],
  halfLifeDays: 30,
  weights: { fit: 1, engagement: 1 },
};

interface Model {
  current: { id: string; number: number } | null;
  open: { id: string; number: number; status: string } | null;
}
interface Score {
  fit: number;
  engagement: number;
  total: number;
  computedAt: string | null;
  explanation: { part: string; points: number; label: string }[];
}

async function approveModel(c: ScoringModelConfig) {
  const proposed = await call<Model>(t, "marketing", "POST", "/api/v1/scoring/model/versions", {
    config: c,
    changeNote: "test",
  });
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  const id = proposed.body.open!.id;
  const first = await call(t, "marketing", "POST", `/api/v1/scoring/model/versions/${id}/approve`, {});
  expect(first.status).toBe(200);
  const second = await call<{ model: Model; rescore: { id: string } | null }>(
    t,
    "field_sales",
    "POST",
    `/api/v1/scoring/model/versions/${id}/approve`,
    {},
  );
  expect(second.status).toBe(200);
  if (second.body.rescore) await waitForJob(second.body.rescore.id);
  return second.body;
}

const DAY = 86_400_000;

describe("scoring", () => {
  it("nothing is scored until a model is signed by both sides; a bad model names its paths", async () => {
    const p = await makePerson(t);
    const none = await call<Score>(t, "marketing", "GET", `/api/v1/people/${p.id}/score`);
    expect(none.body).toMatchObject({ total: 0, computedAt: null, explanation: [] });
    const bad = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/scoring/model/versions", {
      config: {
        ...config,
        fitRules: [{ label: "x", condition: "count('資料請求', days(3)) > 0", points: 5 }],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.[0]?.path).toBe("config.fitRules.0.condition");
    expect(
      (await call(t, "customer_success", "POST", "/api/v1/scoring/model/versions", { config })).status,
    ).toBe(403);
  });

  it("approval rescored everyone; an activity rescores its person at once; the explanation adds up", async () => {
    const company = await makeCompany(t, "marketing", { employeeBand: "300-999" });
    const p = await makePerson(t, "marketing", { companyId: company.id, title: "部長" });
    const now = Date.now();
    await call(t, "marketing", "POST", "/api/v1/activities/batch", {
      items: [
        { personId: p.id, type: "document_request", occurredAt: new Date(now - 3 * DAY).toISOString() },
        { personId: p.id, type: "page_view", occurredAt: new Date(now - 30 * DAY).toISOString() },
      ],
    });
    const { model, rescore } = await approveModel(config);
    expect(model.current?.number).toBe(1);
    expect(rescore).not.toBeNull();
    const job = await call<{
      status: string;
      result: { changed: number };
      progress: { done: number; total: number };
    }>(t, "marketing", "GET", `/api/v1/jobs/${rescore!.id}`);
    expect(job.body.status).toBe("succeeded");
    // Everyone scored, and no more than everyone (the chunk size is 100,000).
    expect(job.body.progress.total).toBeGreaterThan(0);
    expect(job.body.progress.done).toBe(job.body.progress.total);
    const [raw] = await queryRows<{ done: number }>(
      t.testDatabase.database.db,
      sql`select progress_done as done from jobs where id = ${rescore!.id}::uuid`,
    );
    expect(raw!.done).toBe(job.body.progress.total);

    const scored = await call<Score>(t, "marketing", "GET", `/api/v1/people/${p.id}/score`);
    expect(scored.body.fit).toBe(50);
    // 25·½^(3/30) + 3·½ = 23.33 + 1.5 = 24.83 → 25
    expect(scored.body.engagement).toBe(25);
    expect(scored.body.total).toBe(38); // (50 + 25) / 2 = 37.5 → 38
    const sum = (part: string) =>
      scored.body.explanation.filter((l) => l.part === part).reduce((n, l) => n + l.points, 0);
    expect(sum("fit")).toBe(scored.body.fit);
    expect(sum("engagement")).toBe(scored.body.engagement);

    await call(t, "marketing", "POST", "/api/v1/activities", { personId: p.id, type: "document_request" });
    const after = await call<Score>(t, "marketing", "GET", `/api/v1/people/${p.id}/score`);
    expect(after.body.engagement).toBeGreaterThan(scored.body.engagement);
    const history = await call<{ items: { reason: string; total: number }[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/people/${p.id}/score/history`,
    );
    expect(history.body.items.map((h) => h.reason)).toEqual(["activity", "model_approved"]);
    expect(history.body.items[0]?.total).toBe(after.body.total);
  });

  it("a company edit rescores its people, so their stored fit and its explanation follow the company", async () => {
    const company = await makeCompany(t, "marketing", { employeeBand: "10-49" });
    const people = [
      await makePerson(t, "marketing", { companyId: company.id, title: "部長" }),
      await makePerson(t, "marketing", { companyId: company.id }),
    ];
    const elsewhere = await makePerson(t, "marketing", { title: "部長" });
    const score = async (id: string) =>
      (await call<Score>(t, "marketing", "GET", `/api/v1/people/${id}/score`)).body;
    const before = await Promise.all(people.map((p) => score(p.id)));
    expect(before.map((s) => s.fit)).toEqual([20, 0]);
    const untouched = await score(elsewhere.id);

    const edited = await call(t, "marketing", "PATCH", `/api/v1/companies/${company.id}`, {
      employeeBand: "300-999",
      version: company.version,
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    for (const [i, p] of people.entries()) {
      const after = await score(p.id);
      expect(after.fit).toBe(before[i]!.fit + 30);
      const fitLines = after.explanation.filter((l) => l.part === "fit");
      expect(fitLines.map((l) => l.label)).toContain("従業員100名以上");
      expect(fitLines.reduce((n, l) => n + l.points, 0)).toBe(after.fit);
      const history = await call<{ items: { reason: string; fit: number }[] }>(
        t,
        "marketing",
        "GET",
        `/api/v1/people/${p.id}/score/history`,
      );
      expect(history.body.items[0]).toMatchObject({ reason: "company", fit: after.fit });
    }
    expect((await score(elsewhere.id)).computedAt).toBe(untouched.computedAt);
  });

  it("stored scores equal the explained scores, and a full rescore changes nothing after incremental writes", async () => {
    const types = ["document_request", "page_view", "webinar", "inquiry"];
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const company = await makeCompany(t, "marketing", { employeeBand: i % 2 ? "100-299" : "10-49" });
      const p = await makePerson(t, "marketing", {
        companyId: company.id,
        title: i % 3 ? "担当" : "部長",
        email: i % 4 ? `p${i}-${Date.now()}@maker.jp` : `p${i}-${Date.now()}@gmail.com`,
      });
      ids.push(p.id);
      const now = Date.now();
      await call(t, "marketing", "POST", "/api/v1/activities/batch", {
        items: Array.from({ length: (i * 7) % 9 }, (_, k) => ({
          personId: p.id,
          type: types[(i + k) % types.length],
          occurredAt: new Date(now - ((i * 13 + k * 29) % 200) * DAY - k * 60_000).toISOString(),
        })),
      });
    }
    const checked = checkScoringModel(config);
    if (!checked.ok) throw new Error("model");
    const facts = await loadRuleFacts(t.testDatabase.database.db, ids);
    for (const id of ids) {
      const stored = await call<Score>(t, "marketing", "GET", `/api/v1/people/${id}/score`);
      const js = scorePerson(checked.model, facts.get(id)!, new Date(stored.body.computedAt!));
      expect({ fit: stored.body.fit, engagement: stored.body.engagement, total: stored.body.total }).toEqual({
        fit: js.fit,
        engagement: js.engagement,
        total: js.total,
      });
    }
    // Same clock instant as the incremental writes' scores is impossible to share, so freeze time:
    const frozen = new Date();
    t.clock.set(frozen);
    try {
      const first = await call<{ id: string }>(t, "manager", "POST", "/api/v1/scoring/rescore");
      expect(first.status).toBe(202);
      await waitForJob(first.body.id);
      const second = await call<{ id: string }>(t, "manager", "POST", "/api/v1/scoring/rescore");
      await waitForJob(second.body.id);
      const job = await call<{ result: { changed: number } }>(
        t,
        "manager",
        "GET",
        `/api/v1/jobs/${second.body.id}`,
      );
      expect(job.body.result.changed).toBe(0); // at one instant, incremental and full agree exactly
    } finally {
      t.clock.set(new Date());
    }
  });

  it("definitions can use the scores", async () => {
    const company = await makeCompany(t, "marketing", { employeeBand: "1000-4999" });
    const p = await makePerson(t, "marketing", { companyId: company.id, title: "部長" });
    const r = await call<{ items: { satisfied: boolean }[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/people/${p.id}/definitions`,
    );
    expect(r.status).toBe(200);
    const v = await call<{ valid: boolean }>(t, "marketing", "POST", "/api/v1/definitions/validate", {
      expression: "score.total >= 25 && score.fit >= 50",
    });
    expect(v.body.valid).toBe(true);
    const checked = checkExpression("score.fit >= 50");
    if (!checked.ok) throw new Error("expr");
    const predicate = fragmentToSql(compileToSql(checked.expression, { now: new Date() }));
    const matching = await selectMatchingPeople(t.testDatabase.database.db, predicate, [p.id]);
    expect(matching).toEqual([p.id]);
  });
});

describe("calibration", () => {
  it("counts every person of the cohort once, with outcomes from the stage history", async () => {
    const p = await makePerson(t, "marketing", { title: "部長" });
    await moveTo(t, p.id, ["mql", "sal", "sql", "opportunity"]);
    const tomorrow = new Date(Date.now() + 33 * 3_600_000).toISOString().slice(0, 10);
    const r = await call<{
      cohort: number;
      deciles: { people: number; reachedOpportunity: number }[];
      agreement: { people: number }[];
      modelVersion: { number: number } | null;
      suggestedConfig: { weights: { fit: number; engagement: number } } | null;
    }>(t, "manager", "GET", `/api/v1/scoring/calibration?from=2020-01-01&to=${tomorrow}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const db = t.testDatabase.database.db;
    const counts = (await db.execute(
      `select (select count(*)::int from people) as people,
              (select count(distinct person_id)::int from stage_changes where to_stage = 'opportunity') as opp` as never,
    )) as unknown as { rows: { people: number; opp: number }[] };
    expect(r.body.cohort).toBe(counts.rows[0]?.people);
    expect(r.body.deciles.reduce((n, d) => n + d.people, 0)).toBe(r.body.cohort);
    expect(r.body.agreement.reduce((n, d) => n + d.people, 0)).toBe(r.body.cohort);
    expect(r.body.deciles.reduce((n, d) => n + d.reachedOpportunity, 0)).toBe(counts.rows[0]?.opp);
    expect(r.body.modelVersion?.number).toBeGreaterThanOrEqual(1);
    const bad = await call<ErrorBody>(
      t,
      "manager",
      "GET",
      "/api/v1/scoring/calibration?from=2026-01-01&to=2025-01-01",
    );
    expect(bad.status).toBe(400);
  });
});

describe("nightly rescore", () => {
  it("starts once per night after 03:00 JST, only when a model is in force", async () => {
    const { lastNightlyStart, startNightlyRescore } = await import("../jobs/nightly.ts");
    expect(lastNightlyStart(new Date("2026-11-22T17:59:00Z")).toISOString()).toBe("2026-11-21T18:00:00.000Z");
    expect(lastNightlyStart(new Date("2026-11-22T18:00:00Z")).toISOString()).toBe("2026-11-22T18:00:00.000Z");
    const deps = { db: t.testDatabase.database.db, clock: t.clock, config: {} as never };
    const night = new Date(Date.now() + 2 * 86_400_000);
    const first = await startNightlyRescore(deps, night);
    const second = await startNightlyRescore(deps, new Date(night.getTime() + 60_000));
    expect([first, second]).toEqual([true, false]);
    const { waitForAllJobs } = await import("../jobs/jobs.service.ts");
    await waitForAllJobs();
    const jobs = (await t.testDatabase.database.db.execute(
      `select status from jobs where payload->>'reason' = 'nightly'` as never,
    )) as unknown as { rows: { status: string }[] };
    expect(jobs.rows).toEqual([{ status: "succeeded" }]);
  });
});

describe("concurrent writes", () => {
  it("activity writes for the same people at once all succeed and all count in the score", async () => {
    await approveModel(config);
    // An auto-advancing definition, so each write also moves people (and locks their rows) in its transaction.
    const created = await call<{ id: string }>(t, "marketing", "POST", "/api/v1/definitions", {
      key: "mql",
      nameJa: "MQL",
      nameEn: "MQL",
      description: "ページ閲覧があれば MQL",
      marketingOwnerId: t.users.marketing.id,
      salesOwnerId: t.users.inside_sales.id,
      expression: "count('ページ閲覧', days(30)) >= 1",
      targetStage: "mql",
      autoAdvance: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const proposed = await call<{ open: { id: string } }>(
      t,
      "marketing",
      "POST",
      `/api/v1/definitions/${created.body.id}/versions`,
      { expression: "count('ページ閲覧', days(30)) >= 1", changeNote: "test" },
    );
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const approveUrl = `/api/v1/definitions/${created.body.id}/versions/${proposed.body.open.id}/approve`;
    const confirm = { proseMatchesRule: true };
    expect((await call(t, "marketing", "POST", approveUrl, confirm)).status).toBe(200);
    expect((await call(t, "inside_sales", "POST", approveUrl, confirm)).status).toBe(200);
    const a = await makePerson(t);
    const b = await makePerson(t);
    const item = (personId: string, type: string) => ({ personId, type });
    const writes = Array.from({ length: 4 }, () => [
      call(t, "marketing", "POST", "/api/v1/activities", item(a.id, "page_view")),
      call(t, "marketing", "POST", "/api/v1/activities/batch", {
        items: [item(a.id, "document_request"), item(b.id, "page_view")],
      }),
      call(t, "marketing", "POST", "/api/v1/activities/batch", {
        items: [item(b.id, "document_request"), item(a.id, "page_view")],
      }),
    ]).flat();
    const statuses = (await Promise.all(writes)).map((r) => r.status);
    expect(statuses).toEqual(writes.map(() => 201));
    // Same day: 資料請求 counts once (25), ページ閲覧 at most three times (3 each).
    for (const person of [a, b]) {
      const score = await call<Score>(t, "marketing", "GET", `/api/v1/people/${person.id}/score`);
      expect(score.body.engagement).toBeGreaterThan(0);
      const lines = score.body.explanation.filter((l) => l.part === "engagement" && l.points > 0);
      expect(lines.reduce((sum, l) => sum + l.points, 0)).toBe(25 + (person === a ? 9 : 9));
    }
  });
});
