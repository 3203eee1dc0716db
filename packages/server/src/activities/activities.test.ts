import { ACTIVITY_TYPE_CODES, ACTIVITY_TYPES } from "@tasuki/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
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

interface Activity {
  id: string;
  type: string;
  personId: string;
  companyId: string | null;
  occurredAt: string;
  body: string | null;
  createdBy: { id: string; name: string } | null;
}
type Timeline = {
  items: { kind: string; id: string; at: string; activity: Activity | null }[];
  nextCursor: string | null;
};

describe("activities", () => {
  it("records one activity with the person's company, shown in the timeline", async () => {
    const company = await makeCompany(t);
    const p = await makePerson(t, "marketing", { companyId: company.id });
    const r = await call<Activity>(t, "inside_sales", "POST", "/api/v1/activities", {
      personId: p.id,
      type: "call",
      occurredAt: "2026-09-30T14:05:00+09:00",
      subject: "初回架電",
      body: "**決裁者**は部長。来月予算化の見込み",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      type: "call",
      companyId: company.id,
      occurredAt: "2026-09-30T05:05:00.000Z",
      createdBy: { id: t.users.inside_sales.id, name: "テスト inside_sales" },
    });
    const timeline = await call<Timeline>(t, "field_sales", "GET", `/api/v1/people/${p.id}/timeline`);
    // The call happened before the person was entered, so it sorts after the lead entry.
    expect(timeline.body.items.map((i) => i.kind)).toEqual(["stage_change", "activity"]);
    expect(timeline.body.items[1]).toMatchObject({
      activity: { id: r.body.id, body: "**決裁者**は部長。来月予算化の見込み" },
    });
  });

  it("stores each activity's JST day and type code as the rescore counts them (generated columns)", async () => {
    const p = await makePerson(t);
    // 23:30 JST on 9/30 is 14:30 UTC the same day; 00:30 JST on 10/1 is still 9/30 in UTC.
    const items = ACTIVITY_TYPES.map((type, i) => ({
      personId: p.id,
      type,
      occurredAt: i % 2 === 0 ? "2026-09-30T23:30:00+09:00" : "2026-10-01T00:30:00+09:00",
    }));
    const r = await call<{ count: number }>(t, "marketing", "POST", "/api/v1/activities/batch", { items });
    expect(r.status).toBe(201);
    const rows = await queryRows<{ type: string; type_code: number; jst_day: string }>(
      t.testDatabase.database.db,
      sql`select type, type_code, jst_day::text as jst_day from activities where person_id = ${p.id}::uuid`,
    );
    expect(rows).toHaveLength(ACTIVITY_TYPES.length);
    for (const row of rows) {
      const i = ACTIVITY_TYPES.indexOf(row.type as (typeof ACTIVITY_TYPES)[number]);
      expect(row.type_code).toBe(ACTIVITY_TYPE_CODES[ACTIVITY_TYPES[i]!]);
      expect(row.jst_day).toBe(i % 2 === 0 ? "2026-09-30" : "2026-10-01");
    }
    // Every type has its own code.
    expect(new Set(Object.values(ACTIVITY_TYPE_CODES)).size).toBe(ACTIVITY_TYPES.length);
  });

  it("records a batch all-or-nothing; a bad item names its index and field and writes nothing", async () => {
    const p = await makePerson(t);
    const ok = await call<{ count: number; items: Activity[] }>(
      t,
      "marketing",
      "POST",
      "/api/v1/activities/batch",
      {
        items: [
          { personId: p.id, type: "page_view", metadata: { url: "https://example.jp/pricing" } },
          { personId: p.id, type: "email_open", source: "メルマガ" },
        ],
      },
    );
    expect(ok.status).toBe(201);
    expect(ok.body.count).toBe(2);

    const before = await call<Timeline>(t, "marketing", "GET", `/api/v1/people/${p.id}/timeline`);
    const shape = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/activities/batch", {
      items: [
        { personId: p.id, type: "page_view" },
        { personId: p.id, type: "fax" },
        { personId: p.id, type: "call", occurredAt: "yesterday" },
      ],
    });
    expect(shape.status).toBe(400);
    expect(shape.body.error.details?.map((d) => d.path)).toEqual(["items.1.type", "items.2.occurredAt"]);

    const unknown = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/activities/batch", {
      items: [
        { personId: p.id, type: "page_view" },
        { personId: "00000000-0000-4000-8000-000000000000", type: "page_view" },
        { personId: p.id, type: "webinar", campaignId: "00000000-0000-4000-8000-000000000001" },
      ],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([
      { path: "items.1.personId", message: "この人物は存在しません" },
      { path: "items.2.campaignId", message: "この施策は存在しません" },
    ]);
    const after = await call<Timeline>(t, "marketing", "GET", `/api/v1/people/${p.id}/timeline`);
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it("accepts exactly 1,000 items and refuses 1,001", async () => {
    const p = await makePerson(t);
    const items = Array.from({ length: 1000 }, (_, i) => ({
      personId: p.id,
      type: "page_view",
      occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    }));
    const ok = await call<{ count: number }>(t, "marketing", "POST", "/api/v1/activities/batch", { items });
    expect(ok.status).toBe(201);
    expect(ok.body.count).toBe(1000);
    const tooMany = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/activities/batch", {
      items: [...items, items[0]],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details?.[0]?.path).toBe("items");

    // The timeline pages through all of them, newest first, without repeats.
    const ids = new Set<string>();
    let cursor: string | null = null;
    let previous = Number.POSITIVE_INFINITY;
    do {
      const url: string = `/api/v1/people/${p.id}/timeline?limit=200${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await call<Timeline>(t, "marketing", "GET", url);
      for (const item of page.body.items) {
        const at = Date.parse(item.at);
        expect(at).toBeLessThanOrEqual(previous);
        previous = at;
        ids.add(item.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids.size).toBe(1001); // 1,000 page views + the lead entry
  });

  it("401 without auth, 404 for the timeline of an unknown person", async () => {
    expect((await call(t, null, "POST", "/api/v1/activities", { personId: "x", type: "call" })).status).toBe(
      401,
    );
    expect(
      (await call(t, "marketing", "GET", "/api/v1/people/00000000-0000-4000-8000-000000000000/timeline"))
        .status,
    ).toBe(404);
  });

  it("a read-only token may not record activities (403)", async () => {
    const created = await call<{ token: string }>(t, "marketing", "POST", "/api/v1/api-tokens", {
      name: "ro",
      scopes: ["read"],
    });
    const p = await makePerson(t);
    const r = await call<ErrorBody>(
      t,
      null,
      "POST",
      "/api/v1/activities",
      { personId: p.id, type: "call" },
      {
        authorization: `Bearer ${created.body.token}`,
      },
    );
    expect(r.status).toBe(403);
  });
});

describe("listActivities", () => {
  it("lists by person and type, newest first, paged; validates filters; needs auth", async () => {
    const p = await makePerson(t);
    const base = Date.UTC(2026, 5, 1);
    await call(t, "marketing", "POST", "/api/v1/activities/batch", {
      items: [0, 1, 2, 3, 4].map((i) => ({
        personId: p.id,
        type: i % 2 ? "page_view" : "email_open",
        occurredAt: new Date(base + i * 3_600_000).toISOString(),
      })),
    });
    const first = await call<{ items: Activity[]; nextCursor: string | null }>(
      t,
      "field_sales",
      "GET",
      `/api/v1/activities?personId=${p.id}&type=email_open&limit=2`,
    );
    expect(first.status).toBe(200);
    expect(first.body.items.map((a) => a.occurredAt)).toEqual([
      new Date(base + 4 * 3_600_000).toISOString(),
      new Date(base + 2 * 3_600_000).toISOString(),
    ]);
    const second = await call<{ items: Activity[]; nextCursor: string | null }>(
      t,
      "field_sales",
      "GET",
      `/api/v1/activities?personId=${p.id}&type=email_open&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((a) => a.occurredAt)).toEqual([new Date(base).toISOString()]);
    expect(second.body.nextCursor).toBeNull();
    const windowed = await call<{ items: Activity[] }>(
      t,
      "field_sales",
      "GET",
      `/api/v1/activities?personId=${p.id}&from=${new Date(base + 3_600_000).toISOString()}&to=${new Date(base + 3 * 3_600_000).toISOString()}`,
    );
    expect(windowed.body.items).toHaveLength(2);
    const bad = await call<ErrorBody>(t, "field_sales", "GET", "/api/v1/activities?type=fax");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.[0]?.path).toBe("query.type.0");
    expect((await call(t, null, "GET", "/api/v1/activities")).status).toBe(401);
  });

  it("filters by who logged the activity (createdBy), with the other filters; refuses a bad id", async () => {
    const p = await makePerson(t);
    const at = new Date(Date.UTC(2026, 6, 1)).toISOString();
    for (const role of ["inside_sales", "inside_sales", "field_sales"] as const) {
      const r = await call(t, role, "POST", "/api/v1/activities", {
        personId: p.id,
        type: "call",
        occurredAt: at,
      });
      expect(r.status).toBe(201);
    }
    await call(t, "inside_sales", "POST", "/api/v1/activities", {
      personId: p.id,
      type: "email_open",
      occurredAt: at,
    });
    const list = (createdBy: string, extra = "") =>
      call<{ items: Activity[]; nextCursor: string | null }>(
        t,
        "marketing",
        "GET",
        `/api/v1/activities?personId=${p.id}&createdBy=${createdBy}${extra}`,
      );
    const mine = await list(t.users.inside_sales.id, "&type=call");
    expect(mine.status).toBe(200);
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.items.every((a) => a.createdBy?.id === t.users.inside_sales.id)).toBe(true);
    expect((await list(t.users.inside_sales.id)).body.items).toHaveLength(3);
    expect((await list(t.users.field_sales.id, "&type=call")).body.items).toHaveLength(1);
    expect((await list(t.users.marketing.id)).body.items).toHaveLength(0);
    const bad = await list("someone", "");
    expect(bad.status).toBe(400);
    expect((bad.body as unknown as ErrorBody).error.details?.[0]?.path).toBe("query.createdBy");
  });
});
