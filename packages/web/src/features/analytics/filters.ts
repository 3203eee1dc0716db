import type { AnalyticsFilterInput } from "@tasuki/contracts";
import { EMPLOYEE_BANDS, INDUSTRIES } from "@tasuki/domain";
import dayjs from "dayjs";
import { TIME_ZONE, todayJst } from "../../lib/format.ts";

/** The filter fields, in the order the URL and the filter bar use them. */
export const FILTER_KEYS = [
  "from",
  "to",
  "teamId",
  "ownerId",
  "campaignId",
  "industry",
  "employeeBand",
  "source",
] as const;

export const PERIOD_PRESETS = ["thisMonth", "last3Months", "last12Months", "fiscalYear"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** A preset period in JST dates; 年度 starts in April. */
export function presetPeriod(preset: PeriodPreset, today: string = todayJst()): { from: string; to: string } {
  const now = dayjs.tz(today, TIME_ZONE);
  switch (preset) {
    case "thisMonth":
      return { from: now.startOf("month").format("YYYY-MM-DD"), to: today };
    case "last3Months":
      return { from: now.subtract(2, "month").startOf("month").format("YYYY-MM-DD"), to: today };
    case "last12Months":
      return { from: now.subtract(12, "month").startOf("month").format("YYYY-MM-DD"), to: today };
    case "fiscalYear": {
      const year = now.month() >= 3 ? now.year() : now.year() - 1;
      return { from: `${year}-04-01`, to: today };
    }
  }
}

/** Reads the filter from the URL; unknown or malformed values are dropped, not sent. */
export function filterFromParams(params: URLSearchParams): AnalyticsFilterInput {
  const date = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  const id = (v: string | null) => (v && /^[0-9a-f-]{36}$/i.test(v) ? v : undefined);
  const industry = params.get("industry");
  const band = params.get("employeeBand");
  const fallback = presetPeriod("last12Months");
  return {
    from: date(params.get("from")) ?? fallback.from,
    to: date(params.get("to")) ?? fallback.to,
    teamId: id(params.get("teamId")),
    ownerId: id(params.get("ownerId")),
    campaignId: id(params.get("campaignId")),
    industry: (INDUSTRIES as readonly string[]).includes(industry ?? "")
      ? (industry as AnalyticsFilterInput["industry"])
      : undefined,
    employeeBand: (EMPLOYEE_BANDS as readonly string[]).includes(band ?? "")
      ? (band as AnalyticsFilterInput["employeeBand"])
      : undefined,
    source: params.get("source")?.trim() || undefined,
  };
}

/** The filter as query values, empty ones left out. */
export function filterQuery(filter: AnalyticsFilterInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value) out[key] = value;
  }
  return out;
}
