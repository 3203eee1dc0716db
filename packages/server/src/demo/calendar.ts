import { type BusinessCalendar, DEFAULT_BUSINESS_CALENDAR, isBusinessDay } from "@tasuki/domain";
import type { Random } from "./random.ts";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const JST_OFFSET = 9 * HOUR;

/** 'YYYY-MM-DD' (a JST calendar day) → the instant of its 00:00 JST. */
export function jstMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00+09:00`);
}

/** The JST calendar day of an instant, as 'YYYY-MM-DD'. */
export function jstDate(ms: number): string {
  return new Date(ms + JST_OFFSET).toISOString().slice(0, 10);
}

/** Today in Japan, whatever the machine's time zone. */
export function todayInJst(now: Date): string {
  return jstDate(now.getTime());
}

/** Calendar months back from a JST day, clamped to the month's length (3/31 − 1 month = 2/28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/**
 * The working calendar of the demo period, the relay's own (domain DEFAULT_BUSINESS_CALENDAR:
 * weekdays 9:00–18:00, 祝日 and 年末年始 off), precomputed per day so calls and meetings land
 * when a Japanese office is open without a holiday lookup per activity.
 */
export class WorkCalendar {
  readonly start: number;
  readonly end: number;
  private readonly firstDay: number;
  private readonly isWorkday: Uint8Array;
  private readonly openHour: number;
  private readonly openHours: number;

  constructor(startDate: string, endDate: string, business: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR) {
    this.start = jstMidnight(startDate);
    this.end = jstMidnight(endDate);
    this.openHour = business.workStartMinute / 60;
    this.openHours = (business.workEndMinute - business.workStartMinute) / 60;
    this.firstDay = this.dayNumber(this.start) - 40;
    const days = Math.ceil((this.end - this.start) / DAY) + 400;
    this.isWorkday = new Uint8Array(days);
    for (let i = 0; i < days; i++) {
      this.isWorkday[i] = isBusinessDay(jstDate((this.firstDay + i) * DAY - JST_OFFSET), business) ? 1 : 0;
    }
  }

  private dayNumber(ms: number): number {
    return Math.floor((ms + JST_OFFSET) / DAY);
  }

  isWorkingDay(ms: number): boolean {
    const index = this.dayNumber(ms) - this.firstDay;
    return index < 0 || index >= this.isWorkday.length ? true : this.isWorkday[index] === 1;
  }

  /** 00:00 JST of the day holding the instant. */
  dayStart(ms: number): number {
    return this.dayNumber(ms) * DAY - JST_OFFSET;
  }

  /** The first working day at or after the instant's day, at a random office hour. */
  officeTime(ms: number, random: Random): number {
    let day = this.dayStart(ms);
    for (let i = 0; i < 10 && !this.isWorkingDay(day); i++) day += DAY;
    return day + this.openHour * HOUR + Math.floor(random.next() * this.openHours * HOUR);
  }

  /** Like officeTime, but never earlier than the instant itself. */
  officeTimeAfter(ms: number, random: Random): number {
    const candidate = this.officeTime(ms, random);
    return candidate > ms ? candidate : this.officeTime(ms + DAY, random);
  }

  /** Any hour, evenings and weekends included, skewed to the working day (for web and email). */
  webTime(ms: number, random: Random): number {
    const day = this.dayStart(ms);
    const hour = random.chance(0.75) ? 8 + random.next() * 11 : random.next() * 24;
    return day + Math.floor(hour * HOUR);
  }

  /**
   * `addBusinessMinutes` of the domain on the precomputed days (the same algorithm without a
   * holiday lookup per day): every handoff's due time, at-risk time and response time.
   */
  addBusinessMinutes(ms: number, minutes: number): number {
    let remaining = Math.round(minutes * 60_000);
    if (remaining === 0) return ms;
    const open = this.openHour * HOUR;
    const close = open + this.openHours * HOUR;
    let t = ms;
    for (let day = this.dayStart(ms), i = 0; i < 4000; i++, day += DAY) {
      if (this.isWorkingDay(day)) {
        const from = Math.max(t, day + open);
        const available = day + close - from;
        if (available > 0) {
          if (available >= remaining) return from + remaining;
          remaining -= available;
        }
      }
      t = day + DAY;
    }
    throw new RangeError("no working time");
  }

  /** The instant `minutes` business minutes before `ms` (the inverse of addBusinessMinutes). */
  subtractBusinessMinutes(ms: number, minutes: number): number {
    let remaining = Math.round(minutes * 60_000);
    const open = this.openHour * HOUR;
    const close = open + this.openHours * HOUR;
    let t = ms;
    for (let day = this.dayStart(ms), i = 0; i < 4000; i++, day -= DAY) {
      if (this.isWorkingDay(day)) {
        const to = Math.min(t, day + close);
        const available = to - (day + open);
        if (available > 0) {
          if (available >= remaining) return to - remaining;
          remaining -= available;
        }
      }
      t = day;
    }
    throw new RangeError("no working time");
  }

  /** `businessMinutesBetween` of the domain (from ≤ to) on the precomputed days. */
  businessMinutesBetween(from: number, to: number): number {
    const open = this.openHour * HOUR;
    const close = open + this.openHours * HOUR;
    let total = 0;
    for (let day = this.dayStart(from); day < to; day += DAY) {
      if (!this.isWorkingDay(day)) continue;
      const overlap = Math.min(to, day + close) - Math.max(from, day + open);
      if (overlap > 0) total += overlap;
    }
    return total / 60_000;
  }
}
