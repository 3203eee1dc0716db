import { describe, expect, it } from "vitest";
import { sparklinePath } from "./sparkline.ts";

describe("sparklinePath", () => {
  it("puts the lowest value at the bottom and the highest at the top", () => {
    expect(sparklinePath([0, 10, 5], 104, 24, 2)).toBe("M2 22 L52 2 L102 12");
  });
  it("draws flat lines for one value or equal values", () => {
    expect(sparklinePath([7], 100, 20, 0)).toBe("M0 10 L100 10");
    expect(sparklinePath([3, 3], 100, 20, 0)).toBe("M0 10 L100 10");
  });
  it("draws nothing without values", () => {
    expect(sparklinePath([], 100, 20)).toBe("");
  });
});
