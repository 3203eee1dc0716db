import { describe, expect, it } from "vitest";
import { formatPersonName, isKatakana, normalizeKana } from "./names.ts";
import { formatPhone, normalizePhone } from "./phone.ts";

describe("names", () => {
  it("writes 姓 名 in Japanese order", () => {
    expect(formatPersonName("佐藤", "花子")).toBe("佐藤 花子");
    expect(formatPersonName("佐藤", null)).toBe("佐藤");
  });

  it.each([
    ["さとう", "サトウ"],
    ["ｻﾄｳ", "サトウ"],
    ["サトウ", "サトウ"],
    ["  やまだ　たろう ", "ヤマダ タロウ"],
  ])("normalises kana %s → %s", (input, expected) => {
    expect(normalizeKana(input)).toBe(expected);
  });

  it("recognises katakana after normalising", () => {
    expect(isKatakana("ｻﾄｳ")).toBe(true);
    expect(isKatakana("佐藤")).toBe(false);
  });
});

describe("phone numbers", () => {
  it.each([
    ["03-1234-5678", "+81312345678"],
    ["０３−１２３４−５６７８", "+81312345678"],
    ["090-1234-5678", "+819012345678"],
    ["+81 6 6123 4567", "+81661234567"],
    ["+1 415 555 2671", "+14155552671"],
  ])("normalises %s to %s", (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it("rejects what is not a phone number", () => {
    expect(() => normalizePhone("12")).toThrow(/invalid_phone/);
  });

  it("formats Japanese numbers nationally", () => {
    expect(formatPhone("+81312345678")).toBe("03-1234-5678");
  });
});
