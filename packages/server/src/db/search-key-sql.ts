import { LONG_VOWEL_LETTERS, ROMAJI_FOLDS, ROMAJI_TABLE } from "@tasuki/domain";

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * One nested expression per table, evaluated in C without a plpgsql statement per entry (a key
 * costs microseconds, so a million rows migrate in seconds): the kana table applied in order, then
 * the small っ doubling the next consonant; the spelling folds in order.
 */
const kana = (input: string) => {
  let expression = input;
  for (const [from, to] of ROMAJI_TABLE)
    expression = `replace(${expression}, ${literal(from)}, ${literal(to)})`;
  expression = `regexp_replace(${expression}, 'っ(?=ch)', 't', 'g')`;
  expression = `regexp_replace(${expression}, 'っ([bcdfghjkmprstvwz])', '\\1\\1', 'g')`;
  return `replace(${expression}, 'っ', '')`;
};
const folds = (input: string) =>
  ROMAJI_FOLDS.reduce(
    (expression, [pattern, replacement]) =>
      // A pattern of plain letters is a literal: replace() does the same, several times faster.
      /^[a-z']+$/.test(pattern)
        ? `replace(${expression}, ${literal(pattern)}, ${literal(replacement)})`
        : `regexp_replace(${expression}, ${literal(pattern)}, ${literal(replacement)}, 'g')`,
    input,
  );

const katakana = Array.from({ length: 0x30f6 - 0x30a1 + 1 }, (_, i) => String.fromCharCode(0x30a1 + i)).join(
  "",
);
const hiragana = Array.from({ length: 0x3096 - 0x3041 + 1 }, (_, i) => String.fromCharCode(0x3041 + i)).join(
  "",
);

/**
 * The database side of the domain's search key (`searchKey` in domain/names.ts), built from the
 * same tables: the `search_text` columns of people and companies are generated with it, so every
 * writer (the API, the demo's COPY, a bulk update) stores the key the queries look for. The
 * `search_key` migration holds this text; `search-key.test.ts` checks both stay equal and that
 * the database and the domain compute the same key.
 */
export function searchKeyFunctionsSql(): string {
  return `CREATE OR REPLACE FUNCTION tasuki_search_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(translate(lower(normalize(value, NFKC)), '${katakana}', '${hiragana}'), '[ \\t\\n\\r\\f\\v]', '', 'g')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tasuki_search_romaji(folded text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  result text := folded;
BEGIN
  -- Without kana (names in kanji, e-mail addresses) the kana table changes nothing.
  IF result ~ '[ぁ-ゖー]' THEN
    result := ${kana("result")};
  END IF;
  result := translate(result, ${literal(LONG_VOWEL_LETTERS[0])}, ${literal(LONG_VOWEL_LETTERS[1])});
  IF result ~ '[a-z'']' THEN
    result := ${folds("result")};
  END IF;
  RETURN result;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tasuki_search_key(VARIADIC fields text[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  folded text[] := '{}';
  roman text[] := '{}';
  field text;
BEGIN
  FOREACH field IN ARRAY fields LOOP
    folded := folded || tasuki_search_fold(coalesce(field, ''));
  END LOOP;
  FOREACH field IN ARRAY folded LOOP
    roman := roman || tasuki_search_romaji(field);
  END LOOP;
  RETURN array_to_string(folded || roman, ' ');
END
$$;
`;
}
