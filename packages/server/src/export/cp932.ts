import iconv from "iconv-lite";

/**
 * Shift_JIS as Excel in Japan reads it: Windows-31J (CP932), with its NEC and IBM extensions
 * (①, Ⅰ, ㈱, 髙). Text typed on macOS or Linux often carries the JIS forms of a few characters
 * CP932 maps elsewhere (〜 U+301C for ～ U+FF5E, − for －, …); those are written as their CP932
 * twin. Anything else CP932 cannot hold (𠮷, emoji, 한글) is written as 〓 (geta, the customary
 * "missing character" mark) and counted, never dropped silently and never a crash.
 */
const JIS_TO_CP932: Record<string, string> = {
  "\u301C": "\uFF5E", // 〜 → ～
  "\u2212": "\uFF0D", // − → －
  "\u2016": "\u2225", // ‖ → ∥
  "\u00A2": "\uFFE0", // ¢ → ￠
  "\u00A3": "\uFFE1", // £ → ￡
  "\u00AC": "\uFFE2", // ¬ → ￢
  "\u2014": "\u2015", // — → ―
  // iconv-lite writes these as the ASCII byte that reads back as \ and ~: keep the meaning.
  "\u00A5": "\uFFE5", // ¥ → ￥
  "\u203E": "\uFFE3", // ‾ → ￣
};
export const CP932_REPLACEMENT = "〓";

const encodable = new Map<number, boolean>();
function canEncode(codePoint: number, char: string): boolean {
  let ok = encodable.get(codePoint);
  if (ok === undefined) {
    const bytes = iconv.encode(char, "cp932");
    ok = !(bytes.length === 1 && bytes[0] === 0x3f);
    encodable.set(codePoint, ok);
  }
  return ok;
}

const NON_ASCII = /[^ -~\t\r\n]/;

/** Encodes text as CP932; `replaced` counts the characters written as 〓. */
export function encodeCp932(text: string): { bytes: Buffer; replaced: number } {
  if (!NON_ASCII.test(text)) return { bytes: Buffer.from(text, "latin1"), replaced: 0 };
  let replaced = 0;
  let out = "";
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint < 0x80) {
      out += char;
      continue;
    }
    const mapped = JIS_TO_CP932[char] ?? char;
    if (canEncode(codePoint, mapped)) out += mapped;
    else {
      out += CP932_REPLACEMENT;
      replaced += 1;
    }
  }
  return { bytes: iconv.encode(out, "cp932"), replaced };
}
