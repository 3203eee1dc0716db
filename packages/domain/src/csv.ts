/**
 * CSV for exports (RFC 4180: CRLF line ends, cells with `,` `"` CR or LF quoted, `"` doubled),
 * with a guard against formula injection: a spreadsheet runs a cell that starts with `=` `+`
 * `-` `@` (or tab / CR, which some strip before parsing), and Excel in Japanese also treats the
 * full-width `＝` `＋` `－` `＠` as formula starts. Such a cell gets a leading `'`, which the
 * spreadsheet shows as text and hides. Numbers the export itself writes (amounts, scores) are
 * not guarded, so a negative number stays a number.
 */

const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

export type CsvValue = string | number | null | undefined;

/** A text cell with a formula start prefixed by `'`. */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One cell: text guarded and quoted when needed, numbers as they are, null as empty. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = guardFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, CRLF-terminated. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** An instant as JST wall time, `YYYY-MM-DD HH:mm` (what a spreadsheet reads as a date-time). */
export function jstDateTime(instant: string | Date): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  const iso = new Date(ms + JST_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
