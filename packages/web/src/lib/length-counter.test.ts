import { describe, expect, it } from "vitest";
import { lengthCounter, withCounter } from "./length-counter.ts";

describe("length counter", () => {
  it("shows the count from 80 % of the limit, counting as the limits do (UTF-16 units)", () => {
    expect(lengthCounter("", 100)).toBeUndefined();
    expect(lengthCounter("x".repeat(79), 100)).toBeUndefined();
    expect(lengthCounter("x".repeat(80), 100)).toBe("80 / 100");
    expect(lengthCounter("𠮷".repeat(50), 100)).toBe("100 / 100");
    expect(lengthCounter("あ".repeat(2000), 2000)).toBe("2,000 / 2,000");
  });

  it("adds the counter after a field's own hint", () => {
    expect(withCounter("理由を書いてください", "900 / 1,000")).toBe("理由を書いてください　900 / 1,000");
    expect(withCounter("理由を書いてください", undefined)).toBe("理由を書いてください");
    expect(withCounter(undefined, undefined)).toBeUndefined();
  });
});
