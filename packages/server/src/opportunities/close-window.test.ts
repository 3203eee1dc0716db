import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createTestApp,
  type ErrorBody,
  makeCompany,
  makePerson,
  moveTo,
  type TestApp,
} from "../test/test-app.ts";

/** The expected-close window the homes' 「7日以内に完了予定」 and 「期限超過」 tiles link to (issue 20). */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function deal(expectedCloseDate: string | null) {
  const company = await makeCompany(t);
  const person = await makePerson(t, "marketing", { companyId: company.id });
  await moveTo(t, person.id, ["mql", "sal", "sql"]);
  const r = await call<{ id: string }>(t, "field_sales", "POST", "/api/v1/opportunities", {
    name: `close ${expectedCloseDate}`,
    companyId: company.id,
    personId: person.id,
    amount: 1_000_000,
    ...(expectedCloseDate ? { expectedCloseDate } : {}),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

describe("listOpportunities by expected close date", () => {
  it("keeps the window inclusive at both ends and leaves deals without a date out", async () => {
    const overdue = await deal("2026-11-30");
    const first = await deal("2026-12-01");
    const last = await deal("2026-12-08");
    const after = await deal("2026-12-09");
    const none = await deal(null);
    const ids = async (query: string) =>
      (
        await call<{ items: { id: string }[] }>(
          t,
          "field_sales",
          "GET",
          `/api/v1/opportunities?limit=200&${query}`,
        )
      ).body.items.map((o) => o.id);
    const week = await ids("expectedCloseFrom=2026-12-01&expectedCloseTo=2026-12-08");
    expect(week).toEqual(expect.arrayContaining([first, last]));
    expect(week).not.toContain(overdue);
    expect(week).not.toContain(after);
    expect(week).not.toContain(none);
    const past = await ids("expectedCloseTo=2026-11-30&status=open");
    expect(past).toContain(overdue);
    expect(past).not.toContain(first);
  });

  it("refuses an impossible date naming the field", async () => {
    const r = await call<ErrorBody>(
      t,
      "field_sales",
      "GET",
      "/api/v1/opportunities?expectedCloseTo=2026-13-45",
    );
    expect(r.status).toBe(400);
    expect(r.body.error.details?.[0]?.path).toBe("query.expectedCloseTo");
  });
});
