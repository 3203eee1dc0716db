import { PASSWORD_MIN_LENGTH as CONTRACT_PASSWORD_MIN, LIMITS } from "@tasuki/contracts";
import { describe, expect, it } from "vitest";
import { PAGE_SIZE_MAX, PASSWORD_MIN_LENGTH } from "./limits.ts";

describe("UI limits", () => {
  it("match the contracts", () => {
    expect(PASSWORD_MIN_LENGTH).toBe(CONTRACT_PASSWORD_MIN);
    expect(PAGE_SIZE_MAX).toBe(LIMITS.pageSizeMax);
  });
});
