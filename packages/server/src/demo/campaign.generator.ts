import type { CampaignType } from "@tasuki/domain";
import { DAY, HOUR, jstDate, jstMidnight, type WorkCalendar } from "./calendar.ts";
import { AD_CHANNELS, CONTENT_THEMES, EXHIBITIONS, NEWSLETTER_SUBJECTS, WEBINAR_THEMES } from "./catalog.ts";
import type { Random } from "./random.ts";

export interface DemoCampaign {
  id: string;
  name: string;
  type: CampaignType;
  /** The instant the campaign happens (webinar start, newsletter send, first expo day, first ad day). */
  at: number;
  /** Last instant it can still produce a first touch. */
  until: number;
  startsOn: string;
  endsOn: string | null;
  budget: number;
  createdBy: string;
  /** Newsletter subject line, for email activities. */
  subject: string | null;
}

/** A year of marketing: 2 newsletters, 2 webinars and the ads every month, an expo every other month. */
export function buildCampaigns(
  random: Random,
  calendar: WorkCalendar,
  options: { budgetScale: number; marketers: readonly string[] },
): DemoCampaign[] {
  const campaigns: DemoCampaign[] = [];
  const webinarRuns = new Map<string, number>();
  const yen = (min: number, max: number) =>
    Math.round((random.between(min, max) * options.budgetScale) / 10_000) * 10_000;
  const creator = () => random.pick(options.marketers);
  const first = new Date(calendar.start + 9 * HOUR);
  const last = calendar.end + 45 * DAY;
  for (let monthIndex = 0; ; monthIndex++) {
    const months = first.getUTCFullYear() * 12 + first.getUTCMonth() + monthIndex;
    const y = Math.floor(months / 12);
    const m = (months % 12) + 1;
    if (jstMidnight(`${y}-${pad(m)}-01`) > last) break;
    const label = `${y}年${m}月`;
    const monthStart = jstMidnight(`${y}-${pad(m)}-01`);
    const monthEnd = jstMidnight(m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`) - DAY;
    const workday = (day: number, hour: number) => workdayAt(calendar, monthStart + (day - 1) * DAY, hour);
    const add = (
      c: Omit<DemoCampaign, "id" | "createdBy" | "startsOn" | "endsOn"> & { endsAt: number | null },
    ) => {
      const { endsAt, ...rest } = c;
      campaigns.push({
        id: random.uuid(),
        createdBy: creator(),
        startsOn: jstDate(c.at),
        endsOn: endsAt === null ? null : jstDate(endsAt),
        ...rest,
      });
    };

    for (const [half, day] of [
      [1, 10],
      [2, 25],
    ] as const) {
      const at = workday(day, 10);
      add({
        name: `メルマガ「ツナグ通信」${label} 第${half}号`,
        type: "newsletter",
        at,
        endsAt: at,
        until: at + 14 * DAY,
        budget: yen(30_000, 60_000),
        subject: NEWSLETTER_SUBJECTS[(monthIndex * 2 + half) % NEWSLETTER_SUBJECTS.length]!,
      });
    }

    for (const [slot, day] of [
      [0, 12],
      [1, 26],
    ] as const) {
      const theme = WEBINAR_THEMES[(monthIndex * 2 + slot) % WEBINAR_THEMES.length]!;
      const run = (webinarRuns.get(theme) ?? 0) + 1;
      webinarRuns.set(theme, run);
      const at = workday(day, 14);
      add({
        name: `${theme} 第${run}回`,
        type: "webinar",
        at,
        endsAt: at,
        until: at + 2 * HOUR,
        budget: yen(120_000, 400_000),
        subject: null,
      });
    }

    if (monthIndex % 2 === 1) {
      const expo = EXHIBITIONS[Math.floor(monthIndex / 2) % EXHIBITIONS.length]!;
      const at = workday(15, 10);
      add({
        name: `${label} ${expo.name} 出展（${expo.city}）`,
        type: "exhibition",
        at,
        endsAt: at + 2 * DAY,
        until: at + 2 * DAY + 8 * HOUR,
        budget: yen(2_000_000, 6_000_000),
        subject: null,
      });
    }

    for (const channel of AD_CHANNELS) {
      const quarterly = channel.cadence === "quarterly";
      if (quarterly && (m - 1) % 3 !== 0) continue;
      const endMonth = quarterly ? lastDayOfMonthAfter(y, m, 2) : monthEnd;
      add({
        name: `${channel.name} ${quarterly ? `${y}年Q${Math.ceil(m / 3)}` : label}`,
        type: "advertising",
        at: monthStart,
        endsAt: endMonth,
        until: endMonth + DAY,
        budget: quarterly ? yen(1_500_000, 3_000_000) : yen(800_000, 2_000_000),
        subject: null,
      });
    }

    if ((m - 1) % 3 === 0) {
      const theme = CONTENT_THEMES[Math.floor(monthIndex / 3) % CONTENT_THEMES.length]!;
      const endQuarter = lastDayOfMonthAfter(y, m, 2);
      add({
        name: `${theme} ${y}年Q${Math.ceil(m / 3)}`,
        type: "seo_content",
        at: monthStart,
        endsAt: endQuarter,
        until: endQuarter + DAY,
        budget: yen(300_000, 1_200_000),
        subject: null,
      });
    }
  }
  return campaigns.sort((a, b) => a.at - b.at);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** 00:00 JST of the last day of the month `offset` months after (y, m). */
function lastDayOfMonthAfter(y: number, m: number, offset: number): number {
  const next = new Date(Date.UTC(y, m - 1 + offset + 1, 1));
  return jstMidnight(next.toISOString().slice(0, 10)) - DAY;
}

/** The first working day at or after `day`, at the given hour JST. */
function workdayAt(calendar: WorkCalendar, day: number, hour: number): number {
  let d = calendar.dayStart(day);
  for (let i = 0; i < 10 && !calendar.isWorkingDay(d); i++) d += DAY;
  return d + hour * HOUR;
}

/** Campaigns by type, in time order, for "the webinar before this moment" lookups. */
export class CampaignIndex {
  private readonly byType = new Map<CampaignType, DemoCampaign[]>();

  constructor(campaigns: readonly DemoCampaign[]) {
    for (const c of campaigns) {
      const list = this.byType.get(c.type) ?? [];
      list.push(c);
      this.byType.set(c.type, list);
    }
  }

  /** The latest campaign of the type that happened at or before `t`, no older than `maxAge`. */
  latestBefore(type: CampaignType, t: number, maxAge: number): DemoCampaign | null {
    const list = this.byType.get(type) ?? [];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]!.at <= t) low = mid + 1;
      else high = mid;
    }
    const found = list[low - 1];
    return found && t - found.at <= maxAge ? found : null;
  }

  /** The next campaign of the type after `t`, no further than `maxAhead`. */
  nextAfter(type: CampaignType, t: number, maxAhead: number): DemoCampaign | null {
    const list = this.byType.get(type) ?? [];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]!.at <= t) low = mid + 1;
      else high = mid;
    }
    const found = list[low];
    return found && found.at - t <= maxAhead ? found : null;
  }

  /** A campaign of the type running at `t` (ads, content), or null. */
  runningAt(type: CampaignType, t: number, random: Random): DemoCampaign | null {
    const list = this.byType.get(type) ?? [];
    const running = list.filter((c) => c.at <= t && t <= c.until);
    return running.length ? random.pick(running) : null;
  }
}
