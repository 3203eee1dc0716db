import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { companyMatchKeys, personMatchKeys, resolveMatch } from "./match-keys.ts";
import {
  companyNameKey,
  corporateNumberKey,
  domainKey,
  nameKey,
  normalizeEmail,
  normalizeText,
  phoneKey,
  splitFullName,
} from "./normalize.ts";

describe("名寄せ normalisation rules", () => {
  it.each([
    ["ＡＢＣ　商事", "ABC 商事"],
    ["ｱｲｳ", "アイウ"],
    ["  山田   太郎 ", "山田 太郎"],
    ["１２３", "123"],
  ])("normalizeText %s → %s", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it.each([
    ["株式会社アシスト", "アシスト"],
    ["アシスト株式会社", "アシスト"],
    ["(株)アシスト", "アシスト"],
    ["（株）アシスト", "アシスト"],
    ["㈱アシスト", "アシスト"],
    ["アシスト㈱", "アシスト"],
    ["株式会社 アシスト", "アシスト"],
    ["ｱｼｽﾄ株式会社", "アシスト"],
    ["あしすと 株式会社", "アシスト"],
    ["有限会社山田商店", "山田商店"],
    ["山田商店(有)", "山田商店"],
    ["合同会社タスキ", "タスキ"],
    ["合資会社タスキ", "タスキ"],
    ["合名会社タスキ", "タスキ"],
    ["一般社団法人日本マーケティング協会", "日本マーケティング協会"],
    ["特定非営利活動法人ひまわり", "ヒマワリ"],
    ["Tasuki Inc.", "tasuki"],
    ["TASUKI Co., Ltd.", "tasuki"],
    ["Ｔａｓｕｋｉ　Ｃｏ．，Ｌｔｄ．", "tasuki"],
    ["Ginc", "ginc"],
    ["髙橋工業株式会社", "高橋工業"],
    ["山﨑製作所", "山崎製作所"],
    ["エヌ・ティ・ティ・データ", "エヌティティデータ"],
    ["株.式会社アシスト", "アシスト"],
    ["株式会社", ""],
  ])("companyNameKey %s → %s", (input, expected) => {
    expect(companyNameKey(input)).toBe(expected);
  });

  it.each([
    ["Taro.Yamada@Example.CO.JP", "taro.yamada@example.co.jp"],
    ["ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "taro@example.com"],
    [" taro@example.com ", "taro@example.com"],
    ["taro@localhost", null],
    ["not an address", null],
  ])("normalizeEmail %s → %s", (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each([
    ["03-1234-5678", "+81312345678"],
    ["０３（１２３４）５６７８", "+81312345678"],
    ["+81 90 1234 5678", "+819012345678"],
    ["12", null],
  ])("phoneKey %s → %s", (input, expected) => {
    expect(phoneKey(input)).toBe(expected);
  });

  it.each([
    ["https://www.example.co.jp/about?x=1", "example.co.jp"],
    ["example.co.jp", "example.co.jp"],
    ["ＷＷＷ．ＥＸＡＭＰＬＥ．ＣＯＭ", "example.com"],
    ["http://example.com:8080/", "example.com"],
    ["sato@example.co.jp", "example.co.jp"],
    ["sato@gmail.com", null],
    ["sato@docomo.ne.jp", null],
    ["なし", null],
  ])("domainKey %s → %s", (input, expected) => {
    expect(domainKey(input)).toBe(expected);
  });

  it.each([
    ["5010401067252", "5010401067252"],
    ["５０１０４０１０６７２５２", "5010401067252"],
    ["5-0104-0106-7252", "5010401067252"],
    ["1010401067252", null],
    ["501040106725", null],
  ])("corporateNumberKey %s → %s", (input, expected) => {
    expect(corporateNumberKey(input)).toBe(expected);
  });

  it.each([
    ["山田 太郎", "山田", "太郎"],
    ["山田　太郎", "山田", "太郎"],
    ["山田太郎", "山田太郎", null],
    ["Mary Ann Smith", "Mary", "Ann Smith"],
  ])("splitFullName %s → %s / %s", (input, family, given) => {
    expect(splitFullName(input)).toEqual({ familyName: family, givenName: given });
  });

  it("nameKey folds kana, width, case, spaces and variant kanji", () => {
    expect(nameKey("やまだ たろう")).toBe(nameKey("ﾔﾏﾀﾞ ﾀﾛｳ"));
    expect(nameKey("髙橋")).toBe(nameKey("高橋"));
    expect(nameKey("Yamada")).toBe(nameKey("ＹＡＭＡＤＡ"));
  });
});

/** Characters names are made of, including the ones normalisation rewrites. */
const nameChars = fc.constantFrom(
  ..."アイウカキクサシタチツテナニヌハヒフマミムヤユヨラリルワンーあいうかきがぱｱｲｳｶﾞﾊﾟ山田高髙崎﨑橋商事工業ABCXYZabxyzＡＢｘｙ0123０１２・.-　 ",
);
const anyName = fc.string({ unit: nameChars, maxLength: 20 });

describe("名寄せ properties", () => {
  it("normalising twice equals normalising once", () => {
    fc.assert(
      fc.property(fc.oneof(anyName, fc.string(), fc.string({ unit: "binary", maxLength: 12 })), (value) => {
        expect(normalizeText(normalizeText(value))).toBe(normalizeText(value));
        expect(nameKey(nameKey(value))).toBe(nameKey(value));
        expect(companyNameKey(companyNameKey(value))).toBe(companyNameKey(value));
        const email = normalizeEmail(value);
        if (email) expect(normalizeEmail(email)).toBe(email);
        const phone = phoneKey(value);
        if (phone) expect(phoneKey(phone)).toBe(phone);
      }),
    );
  });

  /** Full-width forms of ASCII letters and digits, and spaces between characters. */
  const widen = (value: string) =>
    value.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

  it("two spellings of one company always give the same key", () => {
    const base = fc
      .string({
        unit: fc.constantFrom(..."アイウカキクサシタ山田高橋商事ABCXYZ0123"),
        minLength: 1,
        maxLength: 12,
      })
      .filter((name) => companyNameKey(name) !== "");
    const form = fc.constantFrom(
      ["株式会社", "(株)", "㈱", "（株）", "株式会社 "],
      ["有限会社", "(有)", "（有）", "有限会社　"],
      ["合同会社", "(同)", "合同会社 "],
    );
    fc.assert(
      fc.property(
        base,
        form,
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        fc.boolean(),
        (name, forms, i, j, before, wide) => {
          const a = forms[i % forms.length] ?? "";
          const b = forms[j % forms.length] ?? "";
          const one = before ? `${a}${name}` : `${name}${a}`;
          const other = `${before ? "" : " "}${!before ? "" : b}${wide ? widen(name) : name.split("").join(" ")}${before ? "" : b}`;
          expect(companyNameKey(other)).toBe(companyNameKey(one));
          // Legal form before the name in one spelling and after it in the other.
          expect(companyNameKey(`${b}${name}`)).toBe(companyNameKey(`${name} ${a}`));
        },
      ),
    );
  });
});

describe("match keys", () => {
  it("companies: 法人番号, then name + domain, then name alone (uncertain)", () => {
    const result = companyMatchKeys({
      corporateNumber: "5010401067252",
      name: "株式会社アシスト",
      url: "https://www.ashisuto.co.jp/",
    });
    expect(result.invalidCorporateNumber).toBe(false);
    expect(result.keys).toEqual([
      { rule: "corporate_number", key: "cn:5010401067252", strength: "strong" },
      { rule: "name_domain", key: "nd:アシスト|ashisuto.co.jp", strength: "uncertain" },
      { rule: "name", key: "n:アシスト", strength: "uncertain" },
    ]);
    const noNumber = companyMatchKeys({ name: "アシスト㈱", email: "sato@ashisuto.co.jp" });
    expect(noNumber.keys[0]).toEqual({
      rule: "name_domain",
      key: "nd:アシスト|ashisuto.co.jp",
      strength: "strong",
    });
  });

  it("companies: a 法人番号 whose check digit fails is reported, never used", () => {
    const result = companyMatchKeys({ corporateNumber: "1010401067252", name: "アシスト" });
    expect(result.invalidCorporateNumber).toBe(true);
    expect(result.keys.map((k) => k.rule)).toEqual(["name"]);
  });

  it("people: e-mail, then phone + name, then name + company (uncertain)", () => {
    const keys = personMatchKeys({
      email: "Taro@Example.co.jp",
      phone: "03-1234-5678",
      familyName: "山田",
      givenName: "太郎",
      companyName: "株式会社サンプル",
    });
    expect(keys).toEqual([
      { rule: "email", key: "e:taro@example.co.jp", strength: "strong" },
      { rule: "phone_name", key: "pn:+81312345678|山田太郎", strength: "strong" },
      { rule: "name_company", key: "nc:山田太郎|サンプル", strength: "uncertain" },
    ]);
    expect(
      personMatchKeys({ familyNameKana: "ﾔﾏﾀﾞ", givenNameKana: "たろう", companyName: "サンプル" }),
    ).toEqual([{ rule: "name_company", key: "nc:ヤマダタロウ|サンプル", strength: "uncertain" }]);
    expect(personMatchKeys({ familyName: "山田" })).toEqual([]);
  });

  it("resolveMatch: the first key that finds records decides; two records on one key are uncertain", () => {
    const index = new Map<string, string[]>([
      ["pn:+81312345678|山田太郎", ["p1"]],
      ["nc:山田太郎|サンプル", ["p1", "p2"]],
    ]);
    const keys = personMatchKeys({
      phone: "0312345678",
      familyName: "山田",
      givenName: "太郎",
      companyName: "サンプル",
    });
    const lookup = (key: string) => index.get(key) ?? [];
    expect(resolveMatch(keys, lookup)).toEqual({
      rule: "phone_name",
      strength: "strong",
      candidates: ["p1"],
    });
    const weak = personMatchKeys({ familyName: "山田", givenName: "太郎", companyName: "(株)サンプル" });
    expect(resolveMatch(weak, lookup)).toEqual({
      rule: "name_company",
      strength: "uncertain",
      candidates: ["p1", "p2"],
    });
    expect(resolveMatch(personMatchKeys({ email: "x@example.com" }), lookup)).toBeNull();
    const ambiguous = new Map([["e:a@example.com", ["p1", "p2"]]]);
    expect(
      resolveMatch(personMatchKeys({ email: "a@example.com" }), (k) => ambiguous.get(k) ?? [])?.strength,
    ).toBe("uncertain");
  });
});
