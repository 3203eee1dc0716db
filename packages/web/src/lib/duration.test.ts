import { describe, expect, it } from "vitest";
import { formatAgeDays, formatAgeRange, formatBusinessMinutes, formatDuration, msUntil } from "./duration.ts";

const min = 60_000;

describe("formatDuration", () => {
  it("uses at most two units, largest first", () => {
    expect(formatDuration(135 * min, "ja")).toBe("2時間15分");
    expect(formatDuration(135 * min, "en")).toBe("2 h 15 min");
    expect(formatDuration((27 * 60 + 40) * min, "ja")).toBe("1日3時間");
    expect(formatDuration(45 * min + 30_000, "ja")).toBe("45分");
    expect(formatDuration(120 * min, "ja")).toBe("2時間");
  });
  it("shows seconds only under a minute and ignores the sign", () => {
    expect(formatDuration(42_000, "ja")).toBe("42秒");
    expect(formatDuration(-90 * min, "en")).toBe("1 h 30 min");
    expect(formatDuration(0, "ja")).toBe("0秒");
  });
});

describe("formatBusinessMinutes", () => {
  it("rounds the API's decimals", () => {
    expect(formatBusinessMinutes(239.6, "ja")).toBe("4時間");
  });
});

describe("msUntil", () => {
  it("is negative once the due time has passed", () => {
    const now = Date.parse("2026-09-30T03:00:00Z");
    expect(msUntil("2026-09-30T05:00:00Z", now)).toBe(120 * min);
    expect(msUntil("2026-09-30T02:00:00Z", now)).toBe(-60 * min);
  });
});

describe("formatAgeDays", () => {
  it("says how long ago", () => {
    expect(formatAgeDays(3, "ja")).toBe("3日前");
    expect(formatAgeDays(0, "ja")).toBe("今日");
    expect(formatAgeDays(1, "en")).toBe("1 day ago");
  });
});

describe("formatAgeRange", () => {
  it("spans the youngest to the oldest", () => {
    expect(formatAgeRange(9, 34, "ja")).toBe("9〜34日前");
    expect(formatAgeRange(0, 2, "en")).toBe("0–2 days ago");
  });
});
