/** Numbers as the dashboard shows them: null (nothing to divide by) is "—", never NaN or 0 %. */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : value.toLocaleString("ja-JP");
}

export function formatRate(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

export function formatDays(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : (Math.round(value * 10) / 10).toFixed(1);
}

/** A rate as a number for CSV (0–1 → percent with one decimal), empty when null. */
export function ratePercent(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(value * 1000) / 10;
}

/** `2026-04` → `2026年4月` (ja) or `Apr 2026` (en). */
export function formatMonth(month: string, locale: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  if (locale.startsWith("ja")) return `${y}年${m}月`;
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString("en-US", {
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}
