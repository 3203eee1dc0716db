import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  calendarProblems,
  DEFAULT_BUSINESS_CALENDAR,
  isBusinessDay,
  isHolidayDate,
  isWithinBusinessHours,
  nationalHolidayName,
  resolveCalendar,
} from "./business-calendar.ts";

const cal = DEFAULT_BUSINESS_CALENDAR;
const jst = (local: string) => new Date(`${local}+09:00`);
const iso = (d: Date) => d.toISOString();

describe("business calendar: table cases", () => {
  it.each([
    ["Friday 17:30 + 4h → Monday 12:30", "2026-06-05T17:30", 240, "2026-06-08T12:30"],
    ["Friday 17:30 + 4h, Monday 海の日 → Tuesday 12:30", "2026-07-17T17:30", 240, "2026-07-21T12:30"],
    [
      "Monday 2026-12-28 17:00 + 8h → 2027-01-04 16:00 (年末年始)",
      "2026-12-28T17:00",
      480,
      "2027-01-04T16:00",
    ],
    ["Golden Week with 振替休日 (5/6) → Thursday 5/7", "2026-05-01T17:30", 240, "2026-05-07T12:30"],
    ["before opening counts from 9:00", "2026-06-08T07:00", 60, "2026-06-08T10:00"],
    ["after closing counts from the next morning", "2026-06-08T20:00", 60, "2026-06-09T10:00"],
    ["Saturday counts from Monday 9:00", "2026-06-06T11:00", 30, "2026-06-08T09:30"],
    ["runs out exactly at closing: stays at 18:00", "2026-06-08T17:00", 60, "2026-06-08T18:00"],
    ["16 business hours across a weekend", "2026-06-04T12:00", 960, "2026-06-08T10:00"],
    ["振替休日 2027-03-22 (春分の日 on Sunday)", "2027-03-19T17:00", 120, "2027-03-23T10:00"],
  ])("%s", (_name, start, minutes, expected) => {
    const due = addBusinessMinutes(jst(start), minutes, cal);
    expect(iso(due)).toBe(iso(jst(expected)));
    expect(businessMinutesBetween(jst(start), due, cal)).toBe(minutes);
  });

  it("zero minutes is the same instant", () => {
    const at = jst("2026-06-06T03:00");
    expect(addBusinessMinutes(at, 0, cal).getTime()).toBe(at.getTime());
  });

  it("knows national, substitute and company holidays, and weekends", () => {
    expect(nationalHolidayName("2026-05-06")).toContain("振替休日");
    expect(isBusinessDay("2026-05-06", cal)).toBe(false);
    expect(isBusinessDay("2026-05-07", cal)).toBe(true);
    expect(isBusinessDay("2026-12-29", cal)).toBe(false);
    expect(isBusinessDay("2027-01-04", cal)).toBe(true);
    expect(isBusinessDay("2026-06-06", cal)).toBe(false);
    expect(isBusinessDay("2026-06-05", cal)).toBe(true);
  });

  it("a team override replaces only what it sets (Saturday work, 10:00–19:00, no 年末年始)", () => {
    const team = resolveCalendar(cal, {
      workdays: [1, 2, 3, 4, 5, 6],
      workStartMinute: 600,
      workEndMinute: 1140,
      companyHolidays: [],
      nationalHolidays: null,
    });
    expect(team.nationalHolidays).toBe(true);
    expect(iso(addBusinessMinutes(jst("2026-06-05T18:30"), 60, team))).toBe(iso(jst("2026-06-06T10:30")));
    expect(iso(addBusinessMinutes(jst("2026-12-28T19:00"), 60, team))).toBe(iso(jst("2026-12-29T11:00")));
  });

  it("one-off company holidays (YYYY-MM-DD) apply only that year", () => {
    const withFoundationDay = { ...cal, companyHolidays: [{ date: "2026-06-08", name: "創立記念日" }] };
    expect(isBusinessDay("2026-06-08", withFoundationDay)).toBe(false);
    expect(isBusinessDay("2026-12-29", withFoundationDay)).toBe(true);
    expect(isBusinessDay("2027-06-08", withFoundationDay)).toBe(true);
  });

  it("flags unusable calendars", () => {
    expect(calendarProblems(cal)).toEqual([]);
    expect(calendarProblems({ ...cal, workdays: [] })).toEqual(["workdays"]);
    expect(calendarProblems({ ...cal, workStartMinute: 600, workEndMinute: 600 })).toEqual(["workHours"]);
    expect(calendarProblems({ ...cal, companyHolidays: [{ date: "12/29", name: "x" }] })).toEqual([
      "companyHolidays",
    ]);
  });

  it("is fast: a year of business time is a loop over days", () => {
    const started = performance.now();
    for (let i = 0; i < 200; i++) addBusinessMinutes(jst("2026-01-05T09:00"), 540 * 240 + i, cal);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

// Instants from 2024 to 2049 (the holiday data ends in 2050), to the minute, across every year end.
const instantArb = fc
  .integer({ min: Date.UTC(2024, 0, 1) / 60_000, max: Date.UTC(2049, 0, 1) / 60_000 })
  .map((minute) => new Date(minute * 60_000));
const minutesArb = fc.integer({ min: 0, max: 540 * 30 });
/** Up to 90 days, in milliseconds. */
const spanArb = fc.integer({ min: 0, max: 90 * 86_400_000 });
const calendarArb: fc.Arbitrary<BusinessCalendar> = fc.oneof(
  fc.constant(cal),
  fc
    .record({
      workdays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
      start: fc.integer({ min: 0, max: 23 * 60 }),
      length: fc.integer({ min: 60, max: 12 * 60 }),
      nationalHolidays: fc.boolean(),
      yearEnd: fc.boolean(),
    })
    .map((r) => ({
      workdays: r.workdays,
      workStartMinute: r.start,
      workEndMinute: Math.min(24 * 60, r.start + r.length),
      nationalHolidays: r.nationalHolidays,
      companyHolidays: r.yearEnd ? cal.companyHolidays : [],
    })),
);

describe("business calendar: properties", () => {
  it("a working day that ends at 24:00 includes its end (00:00 of the next, non-working, day)", () => {
    // The counterexample fast-check found: Sunday-only work until midnight.
    const sundayNight: BusinessCalendar = {
      workdays: [0],
      workStartMinute: 1376,
      workEndMinute: 1440,
      nationalHolidays: false,
      companyHolidays: [],
    };
    const due = addBusinessMinutes(new Date("2024-01-01T00:00:00.000Z"), 8896, sundayNight);
    expect(due.getTime() % (24 * 3_600_000)).toBe(15 * 3_600_000); // 00:00 JST
    expect(isWithinBusinessHours(due, sundayNight)).toBe(true);
    expect(isWithinBusinessHours(new Date(due.getTime() + 60_000), sundayNight)).toBe(false);
  });

  it("never lands outside working time", () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 1, max: 540 * 30 }), calendarArb, (at, minutes, c) => {
        expect(isWithinBusinessHours(addBusinessMinutes(at, minutes, c), c)).toBe(true);
      }),
    );
  });

  it("is monotonic in the minutes and in the start", () => {
    fc.assert(
      fc.property(instantArb, minutesArb, minutesArb, calendarArb, (at, m1, m2, c) => {
        const [small, large] = m1 <= m2 ? [m1, m2] : [m2, m1];
        expect(addBusinessMinutes(at, small, c).getTime()).toBeLessThanOrEqual(
          addBusinessMinutes(at, large, c).getTime(),
        );
      }),
    );
    fc.assert(
      fc.property(instantArb, instantArb, minutesArb, (a, b, m) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(addBusinessMinutes(early, m, cal).getTime()).toBeLessThanOrEqual(
          addBusinessMinutes(late, m, cal).getTime(),
        );
      }),
    );
  });

  it("is additive: adding m1 then m2 equals adding m1 + m2", () => {
    fc.assert(
      fc.property(instantArb, minutesArb, minutesArb, calendarArb, (at, m1, m2, c) => {
        const stepwise = addBusinessMinutes(addBusinessMinutes(at, m1, c), m2, c);
        const once = addBusinessMinutes(at, m1 + m2, c);
        expect(stepwise.getTime()).toBe(once.getTime());
      }),
    );
  });

  it("between is the inverse of add, and additive over a split point", () => {
    fc.assert(
      fc.property(instantArb, minutesArb, calendarArb, (at, m, c) => {
        expect(businessMinutesBetween(at, addBusinessMinutes(at, m, c), c)).toBe(m);
      }),
    );
    fc.assert(
      fc.property(instantArb, spanArb, spanArb, calendarArb, (a, s1, s2, c) => {
        const b = new Date(a.getTime() + s1);
        const d = new Date(b.getTime() + s2);
        expect(businessMinutesBetween(a, b, c) + businessMinutesBetween(b, d, c)).toBeCloseTo(
          businessMinutesBetween(a, d, c),
          6,
        );
        expect(businessMinutesBetween(d, a, c)).toBe(-businessMinutesBetween(a, d, c));
      }),
    );
  });

  it("adding the minutes between a and a working instant b lands on b", () => {
    fc.assert(
      fc.property(instantArb, minutesArb, fc.integer({ min: 1, max: 540 * 30 }), (a, m0, m) => {
        const b = addBusinessMinutes(a, m0 + m, cal);
        expect(addBusinessMinutes(a, businessMinutesBetween(a, b, cal), cal).getTime()).toBe(b.getTime());
      }),
    );
  });

  it("never counts weekends, holidays or 年末年始", () => {
    fc.assert(
      fc.property(instantArb, (at) => {
        const dayStart = new Date(
          `${new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10)}T00:00:00+09:00`,
        );
        const dayEnd = new Date(dayStart.getTime() + 86_400_000);
        const date = new Date(dayStart.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
        const expected = isBusinessDay(date, cal) ? 540 : 0;
        expect(businessMinutesBetween(dayStart, dayEnd, cal)).toBe(expected);
        const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
        const holiday =
          weekday === 0 ||
          weekday === 6 ||
          nationalHolidayName(date) !== null ||
          /-(12-(29|30|31)|01-0[123])$/.test(date);
        expect(expected === 0).toBe(holiday);
      }),
    );
  });
});

describe("company holiday dates", () => {
  it.each(["01-01", "12-31", "02-29", "2028-02-29", "2026-12-29"])("%s is a day of the calendar", (date) => {
    expect(isHolidayDate(date)).toBe(true);
  });
  it.each(["13-45", "00-10", "04-31", "02-30", "2026-02-29", "2026-13-01", "12-00", "1-1"])(
    "%s is not",
    (date) => {
      expect(isHolidayDate(date)).toBe(false);
    },
  );
});
