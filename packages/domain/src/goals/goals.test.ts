import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_BUSINESS_CALENDAR } from "../business-calendar.ts";
import { DomainError } from "../errors.ts";
import {
  addMonths,
  averageBusinessDaysPerMonth,
  fiscalYearOf,
  fiscalYearStart,
  lastDayOfMonth,
  periodMonths,
  spreadEvenly,
} from "./fiscal.ts";
import { paceGoal } from "./pacing.ts";
import { type GoalAssumptions, PLAN_STAGES, type PlanStage, planReverseFunnel } from "./reverse-funnel.ts";

const noLags = { lead: 0, mql: 0, sal: 0, sql: 0, opportunity: 0 };
const rates = { lead: 0.1, mql: 0.5, sal: 0.8, sql: 0.5, opportunity: 0.25 };

/** Required per month of one stage, as a plain object with the zero months left out. */
function requiredOf(plan: ReturnType<typeof planReverseFunnel>, stage: PlanStage) {
  const cells = plan.stages.find((s) => s.stage === stage)?.cells ?? [];
  return Object.fromEntries(
    cells.filter((c) => Math.abs(c.required) > 1e-9).map((c) => [c.month, Number(c.required.toFixed(6))]),
  );
}

describe("fiscal year (年度)", () => {
  it("names the year by the calendar year it starts in, April by default", () => {
    expect(fiscalYearOf("2026-04")).toBe(2026);
    expect(fiscalYearOf("2027-03")).toBe(2026);
    expect(fiscalYearOf("2026-03")).toBe(2025);
    expect(fiscalYearOf("2026-01", 1)).toBe(2026);
    expect(fiscalYearOf("2026-09", 10)).toBe(2025);
    expect(fiscalYearOf("2026-10", 10)).toBe(2026);
    expect(fiscalYearStart(2026)).toBe("2026-04");
    expect(fiscalYearStart(2026, 10)).toBe("2026-10");
    expect(lastDayOfMonth("2028-02")).toBe("2028-02-29");
    expect(lastDayOfMonth("2027-02")).toBe("2027-02-28");
    expect(lastDayOfMonth("2026-12")).toBe("2026-12-31");
  });

  it("lists the months of a fiscal year, a quarter and a month", () => {
    const fy = periodMonths({ kind: "fiscal_year", fiscalYear: 2026 });
    expect(fy).toHaveLength(12);
    expect(fy[0]).toBe("2026-04");
    expect(fy[11]).toBe("2027-03");
    expect(periodMonths({ kind: "quarter", fiscalYear: 2026, quarter: 4 })).toEqual([
      "2027-01",
      "2027-02",
      "2027-03",
    ]);
    expect(periodMonths({ kind: "quarter", fiscalYear: 2026, quarter: 2 }, 1)).toEqual([
      "2026-04",
      "2026-05",
      "2026-06",
    ]);
    expect(periodMonths({ kind: "month", month: "2026-11" })).toEqual(["2026-11"]);
  });

  it("every month of a fiscal year belongs to it, whatever the start month", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 1, max: 12 }), (fy, start) => {
        const months = periodMonths({ kind: "fiscal_year", fiscalYear: fy }, start);
        expect(months.every((m) => fiscalYearOf(m, start) === fy)).toBe(true);
        expect(fiscalYearOf(addMonths(months[11] as string, 1), start)).toBe(fy + 1);
      }),
    );
  });

  it("spreads a total over months to the yen, remainder to the earliest months", () => {
    expect(spreadEvenly(100, ["2026-04", "2026-05", "2026-06"]).map((s) => s.amount)).toEqual([34, 33, 33]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 1, max: 12 }), (total, n) => {
        const months = periodMonths({ kind: "fiscal_year", fiscalYear: 2026 }).slice(0, n);
        const shares = spreadEvenly(total, months);
        expect(shares.reduce((sum, s) => sum + s.amount, 0)).toBe(total);
        expect(
          Math.max(...shares.map((s) => s.amount)) - Math.min(...shares.map((s) => s.amount)),
        ).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("reverse funnel (逆算)", () => {
  it("walks a month's target back through every stage with known rates and no lags", () => {
    const plan = planReverseFunnel({
      targets: [{ month: "2026-04", revenue: 10_000_000 }],
      assumptions: { averageDealSize: 1_000_000, conversionRates: rates, lagBusinessDays: noLags },
      currentMonth: "2026-04",
      businessDaysPerMonth: 20,
    });
    // 10 deals ÷ 0.25 = 40 opportunities ÷ 0.5 = 80 SQL ÷ 0.8 = 100 SAL ÷ 0.5 = 200 MQL ÷ 0.1 = 2000 leads.
    expect(plan.months).toEqual(["2026-04"]);
    expect(plan.stages.map((s) => [s.stage, s.totalCount])).toEqual([
      ["lead", 2000],
      ["mql", 200],
      ["sal", 100],
      ["sql", 80],
      ["opportunity", 40],
      ["won", 10],
    ]);
  });

  it("moves requirements earlier by the lags, splitting fractional lags, across the fiscal-year boundary", () => {
    const assumptions: GoalAssumptions = {
      averageDealSize: 1_000_000,
      conversionRates: { lead: 0.2, mql: 0.5, sal: 1, sql: 0.5, opportunity: 0.5 },
      lagBusinessDays: {
        lead: 0,
        mql: 5,
        sal: 0,
        sql: 20,
        opportunity: 30,
      },
    };
    const plan = planReverseFunnel({
      targets: [{ month: "2026-04", revenue: 6_000_000 }],
      assumptions,
      currentMonth: "2026-01",
      businessDaysPerMonth: 20,
    });
    // 6 deals in April (2026年度). 12 opportunities, lag 1.5 months: half in March, half in February
    // (both 2025年度). 24 SQLs one month before each: 12 in February, 12 in January. SAL at rate 1, no
    // lag: the same. 48 MQLs, lag 0.25: 3/4 in the SAL's month and 1/4 one month before it:
    // Feb 24 → Feb 18 + Jan 6, Jan 24 → Jan 18 + Dec 6. 240 leads at rate 0.2, no lag.
    expect(requiredOf(plan, "won")).toEqual({ "2026-04": 6 });
    expect(requiredOf(plan, "opportunity")).toEqual({ "2026-02": 6, "2026-03": 6 });
    expect(requiredOf(plan, "sql")).toEqual({ "2026-01": 12, "2026-02": 12 });
    expect(requiredOf(plan, "sal")).toEqual({ "2026-01": 12, "2026-02": 12 });
    expect(requiredOf(plan, "mql")).toEqual({ "2025-12": 6, "2026-01": 24, "2026-02": 18 });
    expect(requiredOf(plan, "lead")).toEqual({ "2025-12": 30, "2026-01": 120, "2026-02": 90 });
    expect(plan.months).toEqual(["2025-12", "2026-01", "2026-02", "2026-03", "2026-04"]);
    expect(fiscalYearOf("2026-03")).toBe(2025);
    // December is before the current month (January): its 30 leads and 6 MQLs are past due.
    const lead = plan.stages.find((s) => s.stage === "lead");
    expect(lead?.pastDueCount).toBe(30);
    expect(plan.stages.find((s) => s.stage === "mql")?.pastDueCount).toBe(6);
    expect(plan.revenue.filter((r) => r.inGoal).map((r) => r.month)).toEqual(["2026-04"]);
  });

  it("rounds whole counts on running totals so they add up to the rounded-up total", () => {
    const plan = planReverseFunnel({
      targets: ["2026-04", "2026-05", "2026-06"].map((month) => ({ month, revenue: 2_500_000 })),
      assumptions: { averageDealSize: 1_000_000, conversionRates: rates, lagBusinessDays: noLags },
      currentMonth: "2026-04",
      businessDaysPerMonth: 20,
    });
    const won = plan.stages.find((s) => s.stage === "won");
    // 2.5, 2.5, 2.5 deals: by end of April 3, by May 5, by June 8.
    expect(won?.cells.map((c) => c.count)).toEqual([3, 2, 3]);
    expect(won?.totalCount).toBe(8);
  });

  it("refuses a conversion rate of 0 (or above 1), a deal size below 1 yen and a negative lag, naming the field", () => {
    const base: GoalAssumptions = {
      averageDealSize: 1_000_000,
      conversionRates: rates,
      lagBusinessDays: noLags,
    };
    const targets = [{ month: "2026-04", revenue: 1_000_000 }];
    const attempt = (assumptions: GoalAssumptions) => {
      try {
        planReverseFunnel({ targets, assumptions, currentMonth: "2026-04", businessDaysPerMonth: 20 });
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        return (error as DomainError).params;
      }
    };
    expect(attempt({ ...base, conversionRates: { ...rates, sql: 0 } })).toEqual({
      field: "conversionRates.sql",
      value: 0,
    });
    expect(attempt({ ...base, conversionRates: { ...rates, lead: 1.2 } })?.field).toBe(
      "conversionRates.lead",
    );
    expect(attempt({ ...base, averageDealSize: 0 })?.field).toBe("averageDealSize");
    expect(attempt({ ...base, lagBusinessDays: { ...noLags, mql: -1 } })?.field).toBe("lagBusinessDays.mql");
    expect(attempt({ ...base, lagBusinessDays: { ...noLags, mql: Number.NaN } })?.field).toBe(
      "lagBusinessDays.mql",
    );
  });

  const assumptionsArb = fc.record({
    averageDealSize: fc.integer({ min: 1, max: 100_000_000 }),
    conversionRates: fc.record({
      lead: fc.double({ min: 0.01, max: 1, noNaN: true }),
      mql: fc.double({ min: 0.01, max: 1, noNaN: true }),
      sal: fc.double({ min: 0.01, max: 1, noNaN: true }),
      sql: fc.double({ min: 0.01, max: 1, noNaN: true }),
      opportunity: fc.double({ min: 0.01, max: 1, noNaN: true }),
    }),
    lagBusinessDays: fc.record({
      lead: fc.double({ min: 0, max: 200, noNaN: true }),
      mql: fc.double({ min: 0, max: 200, noNaN: true }),
      sal: fc.double({ min: 0, max: 200, noNaN: true }),
      sql: fc.double({ min: 0, max: 200, noNaN: true }),
      opportunity: fc.double({ min: 0, max: 200, noNaN: true }),
    }),
  });
  const targetsArb = fc.array(fc.integer({ min: 0, max: 500_000_000 }), { minLength: 1, maxLength: 12 });
  const toTargets = (amounts: number[]) =>
    amounts.map((revenue, i) => ({ month: addMonths("2026-04", i), revenue }));

  it("scales linearly with the target, and lags never change the totals", () => {
    fc.assert(
      fc.property(assumptionsArb, targetsArb, fc.integer({ min: 2, max: 5 }), (assumptions, amounts, k) => {
        const one = planReverseFunnel({
          targets: toTargets(amounts),
          assumptions,
          currentMonth: "2026-04",
          businessDaysPerMonth: 20,
        });
        const scaled = planReverseFunnel({
          targets: toTargets(amounts.map((a) => a * k)),
          assumptions,
          currentMonth: "2026-04",
          businessDaysPerMonth: 20,
        });
        const flat = planReverseFunnel({
          targets: toTargets(amounts),
          assumptions: { ...assumptions, lagBusinessDays: noLags },
          currentMonth: "2026-04",
          businessDaysPerMonth: 20,
        });
        const won = amounts.reduce((s, a) => s + a, 0) / assumptions.averageDealSize;
        let expected = won;
        for (const stage of [...PLAN_STAGES].reverse()) {
          const a = one.stages.find((s) => s.stage === stage);
          const b = scaled.stages.find((s) => s.stage === stage);
          const c = flat.stages.find((s) => s.stage === stage);
          if (stage !== "won") expected /= assumptions.conversionRates[stage];
          expect(a?.total).toBeCloseTo(expected, 6 - Math.log10(Math.max(1, expected)));
          expect((b?.total ?? 0) / k).toBeCloseTo(a?.total ?? 0, 6 - Math.log10(Math.max(1, expected)));
          expect(c?.total).toBeCloseTo(a?.total ?? 0, 6 - Math.log10(Math.max(1, expected)));
          expect(a?.totalCount).toBe(Math.max(0, Math.ceil((a?.total ?? 0) - 1e-9)));
          expect(a?.cells.every((cell) => cell.count >= 0 && cell.required >= 0)).toBe(true);
        }
      }),
    );
  });

  it("a zero target needs nothing at any stage", () => {
    fc.assert(
      fc.property(assumptionsArb, fc.integer({ min: 1, max: 12 }), (assumptions, n) => {
        const plan = planReverseFunnel({
          targets: toTargets(Array.from({ length: n }, () => 0)),
          assumptions,
          currentMonth: "2026-04",
          businessDaysPerMonth: 20,
        });
        expect(plan.stages.every((s) => s.total === 0 && s.totalCount === 0)).toBe(true);
        expect(plan.months).toHaveLength(n);
      }),
    );
  });
});

describe("pacing", () => {
  const plan = planReverseFunnel({
    targets: ["2026-04", "2026-05", "2026-06"].map((month) => ({ month, revenue: 1_000_000 })),
    assumptions: { averageDealSize: 500_000, conversionRates: rates, lagBusinessDays: noLags },
    currentMonth: "2026-05",
    businessDaysPerMonth: 20,
  });

  it("compares actual with plan and projects the gap at the pace of the closed months", () => {
    const pacing = paceGoal({
      plan,
      actualRevenue: new Map([
        ["2026-04", 500_000],
        ["2026-05", 200_000],
      ]),
      actualCounts: new Map([["won", new Map([["2026-04", 1]])]]),
      currentMonth: "2026-05",
      firstDataMonth: "2025-01",
    });
    // April closed at 50 % of target: May projects max(200k so far, 1M × 0.5), June 1M × 0.5.
    expect(pacing.paceRatio).toBe(0.5);
    expect(pacing.revenue.map((r) => [r.month, r.status, r.actual, r.projected])).toEqual([
      ["2026-04", "closed", 500_000, 500_000],
      ["2026-05", "current", 200_000, 500_000],
      ["2026-06", "future", null, 500_000],
    ]);
    expect(pacing.actualRevenue).toBe(700_000);
    expect(pacing.projectedRevenue).toBe(1_500_000);
    expect(pacing.projectedGap).toBe(-1_500_000);
    const won = pacing.stages.find((s) => s.stage === "won");
    // Two deals a month planned; April had one: one behind, so May needs three.
    expect(won?.catchUp).toBe(1);
    expect(won?.neededThisMonth).toBe(3);
  });

  it("projects on plan before any target month has closed, and never counts a surplus as catch-up", () => {
    const pacing = paceGoal({
      plan,
      actualRevenue: new Map([["2026-03", 9_000_000]]),
      actualCounts: new Map([["won", new Map([["2026-04", 5]])]]),
      currentMonth: "2026-04",
      firstDataMonth: "2025-01",
    });
    expect(pacing.paceRatio).toBeNull();
    expect(pacing.projectedRevenue).toBe(3_000_000);
    expect(pacing.projectedGap).toBe(0);
    expect(pacing.stages.find((s) => s.stage === "won")?.catchUp).toBe(0);
  });

  // Leads are needed a month before each deal: the plan starts before the goal's first month.
  const withLead = planReverseFunnel({
    targets: ["2026-04", "2026-05", "2026-06"].map((month) => ({ month, revenue: 1_000_000 })),
    assumptions: {
      averageDealSize: 500_000,
      conversionRates: rates,
      lagBusinessDays: { ...noLags, lead: 20 },
    },
    currentMonth: "2026-06",
    businessDaysPerMonth: 20,
  });

  it("never paints a month before the goal period as short, nor counts it in the catch-up", () => {
    expect(withLead.months[0]! < "2026-04").toBe(true);
    const pacing = paceGoal({
      plan: withLead,
      actualRevenue: new Map(),
      actualCounts: new Map(),
      currentMonth: "2026-06",
      firstDataMonth: "2020-01",
    });
    const lead = pacing.stages.find((s) => s.stage === "lead")!;
    const before = lead.cells.filter((c) => c.month < "2026-04");
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((c) => c.status === "closed" && c.actual === 0 && !c.judged)).toBe(true);
    const inGoal = lead.cells.filter((c) => c.month >= "2026-04" && c.status === "closed");
    expect(inGoal.every((c) => c.judged)).toBe(true);
    expect(lead.catchUp).toBe(inGoal.reduce((s, c) => s + c.planned, 0));
  });

  it("never paints a month before any data as short: not in the pace ratio nor the catch-up", () => {
    const pacing = paceGoal({
      plan,
      actualRevenue: new Map([["2026-05", 300_000]]),
      actualCounts: new Map([["won", new Map([["2026-05", 1]])]]),
      currentMonth: "2026-06",
      firstDataMonth: "2026-05",
    });
    expect(pacing.revenue.map((r) => [r.month, r.judged])).toEqual([
      ["2026-04", false],
      ["2026-05", true],
      ["2026-06", false],
    ]);
    expect(pacing.paceRatio).toBe(0.3); // May alone: 300k of 1M
    expect(pacing.stages.find((s) => s.stage === "won")?.catchUp).toBe(1); // May: 2 planned, 1 won
    const none = paceGoal({
      plan,
      actualRevenue: new Map(),
      actualCounts: new Map(),
      currentMonth: "2026-06",
      firstDataMonth: null,
    });
    expect(none.paceRatio).toBeNull();
    expect(none.stages.every((s) => s.catchUp === 0 && s.cells.every((c) => !c.judged))).toBe(true);
  });
});

describe("business days per month", () => {
  it("counts the company calendar's working days: 2026年度 on the default calendar", () => {
    // May 2026: 21 weekdays, minus 憲法記念日 振替 (5/6), みどりの日 (5/4), こどもの日 (5/5) = 18.
    expect(averageBusinessDaysPerMonth(["2026-05"], DEFAULT_BUSINESS_CALENDAR)).toBe(18);
    const year = averageBusinessDaysPerMonth(
      periodMonths({ kind: "fiscal_year", fiscalYear: 2026 }),
      DEFAULT_BUSINESS_CALENDAR,
    );
    expect(year).toBeGreaterThan(19);
    expect(year).toBeLessThan(21);
  });
});
