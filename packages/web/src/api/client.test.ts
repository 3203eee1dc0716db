import { describe, expect, it } from "vitest";
import { ApiError, toSearchParams } from "./client.ts";

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
