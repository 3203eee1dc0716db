import { describe, expect, it } from "vitest";
import { amountError } from "./amount.ts";

describe("amountError", () => {
  it("refuses a negative amount in its own words instead of dropping the minus sign", () => {
    expect(amountError(-5000)).toBe("amountNegative");
    expect(amountError("-")).toBe("amountNegative");
    expect(amountError("")).toBe("amountRequired");
    expect(amountError(1.5)).toBe("amountRequired");
    expect(amountError(0)).toBeNull();
    expect(amountError(3_600_000)).toBeNull();
  });
});
