import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForJob } from "../jobs/jobs.service.ts";
import { call, createTestApp, makeCompany, makePerson, type TestApp } from "../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

interface Row {
  id: string;
  stage: string;
  score: { fit: number; engagement: number; total: number } | null;
}

async function everyone(query: string, limit: number): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const r: { status: number; body: { items: Row[]; nextCursor: string | null } } = await call(
      t,
      "marketing",
      "GET",
      `/api/v1/people?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    rows.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor);
  return rows;
}

describe("people sorted by score", () => {
  it("lists people before any model is signed, unscored, in a stable order", async () => {
    for (let i = 0; i < 3; i++) await makePerson(t);
    const rows = await everyone("sort=scoreTotal&order=desc", 2);
    expect(rows.length).toBe(3);
    expect(rows.every((r) => r.score === null)).toBe(true);
  });

  it("pages by total, fit or engagement with the unscored last (desc) or first (asc), nobody lost or repeated", async () => {
    for (let i = 0; i < 9; i++) {
      const company = await makeCompany(t, "marketing", { employeeBand: i % 3 ? "100-299" : "10-49" });
      const p = await makePerson(t, "marketing", { companyId: company.id, title: i % 2 ? "部長" : "担当" });
      await call(t, "marketing", "POST", "/api/v1/activities/batch", {
        items: Array.from({ length: i % 4 }, () => ({ personId: p.id, type: "document_request" })).map(
          (a, k) => ({ ...a, occurredAt: new Date(Date.now() - (k + 1) * 86_400_000).toISOString() }),
        ),
      });
    }
    const proposed = await call<{ open: { id: string } }>(
      t,
      "marketing",
      "POST",
      "/api/v1/scoring/model/versions",
      {
        config: {
          fitRules: [
            { label: "部長", condition: "person.title == '部長'", points: 30 },
            { label: "100名以上", condition: "company.employees >= 100", points: 20 },
          ],
          engagementRules: [{ label: "資料請求", activities: ["資料請求"], points: 15, maxPerDay: 1 }],
          halfLifeDays: 30,
          weights: { fit: 1, engagement: 1 },
        },
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
    await waitForJob(approved.body.rescore!.id);
    // Two people whose scoring has not happened yet (e.g. a rescore still running).
    const all = await everyone("sort=createdAt", 50);
    const unscored = all.slice(0, 2).map((r) => r.id);
    await t.testDatabase.database.db.execute(
      `delete from person_scores where person_id in ('${unscored.join("','")}')` as never,
    );

    for (const [sort, part] of [
      ["scoreTotal", "total"],
      ["scoreFit", "fit"],
      ["scoreEngagement", "engagement"],
    ] as const) {
      const desc = await everyone(`sort=${sort}&order=desc`, 4);
      expect(desc.length).toBe(all.length);
      expect(new Set(desc.map((r) => r.id)).size).toBe(all.length);
      const descScores = desc.map((r) => r.score?.[part] ?? -1);
      expect(descScores).toEqual([...descScores].sort((a, b) => b - a));
      expect(desc.slice(-2).map((r) => r.score)).toEqual([null, null]);
      const asc = await everyone(`sort=${sort}&order=asc`, 3);
      expect(asc.map((r) => r.id)).toEqual([...desc.map((r) => r.id)].reverse());
    }
    // Filters still apply, and a person's score is in the list row.
    const filtered = await everyone("sort=scoreTotal&order=desc&stage=lead", 5);
    expect(filtered.every((r) => r.stage === "lead")).toBe(true);
    const top = desc0(filtered);
    const detail = await call<{ total: number }>(t, "marketing", "GET", `/api/v1/people/${top.id}/score`);
    expect(top.score?.total).toBe(detail.body.total);
  });
});

function desc0(rows: Row[]): Row {
  expect(rows.length).toBeGreaterThan(0);
  return rows[0]!;
}
