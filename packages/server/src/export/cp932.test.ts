import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { encodeCp932 } from "./cp932.ts";

describe("encodeCp932", () => {
  it("round-trips Japanese text incl. CP932 extensions", () => {
    const text = '佐藤 花子,ｻﾄｳ,髙橋①Ⅰ㈱,～－,￥100,"=x"\r\n';
    const { bytes, replaced } = encodeCp932(text);
    expect(replaced).toBe(0);
    expect(iconv.decode(bytes, "cp932")).toBe(text);
    expect(new TextDecoder("shift_jis").decode(bytes)).toBe(text);
  });

  it("writes JIS forms as their CP932 twins and unencodable characters as 〓, counted", () => {
    const { bytes, replaced } = encodeCp932("〜−¥𠮷野家😀");
    expect(iconv.decode(bytes, "cp932")).toBe("～－￥〓野家〓");
    expect(replaced).toBe(2);
  });

  it("passes ASCII through byte for byte", () => {
    expect(encodeCp932("a,b\r\n").bytes.toString("latin1")).toBe("a,b\r\n");
  });
});
