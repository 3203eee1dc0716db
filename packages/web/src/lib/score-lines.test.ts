import { describe, expect, it } from "vitest";
import { groupScoreLines, type Line } from "./score-lines.ts";

describe("groupScoreLines", () => {
  it("folds repeated activity lines and keeps the total", () => {
    const lines: Line[] = [
      { part: "fit", kind: "rule", label: "役職: 課長", points: 12 },
      { part: "engagement", kind: "activity", label: "ページ閲覧", points: 2, ageDays: 9 },
      { part: "engagement", kind: "activity", label: "資料請求", points: 20, ageDays: 3 },
      { part: "engagement", kind: "activity", label: "ページ閲覧", points: 2, ageDays: 34 },
      { part: "engagement", kind: "activity", label: "ページ閲覧", points: 2, ageDays: 12 },
      { part: "engagement", kind: "decay", label: "経過による減衰", points: -6 },
    ];
    const grouped = groupScoreLines(lines);
    expect(grouped.map((g) => [g.label, g.points, g.count, g.ages])).toEqual([
      ["役職: 課長", 12, 1, undefined],
      ["ページ閲覧", 6, 3, [9, 34]],
      ["資料請求", 20, 1, [3, 3]],
      ["経過による減衰", -6, 1, undefined],
    ]);
    const sum = (xs: { points: number }[]) => xs.reduce((n, x) => n + x.points, 0);
    expect(sum(grouped)).toBe(sum(lines));
  });
  it("does not fold rules or lines of different parts", () => {
    const lines: Line[] = [
      { part: "fit", kind: "rule", label: "x", points: 1 },
      { part: "fit", kind: "rule", label: "x", points: 1 },
    ];
    expect(groupScoreLines(lines)).toHaveLength(2);
  });
});
