/** Names in Japanese order (姓 名), with a space only when both parts exist. */
export function formatPersonName(familyName: string, givenName: string | null | undefined): string {
  return givenName ? `${familyName} ${givenName}` : familyName;
}

/**
 * フリガナ as full-width katakana: hiragana and half-width katakana become full-width katakana,
 * so that 五十音順 sorting and search see one form.
 */
export function normalizeKana(value: string): string {
  return value
    .normalize("NFKC")
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .replace(/\s+/g, " ")
    .trim();
}

/** Whether a string is katakana (with long vowel mark, middle dot and spaces) after normalising. */
export function isKatakana(value: string): boolean {
  return /^[\u30a1-\u30fa\u30fc\u30fb\u3000 ]+$/.test(normalizeKana(value));
}

/**
 * Kana to Hepburn romaji, applied in this order (two-kana sounds before single kana), on text
 * already folded to hiragana. The database's `tasuki_search_key` applies the same table in the
 * same order (migration `search_key`), so the stored key and the query always agree.
 */
export const ROMAJI_TABLE: readonly (readonly [kana: string, romaji: string])[] = [
  ...(
    [
      ["き", "ky"],
      ["ぎ", "gy"],
      ["に", "ny"],
      ["ひ", "hy"],
      ["び", "by"],
      ["ぴ", "py"],
      ["み", "my"],
      ["り", "ry"],
      ["し", "sh"],
      ["じ", "j"],
      ["ち", "ch"],
      ["ぢ", "j"],
    ] as const
  ).flatMap(([kana, head]) =>
    (
      [
        ["ゃ", "a"],
        ["ゅ", "u"],
        ["ょ", "o"],
      ] as const
    ).map(([small, vowel]) => [`${kana}${small}`, `${head}${vowel}`] as const),
  ),
  ["しぇ", "she"],
  ["じぇ", "je"],
  ["ちぇ", "che"],
  ["ふぁ", "fa"],
  ["ふぃ", "fi"],
  ["ふぇ", "fe"],
  ["ふぉ", "fo"],
  ["てぃ", "ti"],
  ["でぃ", "di"],
  ["とぅ", "tu"],
  ["どぅ", "du"],
  ["うぃ", "wi"],
  ["うぇ", "we"],
  ["うぉ", "wo"],
  ["ゔぁ", "va"],
  ["ゔぃ", "vi"],
  ["ゔぇ", "ve"],
  ["ゔぉ", "vo"],
  ...(
    [
      ["あいうえお", ["a", "i", "u", "e", "o"]],
      ["かきくけこ", ["ka", "ki", "ku", "ke", "ko"]],
      ["がぎぐげご", ["ga", "gi", "gu", "ge", "go"]],
      ["さしすせそ", ["sa", "shi", "su", "se", "so"]],
      ["ざじずぜぞ", ["za", "ji", "zu", "ze", "zo"]],
      ["たちつてと", ["ta", "chi", "tsu", "te", "to"]],
      ["だぢづでど", ["da", "ji", "zu", "de", "do"]],
      ["なにぬねの", ["na", "ni", "nu", "ne", "no"]],
      ["はひふへほ", ["ha", "hi", "fu", "he", "ho"]],
      ["ばびぶべぼ", ["ba", "bi", "bu", "be", "bo"]],
      ["ぱぴぷぺぽ", ["pa", "pi", "pu", "pe", "po"]],
      ["まみむめも", ["ma", "mi", "mu", "me", "mo"]],
      ["やゆよ", ["ya", "yu", "yo"]],
      ["らりるれろ", ["ra", "ri", "ru", "re", "ro"]],
      ["わゐゑをんゔ", ["wa", "i", "e", "o", "n", "vu"]],
      ["ぁぃぅぇぉゃゅょゎゕゖ", ["a", "i", "u", "e", "o", "ya", "yu", "yo", "wa", "ka", "ke"]],
    ] as const
  ).flatMap(([row, sounds]) => sounds.map((romaji, i) => [row[i]!, romaji] as const)),
  ["ー", ""],
];

/**
 * Spelling variants folded to one form, in this order, as regular expressions both JavaScript
 * and PostgreSQL read the same way: Hepburn and 訓令式 (shi/si, tsu/tu, ji/zi, sha/sya…),
 * m before b and p (shimbashi/shinbashi), and long vowels (satou, satoh, satoo, sato → sato).
 */
export const ROMAJI_FOLDS: readonly (readonly [pattern: string, replacement: string])[] = [
  ["'", ""],
  ["tsu", "tu"],
  ["shi", "si"],
  ["chi", "ti"],
  ["fu", "hu"],
  ["ji", "zi"],
  ["sh", "sy"],
  ["ch", "ty"],
  ["j", "zy"],
  ["m(?=[bp])", "n"],
  // Whole runs at once, so that folding a folded text changes nothing (ruuua → rua, not ruua).
  ["o(?:[ou]|h(?![aiueo]))+", "o"],
  ["u{2,}", "u"],
  ["a{2,}", "a"],
  ["i{2,}", "i"],
  ["e{2,}", "e"],
];

/** Macron and circumflex vowels (Satō, Satô) as plain vowels. */
export const LONG_VOWEL_LETTERS = ["āīūēôâîûêōĀĪŪĒÔÂÎÛÊŌ", "aiueoaiueoaiueoaiueo"] as const;

/**
 * Text as search compares it: NFKC (full-width ＡＢＣ and half-width ｻﾄｳ become ABC and サトウ),
 * lower case, katakana as hiragana, without spaces.
 */
export function foldSearchText(value: string): string {
  return value
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/[ \t\n\r\f\v]/g, "");
}

/** Hiragana (from `foldSearchText`) as folded romaji; anything else is kept as it is. */
export function searchRomaji(folded: string): string {
  let text = folded;
  for (const [kana, romaji] of ROMAJI_TABLE) text = text.replaceAll(kana, romaji);
  text = text
    .replace(/っ(?=ch)/g, "t")
    .replace(/っ([bcdfghjkmprstvwz])/g, "$1$1")
    .replaceAll("っ", "");
  const [accented, plain] = LONG_VOWEL_LETTERS;
  text = text.replace(new RegExp(`[${accented}]`, "g"), (c) => plain[accented.indexOf(c)]!);
  for (const [pattern, replacement] of ROMAJI_FOLDS)
    text = text.replace(new RegExp(pattern, "g"), replacement);
  return text;
}

/**
 * The stored search key of a record: each field folded (`foldSearchText`), then each field as
 * folded romaji, separated by spaces (which a query never contains). さとう, サトウ, ｻﾄｳ, sato,
 * satou and satoh all find a person whose フリガナ is サトウ.
 */
export function searchKey(fields: readonly (string | null | undefined)[]): string {
  const folded = fields.map((field) => foldSearchText(field ?? ""));
  return [...folded, ...folded.map(searchRomaji)].join(" ");
}

/**
 * What a search looks for in `searchKey`: kana text as hiragana, anything else (romaji, ABC,
 * kanji, e-mail) as folded romaji. Empty when the query has nothing to look for.
 */
export function searchQuery(query: string): string {
  const folded = foldSearchText(query);
  return /[\u3041-\u3096\u30fc]/.test(folded) ? folded : searchRomaji(folded);
}
