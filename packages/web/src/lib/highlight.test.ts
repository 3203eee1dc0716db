import { describe, expect, it } from "vitest";
import { highlightRanges } from "./highlight.ts";

describe("highlightRanges", () => {
  it("marks the reported range", () => {
    expect(highlightRanges("company.employes >= 50", [{ start: 8, end: 16 }])).toEqual([
      { text: "company.", marked: false },
      { text: "employes", marked: true },
      { text: " >= 50", marked: false },
    ]);
  });
  it("marks a placeholder after the text for an error at the end", () => {
    expect(highlightRanges("count(", [{ start: 6, end: 6 }])).toEqual([
      { text: "count(", marked: false },
      { text: " ", marked: true },
    ]);
  });
  it("marks one character for a zero-width error inside the text", () => {
    expect(highlightRanges("a b", [{ start: 1, end: 1 }])).toEqual([
      { text: "a", marked: false },
      { text: " ", marked: true },
      { text: "b", marked: false },
    ]);
  });
  it("merges overlapping ranges and clamps ranges past the end", () => {
    expect(
      highlightRanges("abcdef", [
        { start: 3, end: 99 },
        { start: 1, end: 4 },
      ]),
    ).toEqual([
      { text: "a", marked: false },
      { text: "bcdef", marked: true },
    ]);
  });
  it("returns the text unmarked without ranges", () => {
    expect(highlightRanges("x", [])).toEqual([{ text: "x", marked: false }]);
  });
});
