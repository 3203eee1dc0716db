import type { ScoringModelConfig } from "@tasuki/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForJob } from "../jobs/jobs.service.ts";
import {
  call,
  createTestApp,
  type ErrorBody,
  makeCompany,
  makePerson,
  type TestApp,
} from "../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const config: ScoringModelConfig = {
  fitRules: [
    {
      label: "従業員100名以上",
      labelEn: "100+ employees",
      condition: "company.employees >= 100",
      points: 30,
    },
    { label: "役職あり", condition: "person.title != ''", points: 10 },
  ],
  engagementRules: [
    { label: "資料請求", labelEn: "Document request", activities: ["資料請求"], points: 25, maxPerDay: 1 },
  ],
  halfLifeDays: 30,
  weights: { fit: 1, engagement: 1 },
};

interface Version {
  id: string;
  config: ScoringModelConfig;
}

describe("scoring rule names in English", () => {
  it("a rule's English name is kept with the model and given with each explanation line; rules without one have none", async () => {
    const company = await makeCompany(t, "marketing", { employeeBand: "300-999" });
    const p = await makePerson(t, "marketing", { companyId: company.id, title: "部長" });
    await call(t, "marketing", "POST", "/api/v1/activities/batch", {
      items: [{ personId: p.id, type: "document_request", occurredAt: new Date().toISOString() }],
    });
    const proposed = await call<{ open: Version }>(t, "marketing", "POST", "/api/v1/scoring/model/versions", {
      config,
      changeNote: "英語名",
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.body.open.config.fitRules.map((r) => r.labelEn)).toEqual(["100+ employees", undefined]);
    const id = proposed.body.open.id;
    expect(
      (await call(t, "marketing", "POST", `/api/v1/scoring/model/versions/${id}/approve`, {})).status,
    ).toBe(200);
    const approved = await call<{ rescore: { id: string } | null }>(
      t,
      "field_sales",
      "POST",
      `/api/v1/scoring/model/versions/${id}/approve`,
      {},
    );
    expect(approved.status).toBe(200);
    if (approved.body.rescore) await waitForJob(approved.body.rescore.id);

    const score = await call<{ explanation: { kind: string; label: string; labelEn?: string }[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/people/${p.id}/score`,
    );
    const lines = score.body.explanation.filter((l) => l.kind === "rule" || l.kind === "activity");
    expect(lines.map((l) => [l.label, l.labelEn])).toEqual([
      ["従業員100名以上", "100+ employees"],
      ["役職あり", undefined],
      ["資料請求", "Document request"],
    ]);
  });

  it("refuses an English name over 100 characters, naming the field", async () => {
    const r = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/scoring/model/versions", {
      config: { ...config, fitRules: [{ ...config.fitRules[0], labelEn: "x".repeat(101) }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details?.[0]?.path).toBe("config.fitRules.0.labelEn");
  });
});
