import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { corporateNumberCheckDigit, isValidCorporateNumber } from "./corporate-number.ts";

describe("法人番号 check digit", () => {
  it.each([
    ["7000012050002", true], // 国税庁
    ["2021001052596", true], // トヨタ自動車
    ["1010001112577", true],
    ["８０１０００１０１５０６２", false], // wrong check digit, full-width
    ["7000012050003", false],
    ["700001205000", false],
    ["70000120500021", false],
    ["abcdefghijklm", false],
  ])("%s → %s", (value, valid) => {
    expect(isValidCorporateNumber(value)).toBe(valid);
  });

  it("accepts full-width digits and hyphens people type", () => {
    expect(isValidCorporateNumber("７０００-０１２０-５０００２")).toBe(true);
  });

  it("any 12 digits plus their check digit is valid, and any other first digit is not", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.integer({ min: 0, max: 9 }), (base, other) => {
        const check = corporateNumberCheckDigit(base);
        expect(check).toBeGreaterThanOrEqual(1);
        expect(check).toBeLessThanOrEqual(9);
        expect(isValidCorporateNumber(`${check}${base}`)).toBe(true);
        if (other !== check) expect(isValidCorporateNumber(`${other}${base}`)).toBe(false);
      }),
    );
  });
});
