import holidayJp from "@holiday-jp/holiday_jp";

/**
 * When a team works, in JST. SLAs count only this time: a handoff made at 17:30 on a Friday
 * with a 4-hour SLA is due at 12:30 on Monday, not at 21:30 on Friday.
 */
export interface BusinessCalendar {
  /** Working weekdays, 0 = Sunday … 6 = Saturday (JST). */
  workdays: readonly number[];
  /** Start of the working day, minutes after JST midnight (540 = 9:00). */
  workStartMinute: number;
  /** End of the working day, minutes after JST midnight (1080 = 18:00); after the start. */
  workEndMinute: number;
  /** Whether Japan's national holidays (祝日, 振替休日, 国民の休日) are days off. */
  nationalHolidays: boolean;
  /** Company days off: `MM-DD` every year (年末年始) or `YYYY-MM-DD` once. */
  companyHolidays: readonly CompanyHoliday[];
}

export interface CompanyHoliday {
  date: string;
  name: string;
}

/** A team's differences from the company calendar; a null or missing field inherits it. */
export type BusinessCalendarOverride = { [K in keyof BusinessCalendar]?: BusinessCalendar[K] | null };

/** 年末年始: 12/29–1/3, the common Japanese company closure. */
export const DEFAULT_COMPANY_HOLIDAYS: readonly CompanyHoliday[] = [
  { date: "12-29", name: "年末年始" },
  { date: "12-30", name: "年末年始" },
  { date: "12-31", name: "年末年始" },
  { date: "01-01", name: "年末年始" },
  { date: "01-02", name: "年末年始" },
  { date: "01-03", name: "年末年始" },
];

/** 9:00–18:00 JST, Monday to Friday, national holidays and 年末年始 off. */
export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = {
  workdays: [1, 2, 3, 4, 5],
  workStartMinute: 9 * 60,
  workEndMinute: 18 * 60,
  nationalHolidays: true,
  companyHolidays: DEFAULT_COMPANY_HOLIDAYS,
};

const MINUTE = 60_000;
const DAY = 86_400_000;
/** JST has no daylight saving time: a fixed +9:00. */
const JST_OFFSET = 9 * 3_600_000;
/** Guards against a calendar that never works (every day off): about 30 years of days. */
const MAX_DAYS = 11_000;

/** Days as `YYYY-MM-DD` strings; the library's own data, read without Date objects (it reads local time). */
const NATIONAL_HOLIDAYS: ReadonlySet<string> = new Set(Object.keys(holidayJp.holidays));

/** The company calendar with a team's overrides applied. */
export function resolveCalendar(
  base: BusinessCalendar,
  override: BusinessCalendarOverride | null | undefined,
): BusinessCalendar {
  if (!override) return base;
  return {
    workdays: override.workdays ?? base.workdays,
    workStartMinute: override.workStartMinute ?? base.workStartMinute,
    workEndMinute: override.workEndMinute ?? base.workEndMinute,
    nationalHolidays: override.nationalHolidays ?? base.nationalHolidays,
    companyHolidays: override.companyHolidays ?? base.companyHolidays,
  };
}

/** Problems that would make the calendar unusable (no working time at all), as messages; empty when fine. */
export function calendarProblems(calendar: BusinessCalendar): string[] {
  const problems: string[] = [];
  if (calendar.workdays.length === 0) problems.push("workdays");
  if (calendar.workdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) problems.push("workdays");
  if (
    !Number.isInteger(calendar.workStartMinute) ||
    !Number.isInteger(calendar.workEndMinute) ||
    calendar.workStartMinute < 0 ||
    calendar.workEndMinute > 24 * 60 ||
    calendar.workStartMinute >= calendar.workEndMinute
  )
    problems.push("workHours");
  if (calendar.companyHolidays.some((h) => !/^(\d{4}-)?\d{2}-\d{2}$/.test(h.date))) {
    problems.push("companyHolidays");
  }
  return [...new Set(problems)];
}

/** The JST calendar date of an instant, `YYYY-MM-DD`. */
export function jstDateOf(instant: Date): string {
  return new Date(instant.getTime() + JST_OFFSET).toISOString().slice(0, 10);
}

/** Whether the JST day (`YYYY-MM-DD`) is a working day in the calendar. */
export function isBusinessDay(date: string, calendar: BusinessCalendar): boolean {
  return workingDay(Date.parse(`${date}T00:00:00Z`) / DAY, calendar, companyHolidaySet(calendar));
}

/** Name of the national holiday on a JST day, or null. */
export function nationalHolidayName(date: string): string | null {
  return (holidayJp.holidays as Record<string, { name: string } | undefined>)[date]?.name ?? null;
}

function companyHolidaySet(calendar: BusinessCalendar): ReadonlySet<string> {
  return new Set(calendar.companyHolidays.map((h) => h.date));
}

/** `day` counts JST days since 1970-01-01 (1970-01-01 was a Thursday). */
function workingDay(day: number, calendar: BusinessCalendar, company: ReadonlySet<string>): boolean {
  const weekday = (day + 4) % 7;
  if (!calendar.workdays.includes(weekday)) return false;
  const date = new Date(day * DAY).toISOString().slice(0, 10);
  if (calendar.nationalHolidays && NATIONAL_HOLIDAYS.has(date)) return false;
  return !(company.has(date) || company.has(date.slice(5)));
}

/**
 * The instant that lies `minutes` of working time after `instant` (fractions allowed).
 * Time outside working hours does not count; the result is inside working time, or at the
 * end of a working day when the minutes run out exactly there. Zero minutes returns `instant`.
 */
export function addBusinessMinutes(instant: Date, minutes: number, calendar: BusinessCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be ≥ 0: ${minutes}`);
  let remaining = Math.round(minutes * MINUTE);
  if (remaining === 0) return new Date(instant.getTime());
  const company = companyHolidaySet(calendar);
  const startOffset = calendar.workStartMinute * MINUTE;
  const endOffset = calendar.workEndMinute * MINUTE;
  let local = instant.getTime() + JST_OFFSET;
  let day = Math.floor(local / DAY);
  for (let i = 0; i < MAX_DAYS; i++, day++) {
    const dayStart = day * DAY;
    if (workingDay(day, calendar, company)) {
      const from = Math.max(local, dayStart + startOffset);
      const available = dayStart + endOffset - from;
      if (available > 0) {
        if (available >= remaining) return new Date(from + remaining - JST_OFFSET);
        remaining -= available;
      }
    }
    local = dayStart + DAY;
  }
  throw new RangeError("the business calendar has no working time");
}

/**
 * Working minutes between two instants (fractions for seconds); negative when `to` is
 * before `from`. `businessMinutesBetween(a, addBusinessMinutes(a, m)) === m`.
 */
export function businessMinutesBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  if (to.getTime() < from.getTime()) return -businessMinutesBetween(to, from, calendar);
  const company = companyHolidaySet(calendar);
  const startOffset = calendar.workStartMinute * MINUTE;
  const endOffset = calendar.workEndMinute * MINUTE;
  const begin = from.getTime() + JST_OFFSET;
  const end = to.getTime() + JST_OFFSET;
  let total = 0;
  for (let day = Math.floor(begin / DAY); day * DAY < end; day++) {
    if (!workingDay(day, calendar, company)) continue;
    const dayStart = day * DAY;
    const overlap = Math.min(end, dayStart + endOffset) - Math.max(begin, dayStart + startOffset);
    if (overlap > 0) total += overlap;
  }
  return total / MINUTE;
}

/** Whether an instant falls within working time (the end of the working day included). */
export function isWithinBusinessHours(instant: Date, calendar: BusinessCalendar): boolean {
  const local = instant.getTime() + JST_OFFSET;
  const day = Math.floor(local / DAY);
  const company = companyHolidaySet(calendar);
  const offset = local - day * DAY;
  if (
    workingDay(day, calendar, company) &&
    offset >= calendar.workStartMinute * MINUTE &&
    offset <= calendar.workEndMinute * MINUTE
  )
    return true;
  // A working day that ends at 24:00 includes its end, which is 00:00 of the next day.
  return offset === 0 && calendar.workEndMinute * MINUTE === DAY && workingDay(day - 1, calendar, company);
}

/**
 * Whether a company holiday's date is a day of the calendar: `MM-DD` one that occurs in some
 * year (02-29 included), `YYYY-MM-DD` a real date. `13-45` or `2026-02-30` is not.
 */
export function isHolidayDate(value: string): boolean {
  const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const year = m[1] === undefined ? 2000 : Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
