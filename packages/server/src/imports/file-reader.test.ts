import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../http/app-error.ts";
import { preview, readRows } from "./file-reader.ts";

let dir: string;
let seq = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tasuki-import-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(content: Buffer | string): Promise<string> {
  const path = join(dir, `f${seq++}`);
  await writeFile(path, content);
  return path;
}

async function all(path: string, options?: Parameters<typeof readRows>[1]) {
  const rows = [];
  for await (const row of readRows(path, options)) rows.push(row);
  return rows;
}

async function refusal(
  promise: Promise<unknown>,
): Promise<{ code: string; params: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    return { code: e.code, params: e.params };
  }
  throw new Error("expected the file to be refused");
}

const csv =
  "会社名,氏名,メールアドレス\n株式会社髙﨑製作所,山田 太郎,taro@example.co.jp\n(株)テスト〜～,佐藤 花子,hanako@example.jp\n";

describe("encodings", () => {
  it("UTF-8 without BOM", async () => {
    const result = await preview(await file(csv), 10);
    expect(result).toMatchObject({ format: "csv", encoding: "utf-8", bom: false, delimiter: "," });
    expect(result.headers).toEqual(["会社名", "氏名", "メールアドレス"]);
    expect(result.rows[0]).toEqual({
      line: 2,
      cells: ["株式会社髙﨑製作所", "山田 太郎", "taro@example.co.jp"],
    });
  });

  it("UTF-8 with BOM: the BOM is not part of the first header", async () => {
    const result = await preview(await file(`\uFEFF${csv}`), 10);
    expect(result).toMatchObject({ encoding: "utf-8", bom: true });
    expect(result.headers[0]).toBe("会社名");
  });

  it("Shift_JIS (CP932) with NEC/IBM extension kanji 髙 﨑 ① and 〜 written by Windows as ～", async () => {
    const bytes = iconv.encode(csv.replace("〜", "～").replace("山田", "山田①"), "cp932");
    // 0x81 0x60 is what Windows writes for a wave dash; it must read as ～ and write back the same bytes.
    expect(bytes.includes(Buffer.from([0x81, 0x60]))).toBe(true);
    const result = await preview(await file(bytes), 10);
    expect(result).toMatchObject({ encoding: "shift_jis", delimiter: "," });
    expect(result.rows.map((r) => r.cells[0])).toEqual(["株式会社髙﨑製作所", "(株)テスト～～"]);
    expect(result.rows[0]?.cells[1]).toBe("山田① 太郎");
    const roundTrip = iconv.encode(result.rows[1]?.cells[0] ?? "", "cp932");
    expect(roundTrip).toEqual(iconv.encode("(株)テスト～～", "cp932"));
    expect(roundTrip.subarray(-4)).toEqual(Buffer.from([0x81, 0x60, 0x81, 0x60]));
  });

  it("UTF-16 LE with BOM, tab-separated (Excel's Unicode text)", async () => {
    const text = csv.replaceAll(",", "\t");
    const path = await file(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "utf16le")]));
    const result = await preview(path, 1);
    expect(result).toMatchObject({ encoding: "utf-16le", bom: true, delimiter: "\t" });
    expect(result.rows).toEqual([
      { line: 2, cells: ["株式会社髙﨑製作所", "山田 太郎", "taro@example.co.jp"] },
    ]);
  });

  it("a Shift_JIS file past the sniff window is still read to the end", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `髙﨑商事${i},担当${i}`).join("\r\n");
    const rowsRead = await all(await file(iconv.encode(`会社名,氏名\r\n${rows}\r\n`, "cp932")));
    expect(rowsRead).toHaveLength(5001);
    expect(rowsRead[5000]).toEqual({ line: 5001, cells: ["髙﨑商事4999", "担当4999"] });
  });

  it("a wrong encoding choice that cannot be read is refused with its line", async () => {
    const path = await file(Buffer.concat([Buffer.from("a,b\n1,2\n"), iconv.encode("髙,﨑\n", "cp932")]));
    // Detected from the first bytes as Shift_JIS; read as UTF-8 it fails on line 3.
    expect(await refusal(all(path, { encoding: "utf-8" }))).toEqual({
      code: "import_encoding_mismatch",
      params: { line: 3, encoding: "utf-8" },
    });
  });
});

describe("delimiters and lines", () => {
  it.each([
    [",", "a,b,c\n1,2,3\n"],
    ["\t", "a\tb\tc\n1\t2\t3\n"],
    [";", "a;b;c\n1;2;3\n"],
    [",", '"a;x",b,c\n1,2,3\n'],
  ])("detects %j", async (delimiter, content) => {
    const result = await preview(await file(content), 5);
    expect(result.delimiter).toBe(delimiter);
    expect(result.rows[0]?.cells).toEqual(["1", "2", "3"]);
  });

  it("line numbers count the header as line 1 and quoted line breaks, and skip empty lines", async () => {
    const rows = await all(await file('h1,h2\r\n1,"two\r\nlines"\r\n\r\n3,4\r\n"a\r\nb\nc",x\r\n5,6\r\n'));
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5, 6, 9]);
    expect(rows[1]?.cells[1]).toBe("two\r\nlines");
  });

  it("formulas stay text", async () => {
    const rows = await all(await file("a,b\n=SUM(A1:A3),'=1+1\n"));
    expect(rows[1]?.cells).toEqual(["=SUM(A1:A3)", "'=1+1"]);
  });
});

describe("bad files are refused", () => {
  it.each([
    ["PNG", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])],
    ["JPEG", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
    ["PDF", Buffer.from("%PDF-1.7\n")],
    ["Excel 97-2003 (.xls)", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])],
    ["binary", Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02])],
  ])("%s", async (kind, bytes) => {
    expect(await refusal(preview(await file(bytes), 5))).toEqual({
      code: "import_file_binary",
      params: { kind },
    });
  });

  it("a ZIP that is not a workbook", async () => {
    expect((await refusal(preview(await file(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), 5))).code).toBe(
      "import_file_binary",
    );
  });

  it("an empty file", async () => {
    expect((await refusal(preview(await file(""), 5))).code).toBe("import_file_empty");
  });

  it("ragged rows after a quoted line break: the line is still right", async () => {
    expect((await refusal(all(await file('a,b\r\n"x\r\ny",2\r\n3,4,5\r\n')))).params.line).toBe(4);
  });

  it("ragged rows, with the line", async () => {
    expect(await refusal(all(await file("a,b\n1,2\n3,4,5\n")))).toEqual({
      code: "import_ragged_row",
      params: { line: 3, expected: "2", actual: "3" },
    });
  });

  it.each([
    ["not closed", 'a,b\n1,2\n"3,4\n5,6\n'],
    ["inside a value", 'a,b\n1,2\n3,4"x"\n'],
  ])("unbalanced quotes (%s)", async (_name, content) => {
    const { code, params } = await refusal(all(await file(content)));
    expect(code).toBe("import_unbalanced_quote");
    expect(params.line).toBeGreaterThanOrEqual(3);
  });

  it("a BOM in the middle (two files joined)", async () => {
    expect(await refusal(all(await file(`\uFEFFa,b\n1,2\n\uFEFFa,b\n3,4\n`)))).toEqual({
      code: "import_bom_in_middle",
      params: { line: 3 },
    });
  });

  it("more rows than the limit (header included)", async () => {
    const path = await file("a\n1\n2\n3\n");
    expect(await all(path, { maxRows: 4 })).toHaveLength(4);
    expect(await refusal(all(path, { maxRows: 3 }))).toEqual({
      code: "import_too_many_rows",
      params: { limit: 3 },
    });
  });

  it("a file over the size limit, before reading it", async () => {
    const path = await file("a,b\n1,2\n");
    expect(await refusal(preview(path, 5, { maxBytes: 4 }))).toEqual({
      code: "import_file_too_large",
      params: { limit: "0 MB" },
    });
  });
});

describe("XLSX", () => {
  async function workbook(): Promise<string> {
    const book = new ExcelJS.Workbook();
    const first = book.addWorksheet("名刺");
    first.addRow(["会社名", "氏名", "名刺交換日", "合計"]);
    first.addRow([
      "株式会社髙﨑製作所",
      "山田 太郎",
      new Date(Date.UTC(2026, 3, 1)),
      { formula: "SUM(1,2)", result: 3 },
    ]);
    first.addRow(["テスト〜", { richText: [{ text: "佐藤" }, { text: " 花子" }] }]);
    const second = book.addWorksheet("展示会");
    second.addRow(["会社名"]);
    second.addRow(["別シート株式会社"]);
    const path = join(dir, `book${seq++}.xlsx`);
    await book.xlsx.writeFile(path);
    return path;
  }

  it("reads the first sheet: dates as dates, formulas as text, short rows padded", async () => {
    const result = await preview(await workbook(), 10);
    expect(result).toMatchObject({ format: "xlsx", encoding: null, delimiter: null });
    expect(result.headers).toEqual(["会社名", "氏名", "名刺交換日", "合計"]);
    expect(result.rows).toEqual([
      { line: 2, cells: ["株式会社髙﨑製作所", "山田 太郎", "2026-04-01", "=SUM(1,2)"] },
      { line: 3, cells: ["テスト〜", "佐藤 花子", "", ""] },
    ]);
  });

  it("reads a named sheet, and refuses a name the workbook does not have", async () => {
    const path = await workbook();
    expect((await all(path, { sheet: "展示会" })).map((r) => r.cells)).toEqual([
      ["会社名"],
      ["別シート株式会社"],
    ]);
    expect(await refusal(all(path, { sheet: "ない" }))).toEqual({
      code: "import_sheet_not_found",
      params: { sheet: "ない" },
    });
  });
});
