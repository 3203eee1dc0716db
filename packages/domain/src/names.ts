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
