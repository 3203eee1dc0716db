/**
 * Durations as people say them: `2時間15分`, `1日3時間`, `45分` (English: `2 h 15 min`).
 * Two units at most; seconds only under a minute, so a countdown still visibly moves near the end.
 */
export function formatDuration(ms: number, locale: "ja" | "en"): string {
  const totalSeconds = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const ja = locale === "ja";
  const unit = (value: number, jaUnit: string, enUnit: string) =>
    ja ? `${value}${jaUnit}` : `${value} ${enUnit}`;
  const parts: string[] = [];
  if (days > 0) {
    parts.push(unit(days, "日", "d"));
    if (hours > 0) parts.push(unit(hours, "時間", "h"));
  } else if (hours > 0) {
    parts.push(unit(hours, "時間", "h"));
    if (minutes > 0) parts.push(unit(minutes, "分", "min"));
  } else if (minutes > 0) {
    parts.push(unit(minutes, "分", "min"));
  } else {
    parts.push(unit(seconds, "秒", "s"));
  }
  return parts.join(ja ? "" : " ");
}

/** Business minutes as a duration (`4時間` of working time); the API gives them with decimals. */
export function formatBusinessMinutes(minutes: number, locale: "ja" | "en"): string {
  return formatDuration(Math.round(minutes) * 60_000, locale);
}

/** Time until `dueAt` from `now`: positive while there is time left, negative once overdue. */
export function msUntil(dueAt: string, now: number): number {
  return Date.parse(dueAt) - now;
}

/** `3日前` / `today`-style age for explanation lines. */
export function formatAgeDays(days: number, locale: "ja" | "en"): string {
  if (locale === "ja") return days <= 0 ? "今日" : `${days}日前`;
  if (days <= 0) return "today";
  return days === 1 ? "1 day ago" : `${days} days ago`;
}

/** `9〜34日前` / `9–34 days ago` for grouped lines. */
export function formatAgeRange(youngest: number, oldest: number, locale: "ja" | "en"): string {
  if (locale === "ja") return `${Math.max(0, youngest)}〜${oldest}日前`;
  return `${Math.max(0, youngest)}–${oldest} days ago`;
}
