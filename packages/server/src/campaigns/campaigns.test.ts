import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, type ErrorBody, type TestApp } from "../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe("campaigns", () => {
  it("marketing creates a campaign; everyone lists it", async () => {
    const r = await call<{ id: string; name: string; budget: number; createdBy: { id: string } }>(
      t,
      "marketing",
      "POST",
      "/api/v1/campaigns",
      {
        name: "2026年11月 HR EXPO 出展",
        type: "exhibition",
        startsOn: "2026-11-10",
        endsOn: "2026-11-12",
        budget: 1_500_000,
      },
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ budget: 1_500_000, createdBy: { id: t.users.marketing.id } });
    const list = await call<{ items: { id: string }[] }>(
      t,
      "field_sales",
      "GET",
      "/api/v1/campaigns?type=exhibition&q=EXPO",
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((c) => c.id)).toEqual([r.body.id]);
  });

  it("field sales may not create campaigns; unauthenticated is 401", async () => {
    const payload = { name: "x", type: "webinar", startsOn: "2026-11-10" };
    const r = await call<ErrorBody>(t, "field_sales", "POST", "/api/v1/campaigns", payload);
    expect(r.status).toBe(403);
    expect(r.body.error.message).toContain("権限");
    expect((await call(t, null, "POST", "/api/v1/campaigns", payload)).status).toBe(401);
    expect((await call(t, null, "GET", "/api/v1/campaigns")).status).toBe(401);
  });

  it("validates type, dates and budget, naming fields", async () => {
    const r = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/campaigns", {
      name: "逆転",
      type: "tv",
      startsOn: "2026-11-10",
      budget: 1.5,
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details?.map((d) => d.path).sort()).toEqual(["budget", "type"]);
    const reversed = await call<ErrorBody>(
      t,
      "marketing",
      "POST",
      "/api/v1/campaigns",
      { name: "逆転", type: "webinar", startsOn: "2026-11-10", endsOn: "2026-11-01" },
      { "accept-language": "en" },
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details).toEqual([
      { path: "endsOn", message: "endsOn must not be before startsOn" },
    ]);
  });
});
