import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatYen, kanaOf, parseDateText } from "./format.ts";

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

describe("parseDateText", () => {
  it("reads the ways people type a date in Japan", () => {
    for (const text of [
      "2026/1/5",
      "2026-01-05",
      "2026.1.5",
      "2026年1月5日",
      "20260105",
      "２０２６／０１／０５",
      " 2026 年 1 月 5 日 ",
    ])
      expect(parseDateText(text), text).toBe("2026-01-05");
  });
  it("refuses what is not a calendar date", () => {
    for (const text of ["", "1/5", "2026/13/01", "2026/2/30", "2026/02/29", "昨日", "2026-1", "202601055"])
      expect(parseDateText(text), text).toBeNull();
    expect(parseDateText("2028/2/29")).toBe("2028-02-29");
  });
});
