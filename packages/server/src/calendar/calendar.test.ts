import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, type ErrorBody, type TestApp } from "../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

interface Calendar {
  company: { version: number; companyHolidays: { date: string; name: string }[] };
}

describe("company business calendar: holiday dates", () => {
  it("refuses an impossible date such as 13-45, naming the entry, in ja and en; nothing is saved", async () => {
    const before = await call<Calendar>(t, "manager", "GET", "/api/v1/business-calendar");
    const body = {
      companyHolidays: [
        { date: "12-29", name: "年末休暇" },
        { date: "13-45", name: "創立記念日" },
        { date: "2026-02-30", name: "臨時休業" },
      ],
      version: before.body.company.version,
    };
    const ja = await call<ErrorBody>(t, "manager", "PUT", "/api/v1/business-calendar", body);
    expect(ja.status).toBe(400);
    expect(ja.body.error.code).toBe("validation_failed");
    expect(ja.body.error.details).toEqual([
      {
        path: "companyHolidays.1.date",
        message: expect.stringContaining("休日「創立記念日」の日付 13-45 は存在しない日付です"),
      },
      { path: "companyHolidays.2.date", message: expect.stringContaining("臨時休業") },
    ]);
    const en = await call<ErrorBody>(t, "manager", "PUT", "/api/v1/business-calendar", body, {
      "accept-language": "en",
    });
    expect(en.body.error.details?.[0]?.message).toContain('holiday "創立記念日": 13-45 is not a real date');
    const after = await call<Calendar>(t, "manager", "GET", "/api/v1/business-calendar");
    expect(after.body.company).toEqual(before.body.company);
  });

  it("keeps real dates, 02-29 every year included", async () => {
    const before = await call<Calendar>(t, "manager", "GET", "/api/v1/business-calendar");
    const holidays = [
      { date: "02-29", name: "閏日" },
      { date: "2028-02-29", name: "閏日（2028年）" },
    ];
    const r = await call<Calendar>(t, "manager", "PUT", "/api/v1/business-calendar", {
      companyHolidays: holidays,
      version: before.body.company.version,
    });
    expect(r.status).toBe(200);
    expect(r.body.company.companyHolidays).toEqual(holidays);
  });
});
