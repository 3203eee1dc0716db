import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { AppError } from "../http/app-error.ts";

/**
 * Reads an import file as a stream of rows (never the whole file in memory): CSV/TSV in UTF-8
 * (with or without BOM), Shift_JIS (CP932, with the NEC/IBM extension kanji 髙 﨑 ①) or UTF-16 LE
 * with BOM (Excel's Unicode text), and XLSX. Bad files are refused with an AppError before a caller
 * has written anything of them: a caller that writes must read the file to its end first
 * (into a staging table inside one transaction) and keep nothing when this throws.
 */

/** Excel's row limit, header included. */
const MAX_ROWS = 1_048_576;
const MAX_BYTES = 512 * 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;

type Encoding = "utf-8" | "shift_jis" | "utf-16le";
type Delimiter = "," | "\t" | ";";

interface ReadOptions {
  /** Override the detected encoding (a person chose it after seeing the preview). */
  encoding?: Encoding;
  /** XLSX: the sheet to read; the first sheet when not given. */
  sheet?: string;
  /** Limits, lowered in tests. */
  maxRows?: number;
  maxBytes?: number;
}

interface FileRow {
  /** Line of the file where the row starts (the header is line 1); the row number in a sheet. */
  line: number;
  cells: string[];
}

interface FileShape {
  format: "csv" | "xlsx";
  /** null for XLSX (its text is always Unicode). */
  encoding: Encoding | null;
  /** Whether the text began with a byte order mark. */
  bom: boolean;
  delimiter: Delimiter | null;
}

/** Magic bytes of files people pick by mistake. XLSX is a ZIP and is read, not refused. */
const MAGIC: { kind: string; bytes: number[] }[] = [
  { kind: "PNG", bytes: [0x89, 0x50, 0x4e, 0x47] },
  { kind: "JPEG", bytes: [0xff, 0xd8, 0xff] },
  { kind: "GIF", bytes: [0x47, 0x49, 0x46, 0x38] },
  { kind: "PDF", bytes: [0x25, 0x50, 0x44, 0x46] },
  { kind: "Excel 97-2003 (.xls)", bytes: [0xd0, 0xcf, 0x11, 0xe0] },
  { kind: "gzip", bytes: [0x1f, 0x8b] },
  { kind: "WebP/RIFF", bytes: [0x52, 0x49, 0x46, 0x46] },
  { kind: "7z", bytes: [0x37, 0x7a, 0xbc, 0xaf] },
];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (buffer: Buffer, bytes: number[]) => bytes.every((b, i) => buffer[i] === b);

async function sniff(path: string, maxBytes: number): Promise<{ head: Buffer; size: number }> {
  const { size } = await stat(path);
  if (size > maxBytes)
    throw new AppError("import_file_too_large", { limit: `${Math.round(maxBytes / 1024 / 1024)} MB` });
  if (size === 0) throw new AppError("import_file_empty");
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    await handle.read(head, 0, head.length, 0);
    return { head, size };
  } finally {
    await handle.close();
  }
}

/** Cuts a trailing partial UTF-8 sequence that the sniff window may have split. */
function trimPartialUtf8(buffer: Buffer): Buffer {
  for (let back = 1; back <= 3 && back <= buffer.length; back++) {
    const byte = buffer[buffer.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (byte >= 0xc0) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needed > back ? buffer.subarray(0, buffer.length - back) : buffer;
    }
    return buffer;
  }
  return buffer;
}

function detectEncoding(head: Buffer, complete: boolean): { encoding: Encoding; bom: boolean } {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { encoding: "utf-8", bom: true };
  if (startsWith(head, [0xff, 0xfe])) return { encoding: "utf-16le", bom: true };
  if (startsWith(head, [0xfe, 0xff])) throw new AppError("import_encoding_unknown");
  if (head.includes(0)) throw new AppError("import_file_binary", { kind: "binary" });
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(complete ? head : trimPartialUtf8(head));
    return { encoding: "utf-8", bom: false };
  } catch {
    // Not UTF-8: Japanese files that are not UTF-8 are Shift_JIS as Windows writes it (CP932).
  }
  // The sniff window may end inside a two-byte character: that one may not decode.
  const text = iconv.decode(head, "cp932");
  if ((complete ? text : text.replace(/\uFFFD$/, "")).includes("\uFFFD"))
    throw new AppError("import_encoding_unknown");
  return { encoding: "shift_jis", bom: false };
}

/** The delimiter the header line uses most, outside quotes: comma, tab or semicolon (comma on a tie). */
function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ",": 0, "\t": 0, ";": 0 };
  let quoted = false;
  for (const char of text.replace(/^\uFEFF/, "")) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && char in counts) counts[char as Delimiter]++;
  }
  const order: Delimiter[] = [",", "\t", ";"];
  return order.reduce((best, d) => (counts[d] > counts[best] ? d : best), ",");
}

const ICONV_NAME: Record<Encoding, string> = { "utf-8": "utf8", shift_jis: "cp932", "utf-16le": "utf16le" };

/**
 * Decodes bytes to text and refuses what a decoder cannot read (U+FFFD) or a BOM after the start,
 * naming the line. Counts lines so the errors can.
 */
function decoder(encoding: Encoding): Transform {
  const decode = iconv.getDecoder(ICONV_NAME[encoding], { stripBOM: true });
  let line = 1;
  const check = (text: string) => {
    const bad = text.indexOf("\uFFFD");
    const bom = text.indexOf("\uFEFF");
    const lineAt = (index: number) => line + (text.slice(0, index).match(/\n/g)?.length ?? 0);
    if (bad >= 0 && (bom < 0 || bad < bom))
      throw new AppError("import_encoding_mismatch", { line: lineAt(bad), encoding });
    if (bom >= 0) throw new AppError("import_bom_in_middle", { line: lineAt(bom) });
    line += text.match(/\n/g)?.length ?? 0;
  };
  return new Transform({
    decodeStrings: true,
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, callback) {
      try {
        const text = decode.write(chunk);
        check(text);
        callback(null, text);
      } catch (error) {
        callback(error as Error);
      }
    },
    flush(callback) {
      try {
        const text = decode.end() ?? "";
        check(text);
        callback(null, text);
      } catch (error) {
        callback(error as Error);
      }
    },
  });
}

/** csv-parse's codes for a quote out of place (some carry the CSV_ prefix, some do not). */
const QUOTE_ERRORS = new Set([
  "CSV_QUOTE_NOT_CLOSED",
  "CSV_INVALID_CLOSING_QUOTE",
  "INVALID_OPENING_QUOTE",
  "CSV_INVALID_OPENING_QUOTE",
  "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE",
]);

/** Maps csv-parse's errors to the refusals people read; `overcount` corrects its line count (see csvRows). */
function csvError(error: unknown, overcount: number): unknown {
  if (error instanceof AppError) return error;
  const e = error as { code?: string; lines?: number; message?: string };
  const line = (e.lines ?? 0) - overcount;
  if (e.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH") {
    const m = /expect (\d+), got (\d+)/.exec(e.message ?? "");
    return new AppError("import_ragged_row", { line, expected: m?.[1] ?? "?", actual: m?.[2] ?? "?" });
  }
  if (e.code && QUOTE_ERRORS.has(e.code)) return new AppError("import_unbalanced_quote", { line });
  return error;
}

async function* csvRows(path: string, shape: FileShape, maxRows: number): AsyncGenerator<FileRow> {
  const parser = parse({
    delimiter: shape.delimiter ?? ",",
    info: true,
    skip_empty_lines: true,
    // No cast and no trim: values stay text exactly as written (=SUM(A1) included).
  });
  const done = pipeline(createReadStream(path), decoder(shape.encoding ?? "utf-8"), parser);
  // The pipeline's error is the one to report; the parser's iterator rethrows it too.
  done.catch(() => {});
  let count = 0;
  // csv-parse's info.lines is the line a record ends on, but it counts a CR LF inside a quoted
  // value as two lines: subtract what it over-counted so far, and the record's own line breaks.
  let overcount = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (++count > maxRows) throw new AppError("import_too_many_rows", { limit: maxRows });
      let counted = 0;
      let crlf = 0;
      for (const cell of record) {
        const breaks = cell.match(/\r\n|\r|\n/g) ?? [];
        counted += breaks.reduce((n, b) => n + b.length, 0);
        crlf += breaks.filter((b) => b === "\r\n").length;
      }
      yield { line: info.lines - counted - overcount, cells: record };
      overcount += crlf;
    }
    await done;
  } catch (error) {
    throw csvError(error, overcount);
  } finally {
    parser.destroy();
  }
}

type CellValue = ExcelJS.CellValue;

/** A cell as text: formulas as their formula (=SUM(A1:A3)), dates as YYYY-MM-DD[ HH:mm:ss]. */
function cellText(value: CellValue): string {
  if (value == null) return "";
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
  }
  if (typeof value !== "object") return String(value);
  if ("formula" in value && value.formula) return `=${value.formula}`;
  if ("sharedFormula" in value && value.sharedFormula) return `=${value.sharedFormula}`;
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("hyperlink" in value) return cellText(value.text as CellValue);
  if ("error" in value) return String(value.error);
  return "";
}

async function* xlsxRows(path: string, sheet: string | undefined, maxRows: number): AsyncGenerator<FileRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: "emit",
    sharedStrings: "cache",
    hyperlinks: "ignore",
    // Styles tell a date from a number.
    styles: "cache",
    entries: "ignore",
  });
  let width = 0;
  let count = 0;
  let found = false;
  try {
    for await (const worksheet of workbook) {
      const name = (worksheet as unknown as { name?: string }).name;
      if (sheet !== undefined && name !== sheet) continue;
      found = true;
      for await (const row of worksheet) {
        const values = (row.values as CellValue[]).slice(1).map(cellText);
        while (values.length > 0 && values[values.length - 1] === "") values.pop();
        if (values.length === 0) continue;
        if (++count > maxRows) throw new AppError("import_too_many_rows", { limit: maxRows });
        if (count === 1) width = values.length;
        else if (values.length > width) {
          throw new AppError("import_ragged_row", {
            line: row.number,
            expected: width,
            actual: values.length,
          });
        }
        while (values.length < width) values.push("");
        yield { line: row.number, cells: values };
      }
      break;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("import_file_binary", { kind: "ZIP" });
  }
  if (!found) throw new AppError("import_sheet_not_found", { sheet: sheet ?? "" });
}

async function inspect(path: string, options: ReadOptions): Promise<FileShape> {
  const { head, size } = await sniff(path, options.maxBytes ?? MAX_BYTES);
  if (startsWith(head, ZIP)) return { format: "xlsx", encoding: null, bom: false, delimiter: null };
  const magic = MAGIC.find((m) => startsWith(head, m.bytes));
  if (magic) throw new AppError("import_file_binary", { kind: magic.kind });
  const detected = detectEncoding(head, head.length === size);
  const encoding = options.encoding ?? detected.encoding;
  const text = iconv.decode(head, ICONV_NAME[encoding]);
  return { format: "csv", encoding, bom: detected.bom, delimiter: detectDelimiter(text) };
}

/** Every row of the file, the header first (line 1). Throws an AppError for a file it refuses. */
export async function* readRows(path: string, options: ReadOptions = {}): AsyncGenerator<FileRow> {
  const shape = await inspect(path, options);
  const maxRows = options.maxRows ?? MAX_ROWS;
  if (shape.format === "xlsx") yield* xlsxRows(path, options.sheet, maxRows);
  else yield* csvRows(path, shape, maxRows);
}

/** What the upload step shows: the detected encoding and delimiter, the headers and the first n rows decoded. */
export async function preview(path: string, n: number, options: ReadOptions = {}) {
  const shape = await inspect(path, options);
  const rows: FileRow[] = [];
  let headers: string[] = [];
  for await (const row of readRows(path, options)) {
    if (headers.length === 0) headers = row.cells;
    else rows.push(row);
    if (rows.length >= n) break;
  }
  if (headers.length === 0) throw new AppError("import_file_empty");
  return { ...shape, headers, rows };
}
