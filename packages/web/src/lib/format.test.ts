import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatYen, kanaOf } from "./format.ts";

describe("formatting for Japanese business users", () => {
  it("shows instants in JST as YYYY/MM/DD HH:mm", () => {
    expect(formatDateTime("2026-09-30T05:05:00Z")).toBe("2026/09/30 14:05");
    expect(formatDateTime("2026-09-30T15:30:00Z")).toBe("2026/10/01 00:30");
  });

  it("shows calendar dates with slashes and a dash for none", () => {
    expect(formatDate("2026-09-30")).toBe("2026/09/30");
    expect(formatDate(null)).toBe("—");
  });

  it("shows yen without decimals", () => {
    expect(formatYen(1_200_000)).toBe("¥1,200,000");
    expect(formatYen(0)).toBe("¥0");
  });

  it("joins フリガナ in セイ メイ order", () => {
    expect(kanaOf({ familyNameKana: "ヤマダ", givenNameKana: "タロウ" })).toBe("ヤマダ タロウ");
    expect(kanaOf({ familyNameKana: null, givenNameKana: null })).toBeNull();
  });
});

describe("formatLongDate", () => {
  it("writes the Japanese date with the weekday in brackets, in JST", async () => {
    const { formatLongDate } = await import("./format.ts");
    expect(formatLongDate(new Date("2026-09-29T15:30:00Z"), "ja")).toBe("2026年9月30日（水）");
    expect(formatLongDate(new Date("2026-09-29T15:30:00Z"), "en")).toBe("Wednesday, September 30, 2026");
  });
});
