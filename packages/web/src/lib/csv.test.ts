import { csvCell } from "@tasuki/domain";
import Encoding from "encoding-japanese";
import { describe, expect, it } from "vitest";
import { encodeCsv, toCsv } from "./csv.ts";

describe("csv", () => {
  it("quotes commas, quotes and line breaks, and defuses formulas", () => {
    expect(csvCell("株式会社テスト, 本社")).toBe('"株式会社テスト, 本社"');
    expect(csvCell('He said "hi"')).toBe('"He said ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell(-1_500_000)).toBe("-1500000");
    expect(csvCell(null)).toBe("");
    // The same guard as the server's exports: Excel in Japanese also runs full-width formula starts.
    expect(toCsv([["＝SUM(A1)", "＠x"]])).toBe("'＝SUM(A1),'＠x\r\n");
    expect(csvCell(Number.NaN)).toBe("");
    expect(
      toCsv([
        ["月", "目標"],
        ["2026-04", 1000],
      ]),
    ).toBe("月,目標\r\n2026-04,1000\r\n");
  });

  it("writes UTF-8 with a BOM, and Shift_JIS with 〜 as its CP932 wave dash, nothing lost to '?'", () => {
    const text = "月,必要リード数\r\n2026年4月〜6月,120\r\n";
    const utf8 = encodeCsv(text, "utf8_bom");
    expect([...utf8.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(utf8.slice(3))).toBe(text);
    const sjis = encodeCsv(text, "shift_jis");
    // 月 is 0x8C 0x8E in Shift_JIS.
    expect([...sjis.slice(0, 2)]).toEqual([0x8c, 0x8e]);
    expect(sjis.includes(0x3f)).toBe(false);
    const wave = [...encodeCsv("〜", "shift_jis")];
    expect(wave).toEqual([0x81, 0x60]);
    // Excel reads 0x8160 back as the full-width tilde ～ (CP932), which is what it shows.
    const decoded = Encoding.codeToString(Encoding.convert([...sjis], { to: "UNICODE", from: "SJIS" }));
    expect(decoded.replaceAll("～", "〜")).toBe(text);
  });
});
