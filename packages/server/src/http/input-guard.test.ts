import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeCursor } from "../db/pagination.ts";
import {
  call,
  createTestApp,
  type ErrorBody,
  makeCompany,
  makePerson,
  type TestApp,
} from "../test/test-app.ts";

/** Issue 18, finding 4: inputs that answered 500 now answer 400 with the field named. */

let t: TestApp;
let personId: string;
let companyId: string;
const UUID = "0191a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b";
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

beforeAll(async () => {
  t = await createTestApp();
  companyId = (await makeCompany(t)).id;
  personId = (await makePerson(t, "marketing", { companyId })).id;
});
afterAll(async () => {
  await t?.close();
});

const fieldsOf = (body: ErrorBody) => body.error.details?.map((d) => d.path) ?? [];

describe("tampered list cursors", () => {
  /** Wrong for every sort. */
  const malformed = {
    "a JSON object": b64({ key: "x", id: UUID }),
    "a three-element array": b64(["2026-01-01 00:00:00+00", UUID, "x"]),
    "an id of 36 dashes": b64(["2026-01-01 00:00:00+00", "------------------------------------"]),
    "a key with a NUL": b64(["a\u0000b", UUID]),
  };
  /** Wrong for sorts on a number, a date or an instant (any storable text is a text sort's key). */
  const wrongKey = {
    "a non-numeric key": b64(["not a number", UUID]),
    "a key that is not a date": b64(["2026-13-45 99:00:00+00", UUID]),
    "an integer beyond bigint": b64(["99999999999999999999999", UUID]),
  };
  const typedLists = [
    "/api/v1/people?sort=createdAt",
    "/api/v1/people?sort=scoreTotal",
    "/api/v1/people?sort=scoreFit&order=asc",
    "/api/v1/opportunities?sort=amount",
    "/api/v1/opportunities?sort=expectedCloseDate",
    "/api/v1/campaigns?sort=startsOn",
    "/api/v1/activities?limit=5",
    "/api/v1/handoffs?sort=dueAt",
    "/api/v1/notifications?limit=5",
    "/api/v1/analytics/records?metric=funnel_stage&stage=lead&from=2026-01-01&to=2026-12-31",
    "/api/v1/people/{person}/timeline?limit=5",
  ];
  const textLists = ["/api/v1/people?sort=kana", "/api/v1/companies?sort=name"];

  async function expectInvalidCursor(lists: string[], cursor: string) {
    for (const list of lists) {
      const url = `${list.replace("{person}", personId)}&cursor=${cursor}`;
      const r = await call<ErrorBody>(t, "admin", "GET", url);
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.code).toBe("invalid_cursor");
      expect(fieldsOf(r.body)).toEqual(["query.cursor"]);
    }
  }

  it.each(Object.entries(malformed))("refuses %s as invalid_cursor on every list", async (_name, cursor) => {
    await expectInvalidCursor([...typedLists, ...textLists], cursor);
  });

  it.each(Object.entries(wrongKey))(
    "refuses %s on lists sorted by a number or a time",
    async (_name, cursor) => {
      await expectInvalidCursor(typedLists, cursor);
    },
  );

  it("says to pass nextCursor unchanged, in Japanese and English", async () => {
    const cursor = wrongKey["a non-numeric key"];
    const ja = await call<ErrorBody>(t, "admin", "GET", `/api/v1/people?sort=scoreTotal&cursor=${cursor}`);
    expect(ja.body.error.message).toContain("nextCursor");
    expect(ja.body.error.message).toMatch(/[ぁ-んァ-ン]/);
    const en = await call<ErrorBody>(
      t,
      "admin",
      "GET",
      `/api/v1/people?sort=scoreTotal&cursor=${cursor}`,
      undefined,
      {
        "accept-language": "en",
      },
    );
    expect(en.body.error.message).toContain("nextCursor");
    expect(en.body.error.message).toContain("unchanged");
  });

  it("still accepts the cursors the server makes, including the unscored part of a score sort", async () => {
    for (const [list, key] of [
      ["/api/v1/people?sort=scoreTotal", "-1"],
      ["/api/v1/people?sort=scoreEngagement", "42"],
      ["/api/v1/people?sort=createdAt", "2026-09-30 05:05:00.123456+00"],
      ["/api/v1/people?sort=kana", "ヤマダ タロウ"],
      ["/api/v1/opportunities?sort=expectedCloseDate", "9999-12-31"],
      ["/api/v1/opportunities?sort=amount", "1000000000000"],
      [`/api/v1/people/${personId}/timeline?limit=5`, "2026-09-30 14:05:00+09"],
    ] as const) {
      const r = await call(t, "admin", "GET", `${list}&cursor=${encodeCursor(key, UUID)}`);
      expect(r.status, list).toBe(200);
    }
  });
});

describe("text the database cannot store", () => {
  it("refuses a NUL byte in a body field, naming the field", async () => {
    const r = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people", { familyName: "山\u0000田" });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(fieldsOf(r.body)).toEqual(["familyName"]);
    expect(r.body.error.details?.[0]?.message).toContain("NUL");
  });

  it("refuses a NUL byte in ?q=, naming query.q", async () => {
    for (const list of [
      "/api/v1/people",
      "/api/v1/companies",
      "/api/v1/opportunities",
      "/api/v1/campaigns",
    ]) {
      const r = await call<ErrorBody>(t, "admin", "GET", `${list}?q=a%00b`);
      expect(r.status, list).toBe(400);
      expect(fieldsOf(r.body)).toEqual(["query.q"]);
    }
  });

  it("refuses a NUL byte inside activity metadata and inside a batch item", async () => {
    const one = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/activities", {
      personId,
      type: "page_view",
      metadata: { url: "https://example.com/\u0000" },
    });
    expect(one.status).toBe(400);
    expect(fieldsOf(one.body)).toEqual(["metadata.url"]);
    const batch = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/activities/batch", {
      items: [
        { personId, type: "note", body: "ok" },
        { personId, type: "note", subject: "x\u0000" },
      ],
    });
    expect(batch.status).toBe(400);
    expect(fieldsOf(batch.body)).toEqual(["items.1.subject"]);
  });

  it("refuses a lone surrogate in text", async () => {
    const r = await call<ErrorBody>(t, "marketing", "PATCH", `/api/v1/companies/${companyId}`, {
      name: "株式会社\uD800",
      version: 1,
    });
    expect(r.status).toBe(400);
    expect(fieldsOf(r.body)).toEqual(["name"]);
    const fine = await call(t, "marketing", "POST", "/api/v1/companies", { name: "株式会社𠮷野家テスト" });
    expect(fine.status).toBe(201);
  });
});

describe("numbers beyond their columns", () => {
  it("refuses a version above 2^31-1 (an int4 column) as a field error", async () => {
    const r = await call<ErrorBody>(t, "marketing", "PATCH", `/api/v1/people/${personId}`, {
      givenName: "次郎",
      version: 2_147_483_648,
    });
    expect(r.status).toBe(400);
    expect(fieldsOf(r.body)).toEqual(["version"]);
    const calendar = await call<ErrorBody>(t, "admin", "PUT", "/api/v1/business-calendar", {
      teamId: null,
      workdays: [1, 2, 3, 4, 5],
      workStart: "09:00",
      workEnd: "18:00",
      companyHolidays: [],
      version: 2_147_483_648,
    });
    expect(calendar.status).toBe(400);
    expect(fieldsOf(calendar.body)).toContain("version");
  });
});

describe("activity metadata", () => {
  const deep = (depth: number): unknown => (depth === 0 ? 1 : { a: deep(depth - 1) });

  it("refuses metadata nested 5,000 deep", async () => {
    const payload = `{"personId":"${personId}","type":"page_view","metadata":${'{"a":'.repeat(5000)}1${"}".repeat(5000)}}`;
    const response = await t.app.inject({
      method: "POST",
      url: "/api/v1/activities",
      headers: { ...(await t.login("marketing")).headers, "content-type": "application/json" },
      payload,
    });
    expect(response.statusCode).toBe(400);
  });

  it("allows 10 levels and 16 kB, refusing more with a clear message", async () => {
    const ok = await call(t, "marketing", "POST", "/api/v1/activities", {
      personId,
      type: "page_view",
      metadata: deep(9) as Record<string, unknown>,
    });
    expect(ok.status).toBe(201);
    const tooDeep = await call<ErrorBody>(
      t,
      "marketing",
      "POST",
      "/api/v1/activities",
      {
        personId,
        type: "page_view",
        metadata: deep(11) as Record<string, unknown>,
      },
      { "accept-language": "en" },
    );
    expect(tooDeep.status).toBe(400);
    expect(fieldsOf(tooDeep.body)).toEqual(["metadata"]);
    expect(tooDeep.body.error.details?.[0]?.message).toContain("10 levels");
    const tooBig = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/activities", {
      personId,
      type: "page_view",
      metadata: { text: "x".repeat(17 * 1024) },
    });
    expect(tooBig.status).toBe(400);
    expect(fieldsOf(tooBig.body)).toEqual(["metadata"]);
  });
});

describe("dates far outside 1900–2100", () => {
  it("refuses analytics and impact periods such as 0001-01-01..9999-12-31", async () => {
    for (const url of [
      "/api/v1/analytics/funnel?from=0001-01-01&to=9999-12-31",
      "/api/v1/analytics/velocity?from=0001-01-01&to=9999-12-31",
      "/api/v1/analytics/marketing-kpis?from=1899-12-31&to=2026-01-01",
      "/api/v1/scoring/calibration?from=0001-01-01&to=9999-12-31",
      "/api/v1/sla-compliance?from=0001-01-01&to=9999-12-31",
    ]) {
      const r = await call<ErrorBody>(t, "admin", "GET", url);
      expect(r.status, url).toBe(400);
      expect(fieldsOf(r.body), url).toContain("query.from");
    }
  });

  it("refuses far dates in bodies: an activity's occurredAt, a deal's expected close", async () => {
    const activity = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/activities", {
      personId,
      type: "note",
      occurredAt: "0001-01-01T00:00:00Z",
    });
    expect(activity.status).toBe(400);
    expect(fieldsOf(activity.body)).toEqual(["occurredAt"]);
    const deal = await call<ErrorBody>(t, "admin", "POST", "/api/v1/opportunities", {
      companyId,
      personId,
      name: "大型案件",
      amount: 1000,
      expectedCloseDate: "9999-12-31",
    });
    expect(deal.status).toBe(400);
    expect(fieldsOf(deal.body)).toContain("expectedCloseDate");
  });

  it("still accepts the edges of the range", async () => {
    const r = await call(t, "admin", "GET", "/api/v1/analytics/funnel?from=1900-01-01&to=2100-12-31");
    expect(r.status).toBe(200);
  }, 60_000);
});
