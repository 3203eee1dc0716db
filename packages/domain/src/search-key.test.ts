import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldSearchText, searchKey, searchQuery, searchRomaji } from "./names.ts";

/** Whether a search for `query` finds a record with these fields, as the database compares them. */
function finds(query: string, fields: (string | null)[]): boolean {
  const q = searchQuery(query);
  return q !== "" && searchKey(fields).includes(q);
}

const SATO = ["佐藤太郎", "サトウタロウ", "t.sato@example.co.jp"];

describe("search key", () => {
  it.each([
    "さとう",
    "サトウ",
    "ｻﾄｳ",
    "sato",
    "satou",
    "satoh",
    "Satō",
    "SATO",
    "佐藤",
    "さとうたろう",
    "sato taro",
    "サトウ　タロウ",
    "taro",
    "tarou",
  ])("%s finds 佐藤 太郎 (サトウ タロウ)", (query) => {
    expect(finds(query, SATO)).toBe(true);
  });

  it.each(["すずき", "suzuki", "佐々木", "たろ う"])("%s does not find 佐藤 太郎", (query) => {
    expect(finds(query, ["佐藤太郎", "サトウタロウ", "t.sato@example.co.jp"].slice(0, 2))).toBe(
      query === "たろ う",
    );
  });

  it("finds companies whatever the width and case", () => {
    const abc = ["ABC株式会社", "エービーシー", null, "abc.co.jp"];
    for (const query of ["ＡＢＣ", "abc", "Abc", "ａｂｃ株式会社", "えーびーしー", "ｴｰﾋﾞｰｼｰ"])
      expect(finds(query, abc)).toBe(true);
  });

  it("reads Hepburn and 訓令式 spellings as one", () => {
    expect(searchRomaji(foldSearchText("シミズ"))).toBe(searchQuery("simizu"));
    expect(searchRomaji(foldSearchText("しんばし"))).toBe(searchQuery("shimbashi"));
    expect(searchRomaji(foldSearchText("ちゅうじょう"))).toBe(searchQuery("tyuzyo"));
    expect(searchRomaji(foldSearchText("ちゅうじょう"))).toBe(searchQuery("chujo"));
    expect(searchRomaji(foldSearchText("はっとり"))).toBe(searchQuery("hattori"));
    expect(searchRomaji(foldSearchText("いっちょう"))).toBe(searchQuery("itcho"));
    expect(searchRomaji(foldSearchText("おおはら"))).toBe(searchQuery("ohara"));
    expect(searchRomaji(foldSearchText("ふじた"))).toBe(searchQuery("hujita"));
  });

  it("keeps an e-mail address findable as written", () => {
    expect(finds("t.sato@example", SATO)).toBe(true);
    expect(finds("john", ["Smith", null, "john@example.com"])).toBe(true);
  });

  it("is empty for a query of spaces only", () => {
    expect(searchQuery(" 　 ")).toBe("");
  });

  const kana = fc.constantFrom(
    ..."あいうえおかきくけこがぎぐげごさしすせそざじずぜぞたちつてとだでどなにぬねのはひふへほばびぶべぼぱぴぷぺぽまみむめもやゆよらりるれろわをんっゃゅょー".split(
      "",
    ),
  );
  const reading = fc.array(kana, { minLength: 1, maxLength: 8 }).map((cs) => cs.join(""));
  const toKatakana = (s: string) =>
    s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));

  it("finds any reading by its hiragana, katakana, half-width katakana and romaji (property)", () => {
    fc.assert(
      fc.property(reading, (hira) => {
        const fields = ["山田", toKatakana(hira), null];
        const halfWidth = toKatakana(hira).normalize("NFKC");
        expect(finds(hira, fields)).toBe(searchQuery(hira) !== "");
        expect(searchQuery(toKatakana(hira))).toBe(searchQuery(hira));
        expect(searchQuery(halfWidth)).toBe(searchQuery(hira));
        const romaji = searchRomaji(foldSearchText(hira));
        if (romaji !== "") expect(finds(romaji, fields)).toBe(true);
      }),
    );
  });

  it("is the same for a query and its full-width or upper-case form (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9@.]{1,12}$/), (ascii) => {
        const fullWidth = ascii.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        expect(searchQuery(fullWidth)).toBe(searchQuery(ascii));
        expect(searchQuery(ascii.toUpperCase())).toBe(searchQuery(ascii));
      }),
    );
  });

  it("folding romaji twice changes nothing, so a key's romaji finds itself (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z']{0,12}$/), (latin) => {
        expect(searchRomaji(searchRomaji(latin))).toBe(searchRomaji(latin));
      }),
      { numRuns: 2000 },
    );
    expect(searchQuery("ruuua")).toBe(searchQuery(searchRomaji(foldSearchText("るううあ"))));
  });

  it("never leaves kana in the romaji half of the key (property)", () => {
    fc.assert(
      fc.property(reading, (hira) => {
        expect(searchRomaji(foldSearchText(hira))).not.toMatch(/[\u3041-\u3096\u30fc]/);
      }),
    );
  });
});
