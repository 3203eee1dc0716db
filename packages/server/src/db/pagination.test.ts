import { describe, expect, it } from "vitest";
import { AppError } from "../http/app-error.ts";
import { decodeCursor, encodeCursor, type SortType } from "./pagination.ts";

const ID = "0191a2b3-c4d5-7e6f-8a9b-0c1d2e3f4a5b";
const accepts = (type: SortType, key: string) => decodeCursor(encodeCursor(key, ID), type)[0] === key;
const refuses = (type: SortType, key: string) => {
  try {
    decodeCursor(encodeCursor(key, ID), type);
    return false;
  } catch (error) {
    return error instanceof AppError && error.code === "invalid_cursor";
  }
};

describe("cursor sort keys are checked per sort type before SQL", () => {
  it("accepts what PostgreSQL prints for each type", () => {
    expect(accepts("timestamptz", "2026-09-30 05:05:00.123456+00")).toBe(true);
    expect(accepts("timestamptz", "2024-02-29 23:59:59+09")).toBe(true);
    expect(accepts("timestamptz", "2026-01-01 00:00:00+05:30")).toBe(true);
    expect(accepts("date", "9999-12-31")).toBe(true);
    expect(accepts("bigint", "-1")).toBe(true);
    expect(accepts("bigint", "999999999999999999")).toBe(true);
    expect(accepts("score", "100")).toBe(true);
    expect(accepts("text", "ヤマダ タロウ 𠮷")).toBe(true);
  });

  it("refuses keys the cast would reject", () => {
    expect(refuses("timestamptz", "2025-02-29 00:00:00+00")).toBe(true);
    expect(refuses("timestamptz", "2026-01-01 24:00:00+00")).toBe(true);
    expect(refuses("timestamptz", "0000-01-01 00:00:00+00")).toBe(true);
    expect(refuses("timestamptz", "yesterday")).toBe(true);
    expect(refuses("date", "2026-02-30")).toBe(true);
    expect(refuses("bigint", "9223372036854775808")).toBe(true);
    expect(refuses("bigint", "1e5")).toBe(true);
    expect(refuses("score", "12.5")).toBe(true);
    expect(refuses("text", "a\u0000b")).toBe(true);
    expect(refuses("text", "\uD800")).toBe(true);
  });

  it("refuses cursors of another shape", () => {
    for (const cursor of [
      "!!",
      Buffer.from("[").toString("base64url"),
      Buffer.from(JSON.stringify({ k: "1", id: ID })).toString("base64url"),
      Buffer.from(JSON.stringify(["1", ID, "x"])).toString("base64url"),
      Buffer.from(JSON.stringify(["1", "-".repeat(36)])).toString("base64url"),
      Buffer.from(JSON.stringify([1, ID])).toString("base64url"),
    ]) {
      expect(() => decodeCursor(cursor, "bigint")).toThrow(AppError);
    }
  });
});
