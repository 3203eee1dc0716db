import { type CsvValue, csvCell } from "@tasuki/domain";
import Encoding from "encoding-japanese";

export const CSV_ENCODINGS = ["utf8_bom", "shift_jis"] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

type Cell = CsvValue;

/**
 * Rows as CSV text with CRLF line ends (what Excel writes). Each cell as the server's exports write
 * it (`csvCell`, one function in the domain): quoted when it holds a comma, quote or line break,
 * and a leading = + - @ (or tab / CR, or full-width ＝ ＋ － ＠) prefixed with ' so a cell can
 * never run as a formula (CSV injection); numbers as they are.
 */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/**
 * CSV bytes for Excel in Japan: UTF-8 with a BOM (Excel 2016+ detects it), or Shift_JIS (CP932)
 * for older Excel and tools that expect it; encoding-japanese maps 〜 and − to their CP932 forms.
 */
export function encodeCsv(text: string, encoding: CsvEncoding): Uint8Array {
  if (encoding === "utf8_bom") {
    const body = new TextEncoder().encode(text);
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return out;
  }
  const codes = Encoding.convert(Encoding.stringToCode(text), { to: "SJIS", from: "UNICODE" });
  return Uint8Array.from(codes);
}

/** Downloads rows as a CSV file in the chosen encoding. */
export function downloadCsv(
  fileName: string,
  rows: readonly (readonly Cell[])[],
  encoding: CsvEncoding,
): void {
  const bytes = encodeCsv(toCsv(rows), encoding);
  const charset = encoding === "shift_jis" ? "shift_jis" : "utf-8";
  const blob = new Blob([bytes as BlobPart], { type: `text/csv;charset=${charset}` });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
