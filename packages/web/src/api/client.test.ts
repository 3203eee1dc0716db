import { describe, expect, it } from "vitest";
import { ApiError, fieldErrorOf, toSearchParams } from "./client.ts";

describe("toSearchParams", () => {
  it("sends lists as the comma-separated values the API reads and drops empty values", () => {
    expect(
      toSearchParams({
        q: "ヤマダ",
        stage: ["mql", "sal"],
        temperature: [],
        ownerId: undefined,
        limit: 50,
        cursor: "",
      }),
    ).toBe(`?q=${encodeURIComponent("ヤマダ")}&stage=mql%2Csal&limit=50`);
    expect(toSearchParams({})).toBe("");
  });
});

describe("ApiError.fieldErrors", () => {
  it("keys field messages by the last part of the path, first message wins", () => {
    const error = new ApiError(400, "validation_failed", "入力内容に誤りがあります。", [
      { path: "reason", message: "必須項目です。" },
      { path: "query.cursor", message: "cursor が不正です。" },
      { path: "reason", message: "second" },
    ]);
    expect(error.fieldErrors()).toEqual({ reason: "必須項目です。", cursor: "cursor が不正です。" });
  });
});

describe("fieldErrorOf", () => {
  it("finds a field's message by its full path, a top-level field also by its key", () => {
    const error = new ApiError(400, "validation_failed", "入力を確認してください", [
      { path: "companyHolidays.1.date", message: "休日「創立記念日」の日付 13-45 は存在しない日付です" },
      { path: "query.limit", message: "「件数」は200以下にしてください。" },
      { path: "email", message: "「メールアドレス」はメールアドレスの形で入力してください。" },
    ]);
    const at = fieldErrorOf(error);
    expect(at("companyHolidays.1.date")).toContain("13-45");
    expect(at("companyHolidays.0.date")).toBeUndefined();
    expect(at("limit")).toContain("200");
    expect(at("email")).toContain("メールアドレス");
    expect(fieldErrorOf(new Error("x"))("email")).toBeUndefined();
  });
});
