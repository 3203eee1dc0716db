import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_BUSINESS_CALENDAR } from "../business-calendar.ts";
import {
  businessDayOrdinals,
  businessDaysBetween,
  cohortConversion,
  FUNNEL_STEPS,
  histogramStats,
  mean,
  median,
  monthsBetween,
  opportunityRate,
  periodConversion,
  periodOf,
  pipelineOf,
  rate,
  resolvePeriod,
  responseRate,
  type StageReached,
  stageReachedFrom,
  stepVelocity,
  winRate,
} from "./metrics.ts";

const jst = (local: string) => new Date(`${local}+09:00`);
const cal = DEFAULT_BUSINESS_CALENDAR;

describe("rate, median, mean", () => {
  it("divide by zero gives null, never NaN or Infinity", () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(3, 0)).toBeNull();
    expect(rate(0, 4)).toBe(0);
    expect(rate(3, 4)).toBe(0.75);
    expect(median([])).toBeNull();
    expect(mean([])).toBeNull();
  });
  it("median of an even count is the mean of the middle two", () => {
    expect(median([17, 1, 3, 1])).toBe(2);
    expect(median([5, 1, 9])).toBe(5);
    expect(mean([1, 1, 3, 17])).toBe(5.5);
  });
});

describe("histogramStats", () => {
  it("agrees with median and mean over the expanded values", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -5, max: 60 }), fc.integer({ min: 0, max: 4 }))),
        (bins) => {
          const values = bins.flatMap(([v, n]) => Array.from({ length: n }, () => v));
          const stats = histogramStats(bins);
          expect(stats.count).toBe(values.length);
          expect(stats.median).toBe(median(values));
          if (values.length === 0) expect(stats.mean).toBeNull();
          else expect(stats.mean).toBeCloseTo(mean(values)!, 9);
        },
      ),
    );
  });
});

describe("FUNNEL_STEPS", () => {
  it("are the adjacent pairs of the forward path", () => {
    expect(FUNNEL_STEPS.map((s) => `${s.from}>${s.to}`)).toEqual([
      "lead>mql",
      "mql>sal",
      "sal>sql",
      "sql>opportunity",
      "opportunity>won",
      "won>customer",
    ]);
  });
});

describe("businessDaysBetween", () => {
  it("counts working days after the first date up to and including the second", () => {
    expect(businessDaysBetween(jst("2026-01-09T10:00"), jst("2026-01-09T17:00"), cal)).toBe(0);
    expect(businessDaysBetween(jst("2026-01-09T10:00"), jst("2026-01-13T10:00"), cal)).toBe(1); // 成人の日 1/12
    expect(businessDaysBetween(jst("2025-12-26T10:00"), jst("2026-01-05T10:00"), cal)).toBe(1); // 年末年始
    expect(businessDaysBetween(jst("2026-01-13T10:00"), jst("2026-01-09T10:00"), cal)).toBe(-1);
  });
  it("JST dates decide: 23:30 JST Friday is Friday, not Saturday in UTC terms", () => {
    expect(businessDaysBetween(jst("2026-01-08T23:30"), jst("2026-01-09T00:30"), cal)).toBe(1);
  });
  it("equals the difference of ordinals, which is how SQL computes it", () => {
    const ordinals = new Map(businessDayOrdinals("2025-01-01", "2027-12-31", cal));
    const day = fc.integer({ min: 0, max: 3 * 365 - 1 });
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [x, y] = [Math.min(a, b), Math.max(a, b)];
        const dx = new Date(Date.UTC(2025, 0, 1 + x)).toISOString().slice(0, 10);
        const dy = new Date(Date.UTC(2025, 0, 1 + y)).toISOString().slice(0, 10);
        expect(businessDaysBetween(jst(`${dx}T12:00`), jst(`${dy}T12:00`), cal)).toBe(
          ordinals.get(dy)! - ordinals.get(dx)!,
        );
      }),
    );
  });
});

describe("funnel definitions", () => {
  const q1 = periodOf("2026-01-01", "2026-03-31");
  const people: StageReached[] = [
    { lead: jst("2026-01-05T10:00"), mql: jst("2026-01-06T10:00"), sal: jst("2026-01-09T10:00") },
    { lead: jst("2025-12-20T10:00"), mql: jst("2026-01-05T10:00") },
    { lead: jst("2026-02-10T10:00"), disqualified: jst("2026-02-12T10:00") },
    // Reached SAL first (imported), MQL later: not a conversion from MQL to SAL.
    { lead: jst("2026-02-01T10:00"), sal: jst("2026-02-02T10:00"), mql: jst("2026-02-20T10:00") },
  ];
  it("cohort: entries in the period, converted any time after", () => {
    expect(cohortConversion(people, "lead", "mql", q1)).toEqual({ entered: 3, converted: 2, rate: 2 / 3 });
    expect(cohortConversion(people, "mql", "sal", q1)).toEqual({ entered: 3, converted: 1, rate: 1 / 3 });
    expect(cohortConversion(people, "sql", "opportunity", q1)).toEqual({
      entered: 0,
      converted: 0,
      rate: null,
    });
  });
  it("period: flows in the same window", () => {
    expect(periodConversion(people, "lead", "mql", q1)).toEqual({ entered: 3, converted: 3, rate: 1 });
  });
  it("velocity over arrivals at the later stage", () => {
    expect(stepVelocity(people, "lead", "mql", q1, cal)).toEqual({
      count: 3,
      medianDays: 6,
      meanDays: (1 + 6 + 14) / 3,
    });
  });
  it("first arrivals from stage changes keep the earliest re-entry", () => {
    const reached = stageReachedFrom(
      [
        { toStage: "mql", changedAt: jst("2026-02-02T10:00") },
        { toStage: "mql", changedAt: jst("2026-01-08T10:00") },
        { toStage: "recycled", changedAt: jst("2026-01-20T10:00") },
      ],
      jst("2026-01-07T10:00"),
    );
    expect(reached).toEqual({
      lead: jst("2026-01-07T10:00"),
      mql: jst("2026-01-08T10:00"),
      recycled: jst("2026-01-20T10:00"),
    });
  });
  it("商談化率 and 成約率", () => {
    expect(opportunityRate(people, q1)).toEqual({ entered: 3, converted: 0, rate: 0 });
    expect(winRate([{ outcome: "won" }, { outcome: "lost" }, { outcome: "lost" }]).rate).toBeCloseTo(1 / 3);
    expect(winRate([]).rate).toBeNull();
  });
  it("パイプライン金額 counts open deals only: won and lost have their own names", () => {
    const deals = [
      { outcome: null, stage: "discovery", amount: 100 },
      { outcome: null, stage: "proposal", amount: 250 },
      { outcome: "won" as const, stage: "contracting", amount: 1000 },
      { outcome: "lost" as const, stage: "proposal", amount: 500 },
    ];
    const p = pipelineOf(deals, ["discovery", "proposal", "negotiation"]);
    expect(p).toMatchObject({ count: 2, amount: 350 });
    expect(p.stages).toEqual([
      { stage: "discovery", count: 1, amount: 100 },
      { stage: "proposal", count: 1, amount: 250 },
      { stage: "negotiation", count: 0, amount: 0 },
    ]);
    expect(pipelineOf([], ["discovery"])).toEqual({
      count: 0,
      amount: 0,
      stages: [{ stage: "discovery", count: 0, amount: 0 }],
    });
  });
  it("response rate counts people, not activities", () => {
    expect(
      responseRate([
        { personId: "a", type: "email_open" },
        { personId: "a", type: "email_click" },
        { personId: "a", type: "inquiry" },
        { personId: "b", type: "page_view" },
        { personId: "c", type: "note" },
      ]),
    ).toEqual({ touched: 2, responded: 1, rate: 0.5 });
  });
  it("months of a period", () => {
    expect(monthsBetween("2025-11-15", "2026-02-01")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  });
});

describe("resolvePeriod", () => {
  it("defaults to this month and the twelve before it, up to today", () => {
    expect(resolvePeriod({}, "2026-06-30")).toEqual({ from: "2025-06-01", to: "2026-06-30" });
    expect(resolvePeriod({}, "2026-01-05")).toEqual({ from: "2025-01-01", to: "2026-01-05" });
  });
  it("keeps a chosen bound and fills the other from it", () => {
    expect(resolvePeriod({ to: "2026-03-31" }, "2026-06-30")).toEqual({
      from: "2025-03-01",
      to: "2026-03-31",
    });
    expect(resolvePeriod({ from: "2026-05-01" }, "2026-06-30")).toEqual({
      from: "2026-05-01",
      to: "2026-06-30",
    });
    expect(resolvePeriod({ from: "2026-05-01", to: "2026-05-31" }, "x")).toEqual({
      from: "2026-05-01",
      to: "2026-05-31",
    });
  });
});
