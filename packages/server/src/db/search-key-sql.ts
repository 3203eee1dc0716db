import { LONG_VOWEL_LETTERS, ROMAJI_FOLDS, ROMAJI_TABLE } from "@tasuki/domain";

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const pairs = (rows: readonly (readonly [string, string])[]) =>
  `ARRAY[${rows.map(([a, b]) => `[${literal(a)}, ${literal(b)}]`).join(", ")}]::text[]`;

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
  pair text[];
BEGIN
  FOREACH pair SLICE 1 IN ARRAY ${pairs(ROMAJI_TABLE)} LOOP
    result := replace(result, pair[1], pair[2]);
  END LOOP;
  result := regexp_replace(result, 'っ(?=ch)', 't', 'g');
  result := regexp_replace(result, 'っ([bcdfghjkmprstvwz])', '\\1\\1', 'g');
  result := replace(result, 'っ', '');
  result := translate(result, ${literal(LONG_VOWEL_LETTERS[0])}, ${literal(LONG_VOWEL_LETTERS[1])});
  FOREACH pair SLICE 1 IN ARRAY ${pairs(ROMAJI_FOLDS)} LOOP
    result := regexp_replace(result, pair[1], pair[2], 'g');
  END LOOP;
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
