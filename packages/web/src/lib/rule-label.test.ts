import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import en from "../i18n/en.json";
import { activityWordLabel, ruleLabel } from "./rule-label.ts";

const t = ((key: string) =>
  key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], en) ??
  key) as TFunction;

describe("scoring rule names in the UI language", () => {
  it("shows the English name in English mode, the label otherwise or when there is none", () => {
    expect(ruleLabel({ label: "資料請求", labelEn: "Document request" }, "en")).toBe("Document request");
    expect(ruleLabel({ label: "資料請求", labelEn: "Document request" }, "ja")).toBe("資料請求");
    expect(ruleLabel({ label: "資料請求" }, "en")).toBe("資料請求");
    expect(ruleLabel({ label: "資料請求", labelEn: " " }, "en")).toBe("資料請求");
  });

  it("shows activity and campaign words in English in English mode", () => {
    expect(activityWordLabel("資料請求", t, "en")).toBe("Document request");
    expect(activityWordLabel("展示会", t, "en")).toBe("Exhibition");
    expect(activityWordLabel("資料請求", t, "ja")).toBe("資料請求");
    expect(activityWordLabel("未知の言葉", t, "en")).toBe("未知の言葉");
  });
});
