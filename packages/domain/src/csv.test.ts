import { describe, expect, it } from "vitest";
import { csvCell, csvLine, guardFormula, jstDateTime } from "./csv.ts";

describe("csv", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+81 3", "'+81 3"],
    ["-5", "'-5"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["\rx", "'\rx"],
    ["＝1+1", "'＝1+1"],
    ["＋1", "'＋1"],
    ["－1", "'－1"],
    ["＠x", "'＠x"],
    ["佐藤", "佐藤"],
    ["a=b", "a=b"],
    ["", ""],
  ])("guards %j as %j", (input, expected) => {
    expect(guardFormula(input)).toBe(expected);
  });

  it("quotes cells with comma, quote or line breaks and doubles quotes", () => {
    expect(csvCell('株式会社"A",B')).toBe('"株式会社""A"",B"');
    expect(csvCell("1行目\n2行目")).toBe('"1行目\n2行目"');
    expect(csvCell("\rx")).toBe('"\'\rx"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(-1200)).toBe("-1200");
  });

  it("ends a record with CRLF", () => {
    expect(csvLine(["佐藤", null, 3])).toBe("佐藤,,3\r\n");
  });

  it("writes instants as JST wall time", () => {
    expect(jstDateTime("2026-03-31T15:30:00.000Z")).toBe("2026-04-01 00:30");
  });
});
