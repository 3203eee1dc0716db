import { describe, expect, it } from "vitest";
import {
  applyColumnPolicy,
  IMPORT_PRESET_DEFINITIONS,
  IMPORT_PRESETS,
  type ImportPresetId,
  mapHeaders,
} from "./headers.ts";

const targets = (headers: string[], preset: ImportPresetId = "auto") =>
  Object.fromEntries(mapHeaders(headers, preset).map((m) => [m.header, m.target]));

describe("automatic header mapping", () => {
  it.each([
    ["会社名", "company.name"],
    ["企業名", "company.name"],
    ["Company Name", "company.name"],
    ["氏名", "person.fullName"],
    ["姓", "person.familyName"],
    ["名", "person.givenName"],
    ["セイ", "person.familyNameKana"],
    ["メイ", "person.givenNameKana"],
    ["フリガナ", "person.fullNameKana"],
    ["姓（カナ）", "person.familyNameKana"],
    ["名(カナ)", "person.givenNameKana"],
    ["メールアドレス", "person.email"],
    ["E-mail", "person.email"],
    ["Ｅｍａｉｌ", "person.email"],
    ["電話番号", "person.phone"],
    ["TEL", "person.phone"],
    ["携帯電話", "person.mobilePhone"],
    ["部署", "person.department"],
    ["部署名", "person.department"],
    ["役職", "person.title"],
    ["住所", "company.address"],
    ["URL", "company.url"],
    ["法人番号", "company.corporateNumber"],
    ["名刺交換日", "activity.cardExchangeDate"],
    ["備考", null],
  ])("%s → %s", (header, target) => {
    expect(mapHeaders([header])[0]?.target).toBe(target);
  });

  it("a field two columns would fill goes to the first; the second is left for a person", () => {
    expect(targets(["メール", "E-mail"])).toEqual({ メール: "person.email", "E-mail": null });
  });

  it("keeps column positions and headers as in the file", () => {
    expect(mapHeaders(["会社名", "備考"])).toEqual([
      { column: 0, header: "会社名", target: "company.name" },
      { column: 1, header: "備考", target: null },
    ]);
  });
});

describe("presets", () => {
  const presets = IMPORT_PRESETS.filter((p): p is Exclude<ImportPresetId, "auto"> => p !== "auto");

  it.each(presets)("%s: every header of its export maps, no field twice", (preset) => {
    const sets = IMPORT_PRESET_DEFINITIONS[preset].headerSets;
    expect(sets.length).toBeGreaterThan(0);
    for (const headers of sets) {
      const mapping = mapHeaders(headers, preset);
      expect(mapping.filter((m) => m.target === null).map((m) => m.header)).toEqual([]);
      const fields = mapping.map((m) => m.target).filter((t) => t !== "ignore");
      expect(new Set(fields).size).toBe(fields.length);
      // A preset that maps nothing to a person or a company would import nothing.
      expect(fields.some((f) => f?.startsWith("person.") || f?.startsWith("company."))).toBe(true);
    }
  });

  it("without the preset, a tool's own header stays unmapped", () => {
    expect(mapHeaders(["名刺所有者"])[0]?.target).toBeNull();
    expect(mapHeaders(["名刺所有者"], "sansan")[0]?.target).toBe("person.owner");
  });

  it("Tasuki's own export round-trips: the person and company ids map back", () => {
    const [ja] = IMPORT_PRESET_DEFINITIONS.tasuki.headerSets;
    const mapping = targets([...(ja ?? [])], "tasuki");
    expect(mapping.ID).toBe("person.id");
    expect(mapping.会社ID).toBe("company.id");
    expect(mapping.スコア).toBe("ignore");
  });
});

describe("column policy", () => {
  it.each([
    ["overwrite", "旧", "新", "新"],
    ["overwrite", null, "新", "新"],
    ["overwrite", "同じ", "同じ", undefined],
    ["overwrite", "旧", "", undefined],
    ["fill_empty", "旧", "新", undefined],
    ["fill_empty", null, "新", "新"],
    ["fill_empty", " ", "新", "新"],
    ["never", null, "新", undefined],
    ["never", "旧", "新", undefined],
  ] as const)("%s: stored %s, file %s → %s", (policy, current, incoming, expected) => {
    expect(applyColumnPolicy(policy, current, incoming)).toBe(expected);
  });
});
