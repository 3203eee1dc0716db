import { readFileSync } from "node:fs";
import { foldSearchText, searchKey, searchRomaji } from "@tasuki/domain";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { searchKeyFunctionsSql } from "./search-key-sql.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

async function databaseKey(fields: (string | null)[]): Promise<string> {
  const result = (await t.database.db.execute(
    sql`select tasuki_search_key(${sql.join(
      fields.map((f) => sql`${f}::text`),
      sql`, `,
    )}) as key`,
  )) as unknown as { rows: { key: string }[] };
  return result.rows[0]!.key;
}

/** Realistic record text: kana of both widths, kanji, ASCII and full-width letters, e-mail signs, spaces. */
const piece = fc.constantFrom(
  ..."あいうえおかきくけこがさしじすたちっつてとなにはひふへほまみやゆょゃゅよらりるれろわをんーアイウカキシジタチッツトナハフマヤャュョラワンヴｱｲｳｶｷｼﾀﾁｯﾂﾄﾊﾌﾏﾔｬｭｮﾗﾜﾝｰﾞﾟ佐藤鈴木株式会社abcdefghijklmnopqrstuvwxyzABCSHOＡＢＣａｂｃ０１２.@-_'　 ōŌ".split(
    "",
  ),
);
const text = fc.array(piece, { maxLength: 16 }).map((cs) => cs.join(""));

describe("search key in the database", () => {
  it("the migration holds the functions as built from the domain's tables", () => {
    const migration = readFileSync(
      new URL("./migrations/0028_search_key_functions.sql", import.meta.url),
      "utf8",
    );
    expect(migration).toBe(searchKeyFunctionsSql());
  });

  it("computes the same key as the domain for known names", async () => {
    for (const fields of [
      ["佐藤太郎", "サトウタロウ", "T.Sato@Example.co.jp"],
      ["ABC株式会社", "ｴｰﾋﾞｰｼｰ", null, "abc.co.jp"],
      ["服部", "ハットリ", null],
      ["中條", "チュウジョウ", "Chūjō@example.jp"],
    ]) {
      expect(await databaseKey(fields)).toBe(searchKey(fields));
    }
  });

  it("computes the same key as the domain for any text (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(text), { minLength: 1, maxLength: 3 }), async (fields) => {
        expect(await databaseKey(fields)).toBe(searchKey(fields));
      }),
      { numRuns: 150 },
    );
  });

  it("the romaji of every kana in the table agrees", async () => {
    const kana =
      "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゔぁぃぅぇぉゃゅょゎっー";
    for (const c of kana) {
      for (const next of ["", "ゃ", "ゅ", "ょ", "ぁ", "ぃ", "ぇ", "ぉ", "か", "ち"]) {
        const word = `っ${c}${next}`;
        const result = (await t.database.db.execute(
          sql`select tasuki_search_romaji(tasuki_search_fold(${word})) as r`,
        )) as unknown as { rows: { r: string }[] };
        expect(result.rows[0]!.r, word).toBe(searchRomaji(foldSearchText(word)));
      }
    }
  });
});
