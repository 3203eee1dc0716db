import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffText, hasChanges, tokenize } from "./diff.ts";

const join = (parts: { kind: string; text: string }[], keep: string) =>
  parts
    .filter((p) => p.kind === "same" || p.kind === keep)
    .map((p) => p.text)
    .join("");

describe("tokenize", () => {
  it("keeps dotted names and numbers whole and splits Japanese by character", () => {
    expect(tokenize("company.employees >= 50 && count('資料請求', days(30))")).toEqual([
      "company.employees",
      " ",
      ">",
      "=",
      " ",
      "50",
      " ",
      "&",
      "&",
      " ",
      "count",
      "(",
      "'",
      "資",
      "料",
      "請",
      "求",
      "'",
      ",",
      " ",
      "days",
      "(",
      "30",
      ")",
      ")",
    ]);
  });
  it("ends a Latin word where Japanese starts", () => {
    expect(tokenize("v2の定義")).toEqual(["v2", "の", "定", "義"]);
  });
});

describe("diffText", () => {
  it("marks a changed number as removed then added", () => {
    expect(diffText("company.employees >= 50", "company.employees >= 100")).toEqual([
      { kind: "same", text: "company.employees >= " },
      { kind: "removed", text: "50" },
      { kind: "added", text: "100" },
    ]);
  });
  it("finds an inserted clause", () => {
    const parts = diffText("a && b", "a && c && b");
    expect(parts.filter((p) => p.kind === "removed")).toEqual([]);
    expect(
      parts
        .filter((p) => p.kind === "added")
        .map((p) => p.text)
        .join(""),
    ).toBe("c && ");
  });
  it("diffs Japanese prose by character", () => {
    expect(diffText("直近90日に資料請求", "直近30日に資料請求")).toEqual([
      { kind: "same", text: "直近" },
      { kind: "removed", text: "90" },
      { kind: "added", text: "30" },
      { kind: "same", text: "日に資料請求" },
    ]);
  });
  it("folds coincidental one-character matches into one replaced phrase", () => {
    expect(diffText("満たした時点で引き渡す。", "展示会だけの接点は対象外とする。")).toEqual([
      { kind: "removed", text: "満たした時点で引き渡す" },
      { kind: "added", text: "展示会だけの接点は対象外とする" },
      { kind: "same", text: "。" },
    ]);
  });
  it("keeps a short match that is not between two changes", () => {
    expect(diffText("a == 1", "a == 2")).toEqual([
      { kind: "same", text: "a == " },
      { kind: "removed", text: "1" },
      { kind: "added", text: "2" },
    ]);
  });
  it("reports no change for equal texts", () => {
    expect(hasChanges(diffText("x == 1", "x == 1"))).toBe(false);
    expect(diffText("", "")).toEqual([]);
  });
  it("rebuilds both sides from the parts", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (a, b) => {
        const parts = diffText(a, b);
        expect(join(parts, "removed")).toBe(a);
        expect(join(parts, "added")).toBe(b);
      }),
    );
  });
});
