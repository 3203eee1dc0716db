import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { waitForJob } from "../jobs/jobs.service.ts";
import { call, createTestApp, type TestApp } from "../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

interface Approval {
  by: { id: string };
  comment: string | null;
}
interface Version {
  id: string;
  marketingApproval: Approval | null;
  salesApproval: Approval | null;
}
interface Model {
  current: Version | null;
  open: Version | null;
}

describe("approveScoringModel comment", () => {
  it("keeps each signer's comment on their side of the version, in the response and the audit entry", async () => {
    const proposed = await call<Model>(t, "marketing", "POST", "/api/v1/scoring/model/versions", {
      config: {
        fitRules: [{ label: "役職: 部長", condition: "person.title == '部長'", points: 20 }],
        engagementRules: [],
        halfLifeDays: 30,
        weights: { fit: 1, engagement: 1 },
      },
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const id = proposed.body.open!.id;
    const url = `/api/v1/scoring/model/versions/${id}/approve`;
    const first = await call<{ model: Model }>(t, "marketing", "POST", url, {
      comment: "  部長は重く見たい  ",
    });
    expect(first.status).toBe(200);
    expect(first.body.model.open?.marketingApproval).toMatchObject({
      by: { id: t.users.marketing.id },
      comment: "部長は重く見たい",
    });
    // A signer who writes nothing has no comment (null), not an empty string.
    const second = await call<{ model: Model; rescore: { id: string } | null }>(
      t,
      "field_sales",
      "POST",
      url,
      {},
    );
    expect(second.status).toBe(200);
    if (second.body.rescore) await waitForJob(second.body.rescore.id);
    const current = second.body.model.current;
    expect(current?.id).toBe(id);
    expect(current?.marketingApproval?.comment).toBe("部長は重く見たい");
    expect(current?.salesApproval).toMatchObject({ by: { id: t.users.field_sales.id }, comment: null });
    const model = await call<Model>(t, "field_sales", "GET", "/api/v1/scoring/model");
    expect(model.body.current?.marketingApproval?.comment).toBe("部長は重く見たい");

    const audit = await queryRows<{ action: string; after: { marketingApprovalComment: string | null } }>(
      t.testDatabase.database.db,
      sql`select action, after from audit_log where entity_type = 'scoring_model' and entity_id = ${id}
          and action in ('scoring_model.sign', 'scoring_model.approve') order by id`,
    );
    expect(audit.map((a) => [a.action, a.after.marketingApprovalComment])).toEqual([
      ["scoring_model.sign", "部長は重く見たい"],
      ["scoring_model.approve", "部長は重く見たい"],
    ]);
  });

  it("refuses a comment over 2,000 characters with a field error", async () => {
    const r = await call<{ error: { details?: { path: string }[] } }>(
      t,
      "marketing",
      "POST",
      "/api/v1/scoring/model/versions/00000000-0000-4000-8000-000000000000/approve",
      { comment: "あ".repeat(2001) },
    );
    expect(r.status).toBe(400);
    expect(r.body.error.details?.[0]?.path).toBe("comment");
  });
});
