CREATE OR REPLACE FUNCTION tasuki_search_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(translate(lower(normalize(value, NFKC)), 'ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロヮワヰヱヲンヴヵヶ', 'ぁあぃいぅうぇえぉおかがきぎくぐけげこごさざしじすずせぜそぞただちぢっつづてでとどなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめもゃやゅゆょよらりるれろゎわゐゑをんゔゕゖ'), '[ \t\n\r\f\v]', '', 'g')
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tasuki_search_romaji(folded text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  result text := folded;
BEGIN
  -- Without kana (names in kanji, e-mail addresses) the kana table changes nothing.
  IF result ~ '[ぁ-ゖー]' THEN
    result := replace(regexp_replace(regexp_replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(result, 'きゃ', 'kya'), 'きゅ', 'kyu'), 'きょ', 'kyo'), 'ぎゃ', 'gya'), 'ぎゅ', 'gyu'), 'ぎょ', 'gyo'), 'にゃ', 'nya'), 'にゅ', 'nyu'), 'にょ', 'nyo'), 'ひゃ', 'hya'), 'ひゅ', 'hyu'), 'ひょ', 'hyo'), 'びゃ', 'bya'), 'びゅ', 'byu'), 'びょ', 'byo'), 'ぴゃ', 'pya'), 'ぴゅ', 'pyu'), 'ぴょ', 'pyo'), 'みゃ', 'mya'), 'みゅ', 'myu'), 'みょ', 'myo'), 'りゃ', 'rya'), 'りゅ', 'ryu'), 'りょ', 'ryo'), 'しゃ', 'sha'), 'しゅ', 'shu'), 'しょ', 'sho'), 'じゃ', 'ja'), 'じゅ', 'ju'), 'じょ', 'jo'), 'ちゃ', 'cha'), 'ちゅ', 'chu'), 'ちょ', 'cho'), 'ぢゃ', 'ja'), 'ぢゅ', 'ju'), 'ぢょ', 'jo'), 'しぇ', 'she'), 'じぇ', 'je'), 'ちぇ', 'che'), 'ふぁ', 'fa'), 'ふぃ', 'fi'), 'ふぇ', 'fe'), 'ふぉ', 'fo'), 'てぃ', 'ti'), 'でぃ', 'di'), 'とぅ', 'tu'), 'どぅ', 'du'), 'うぃ', 'wi'), 'うぇ', 'we'), 'うぉ', 'wo'), 'ゔぁ', 'va'), 'ゔぃ', 'vi'), 'ゔぇ', 've'), 'ゔぉ', 'vo'), 'あ', 'a'), 'い', 'i'), 'う', 'u'), 'え', 'e'), 'お', 'o'), 'か', 'ka'), 'き', 'ki'), 'く', 'ku'), 'け', 'ke'), 'こ', 'ko'), 'が', 'ga'), 'ぎ', 'gi'), 'ぐ', 'gu'), 'げ', 'ge'), 'ご', 'go'), 'さ', 'sa'), 'し', 'shi'), 'す', 'su'), 'せ', 'se'), 'そ', 'so'), 'ざ', 'za'), 'じ', 'ji'), 'ず', 'zu'), 'ぜ', 'ze'), 'ぞ', 'zo'), 'た', 'ta'), 'ち', 'chi'), 'つ', 'tsu'), 'て', 'te'), 'と', 'to'), 'だ', 'da'), 'ぢ', 'ji'), 'づ', 'zu'), 'で', 'de'), 'ど', 'do'), 'な', 'na'), 'に', 'ni'), 'ぬ', 'nu'), 'ね', 'ne'), 'の', 'no'), 'は', 'ha'), 'ひ', 'hi'), 'ふ', 'fu'), 'へ', 'he'), 'ほ', 'ho'), 'ば', 'ba'), 'び', 'bi'), 'ぶ', 'bu'), 'べ', 'be'), 'ぼ', 'bo'), 'ぱ', 'pa'), 'ぴ', 'pi'), 'ぷ', 'pu'), 'ぺ', 'pe'), 'ぽ', 'po'), 'ま', 'ma'), 'み', 'mi'), 'む', 'mu'), 'め', 'me'), 'も', 'mo'), 'や', 'ya'), 'ゆ', 'yu'), 'よ', 'yo'), 'ら', 'ra'), 'り', 'ri'), 'る', 'ru'), 'れ', 're'), 'ろ', 'ro'), 'わ', 'wa'), 'ゐ', 'i'), 'ゑ', 'e'), 'を', 'o'), 'ん', 'n'), 'ゔ', 'vu'), 'ぁ', 'a'), 'ぃ', 'i'), 'ぅ', 'u'), 'ぇ', 'e'), 'ぉ', 'o'), 'ゃ', 'ya'), 'ゅ', 'yu'), 'ょ', 'yo'), 'ゎ', 'wa'), 'ゕ', 'ka'), 'ゖ', 'ke'), 'ー', ''), 'っ(?=ch)', 't', 'g'), 'っ([bcdfghjkmprstvwz])', '\1\1', 'g'), 'っ', '');
  END IF;
  result := translate(result, 'āīūēôâîûêōĀĪŪĒÔÂÎÛÊŌ', 'aiueoaiueoaiueoaiueo');
  IF result ~ '[a-z'']' THEN
    result := regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(result, '''', ''), 'tsu', 'tu'), 'shi', 'si'), 'chi', 'ti'), 'fu', 'hu'), 'ji', 'zi'), 'sh', 'sy'), 'ch', 'ty'), 'j', 'zy'), 'm(?=[bp])', 'n', 'g'), 'o(?:[ou]|h(?![aiueo]))+', 'o', 'g'), 'u{2,}', 'u', 'g'), 'a{2,}', 'a', 'g'), 'i{2,}', 'i', 'g'), 'e{2,}', 'e', 'g');
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
