import { type BusinessCalendar, isBusinessDay } from "../business-calendar.ts";
import { DomainError } from "../errors.ts";

/**
 * Months are `YYYY-MM` strings in JST. A fiscal year (年度) is named by the calendar year it
 * starts in: with the default April start, 2026年度 runs 2026-04 … 2027-03.
 */
export type MonthKey = string;

export const DEFAULT_FISCAL_YEAR_START_MONTH = 4;
export const GOAL_PERIODS = ["month", "quarter", "fiscal_year"] as const;
export type GoalPeriod = (typeof GOAL_PERIODS)[number];

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A month as a running number (year × 12 + month − 1), so month arithmetic is integer arithmetic. */
export function monthIndex(month: MonthKey): number {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new DomainError("invalid_goal_assumption", { field: "month", value: month });
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

/** The month with the given running number. */
export function monthFromIndex(index: number): MonthKey {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

export function addMonths(month: MonthKey, count: number): MonthKey {
  return monthFromIndex(monthIndex(month) + count);
}

/** Every month from `first` to `last`, both included (empty when last is before first). */
export function monthRange(first: MonthKey, last: MonthKey): MonthKey[] {
  const months: MonthKey[] = [];
  for (let i = monthIndex(first); i <= monthIndex(last); i += 1) months.push(monthFromIndex(i));
  return months;
}

/** The last calendar day of a month, `YYYY-MM-DD`. */
export function lastDayOfMonth(month: MonthKey): string {
  const index = monthIndex(month);
  const year = Math.floor(index / 12);
  const days = new Date(Date.UTC(year, index - year * 12 + 1, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, "0")}`;
}

/** The JST month of a `YYYY-MM-DD` calendar date. */
export function monthOfDate(date: string): MonthKey {
  return date.slice(0, 7);
}

function assertStartMonth(startMonth: number): void {
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12) {
    throw new DomainError("invalid_goal_assumption", { field: "fiscalYearStartMonth", value: startMonth });
  }
}

/** The fiscal year (年度) a month belongs to: 2027-03 is 2026年度 when the year starts in April. */
export function fiscalYearOf(month: MonthKey, startMonth = DEFAULT_FISCAL_YEAR_START_MONTH): number {
  assertStartMonth(startMonth);
  const index = monthIndex(month);
  return Math.floor((index - (startMonth - 1)) / 12);
}

/** The first month of a fiscal year. */
export function fiscalYearStart(fiscalYear: number, startMonth = DEFAULT_FISCAL_YEAR_START_MONTH): MonthKey {
  assertStartMonth(startMonth);
  return monthFromIndex(fiscalYear * 12 + startMonth - 1);
}

/**
 * The months a goal period covers. Quarters count from the fiscal year's start (Q1 of 2026年度 is
 * 2026-04 … 2026-06 with an April start); a `month` period is the single month given.
 */
export function periodMonths(
  period:
    | { kind: "month"; month: MonthKey }
    | { kind: "quarter"; fiscalYear: number; quarter: number }
    | { kind: "fiscal_year"; fiscalYear: number },
  startMonth = DEFAULT_FISCAL_YEAR_START_MONTH,
): MonthKey[] {
  if (period.kind === "month") return [monthFromIndex(monthIndex(period.month))];
  const first = fiscalYearStart(period.fiscalYear, startMonth);
  if (period.kind === "fiscal_year") return monthRange(first, addMonths(first, 11));
  if (!Number.isInteger(period.quarter) || period.quarter < 1 || period.quarter > 4) {
    throw new DomainError("invalid_goal_assumption", { field: "quarter", value: period.quarter });
  }
  const start = addMonths(first, (period.quarter - 1) * 3);
  return monthRange(start, addMonths(start, 2));
}

/**
 * Spreads a whole-yen total over months: equal shares, the remainder yen going one each to the
 * earliest months, so the shares always add up to the total exactly.
 */
export function spreadEvenly(
  total: number,
  months: readonly MonthKey[],
): { month: MonthKey; amount: number }[] {
  if (!Number.isInteger(total) || total < 0) {
    throw new DomainError("invalid_goal_assumption", { field: "target", value: total });
  }
  if (months.length === 0) return [];
  const base = Math.floor(total / months.length);
  const remainder = total - base * months.length;
  return months.map((month, i) => ({ month, amount: base + (i < remainder ? 1 : 0) }));
}

/** Business days in an average month of the given months on the calendar (lags in 営業日 → months). */
export function averageBusinessDaysPerMonth(months: readonly MonthKey[], calendar: BusinessCalendar): number {
  if (months.length === 0) return 0;
  let days = 0;
  for (const month of months) {
    const [year, monthNumber] = month.split("-").map(Number) as [number, number];
    const length = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
    for (let day = 1; day <= length; day += 1) {
      if (isBusinessDay(`${month}-${String(day).padStart(2, "0")}`, calendar)) days += 1;
    }
  }
  return days / months.length;
}
